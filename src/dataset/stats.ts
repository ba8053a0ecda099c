import { SPLITS } from "./classes.js";
import { sampleLabels } from "./finalize.js";
import { readManifest } from "./manifest.js";

/** Range of one numeric parameter over a dataset. */
export interface NumericStats {
  min: number;
  max: number;
  mean: number;
  count: number;
}

/** What `nanocryst dataset stats` prints. */
export interface DatasetStats {
  samples: number;
  /** split → class → count. */
  counts: Record<string, Record<string, number>>;
  /** "class / subtype / support" → count. */
  subtypes: Record<string, number>;
  numeric: Record<string, NumericStats>;
  /** Non-numeric parameters: value → count. */
  categorical: Record<string, Record<string, number>>;
  /** The same as readable text. */
  text: string;
}

/** Counts per split and class, per subtype and support, and the range of every drawn parameter. */
export function datasetStats(dir: string): DatasetStats {
  const rows = readManifest(dir);
  const counts: Record<string, Record<string, number>> = {};
  const labels = sampleLabels(rows);
  for (const s of SPLITS) counts[s] = Object.fromEntries(labels.map((c) => [c, 0]));
  const subtypes: Record<string, number> = {};
  const numeric: Record<string, NumericStats> = {};
  const categorical: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    counts[r.split][r.label]++;
    const key = `${r.label} / ${r.subtype} / ${r.support}`;
    subtypes[key] = (subtypes[key] ?? 0) + 1;
    for (const [name, value] of Object.entries(r.params)) {
      if (typeof value === "number") {
        numeric[name] ??= { min: Infinity, max: -Infinity, mean: 0, count: 0 };
        const s = numeric[name];
        s.min = Math.min(s.min, value);
        s.max = Math.max(s.max, value);
        s.mean += (value - s.mean) / ++s.count;
      } else {
        categorical[name] ??= {};
        const c = categorical[name];
        c[String(value)] = (c[String(value)] ?? 0) + 1;
      }
    }
  }
  const lines = [
    `${dir}: ${rows.length} samples`,
    "",
    `split      ${labels.map((c) => c.padStart(16)).join("")}`,
  ];
  for (const s of SPLITS)
    lines.push(`${s.padEnd(10)} ${labels.map((c) => String(counts[s][c]).padStart(16)).join("")}`);
  lines.push("", "class / subtype / support:");
  for (const k of Object.keys(subtypes).sort()) lines.push(`  ${k}: ${subtypes[k]}`);
  lines.push("", "parameter: min … max (mean, n):");
  for (const k of Object.keys(numeric).sort()) {
    const s = numeric[k];
    lines.push(`  ${k}: ${fmt(s.min)} … ${fmt(s.max)} (${fmt(s.mean)}, ${s.count})`);
  }
  for (const k of Object.keys(categorical).sort()) {
    const values = Object.entries(categorical[k])
      .sort()
      .map(([v, n]) => `${v} ${n}`);
    lines.push(`  ${k}: ${values.join(", ")}`);
  }
  return { samples: rows.length, counts, subtypes, numeric, categorical, text: `${lines.join("\n")}\n` };
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v * 100) / 100) : v.toPrecision(4);
}
