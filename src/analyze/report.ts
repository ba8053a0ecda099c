import { encode } from "fast-png";
import type { ParticleColumn } from "./columns.js";
import { formatNumber } from "./csv.js";
import type { ParticleReport } from "./particleReport.js";
import type { Distribution } from "./statistics.js";
import type { AnalysisSummary } from "./summary.js";
import type { RgbaCanvas } from "./text.js";

/** Overlays wider than this are shrunk (box average) before being embedded in the page [px]. */
const EMBED_WIDTH_PX = 1200;

/** One micrograph's part of the report. */
export interface ReportMicrograph {
  file: string;
  /** The overlay as a data URL (see `overlayDataUrl`). */
  overlayUrl: string;
  particles: readonly ParticleReport[];
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The overlay as a base64 PNG data URL, shrunk by an integer factor to at most EMBED_WIDTH_PX wide. */
export function overlayDataUrl(canvas: RgbaCanvas): string {
  const f = Math.max(1, Math.ceil(canvas.width / EMBED_WIDTH_PX));
  const w = Math.floor(canvas.width / f);
  const h = Math.floor(canvas.height / f);
  const small = new Uint8Array(w * h * 4);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dj = 0; dj < f; dj++) {
          for (let di = 0; di < f; di++)
            sum += canvas.rgba[4 * ((j * f + dj) * canvas.width + i * f + di) + c];
        }
        small[4 * (j * w + i) + c] = Math.round(sum / (f * f));
      }
    }
  }
  const png = encode({ width: w, height: h, data: small, depth: 8, channels: 4 });
  return `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
}

const num = (x: number | null, digits = 2) => (x === null ? "–" : formatNumber(Number(x.toFixed(digits))));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

function distributionRow(name: string, d: Distribution, digits = 2): string[] {
  return [
    name,
    String(d.count),
    num(d.mean, digits),
    num(d.sd, digits),
    num(d.median, digits),
    num(d.q1, digits),
    num(d.q3, digits),
    num(d.min, digits),
    num(d.max, digits),
  ];
}

/**
 * `report.html`: one self-contained page (inline CSS, SVG and base64 PNG; no external files) with the
 * sample summary, class fractions with Wilson 95 % intervals, size statistics per class, the size histogram,
 * and per micrograph its overlay and particle table.
 */
export function reportHtml(
  summary: AnalysisSummary,
  micrographs: readonly ReportMicrograph[],
  histogram: string,
  columns: readonly ParticleColumn[],
): string {
  const shares = (list: AnalysisSummary["classes"]) =>
    table(
      ["class", "count", "fraction", "95 % CI (Wilson)"],
      list.map((c) => [c.label, String(c.count), pct(c.fraction), `${pct(c.ci95[0])} – ${pct(c.ci95[1])}`]),
    );
  const statsHeader = ["group", "n", "mean", "sd", "median", "q1", "q3", "min", "max"];
  const groups = [["all", summary.sizes.all] as const, ...Object.entries(summary.sizes.byClass)];
  const classifier = summary.classifier.model
    ? `model <code>${esc(summary.classifier.model)}</code>, omission threshold ${summary.classifier.threshold}`
    : "no classifier model: particles detected and measured only (label <code>unclassified</code>)";
  const shown = columns.filter(
    (c) => !["file", "pixel_size_nm", "bbox_width_px", "bbox_height_px"].includes(c.name),
  );
  const perMicrograph = micrographs.map(
    (m) => `<section><h2>${esc(m.file)} — ${m.particles.length} particles</h2>
<img src="${m.overlayUrl}" alt="overlay of ${esc(m.file)}">
<details><summary>particle table</summary>${table(
      shown.map((c) => (c.unit ? `${c.name} [${c.unit}]` : c.name)),
      m.particles.map((p) =>
        shown.map((c) => {
          const v = c.value(p);
          return v === null ? "" : typeof v === "number" ? num(v, 3) : v;
        }),
      ),
    )}</details></section>`,
  );
  const failed = summary.failed.length
    ? `<section><h2>Not analysed</h2><ul>${summary.failed.map((f) => `<li><code>${esc(f.file)}</code>: ${esc(f.error)}</li>`).join("")}</ul></section>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nanocryst analysis</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:1300px;color:#222}
table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}img{max-width:100%;image-rendering:pixelated}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}code{background:#f3f3f3;padding:0 3px}
</style></head><body>
<h1>nanocryst analysis: ${summary.particles} particles in ${summary.micrographs.length} micrograph(s)</h1>
<p>${classifier}.</p>
<h2>Class fractions (all particles)</h2>${shares(summary.classes)}
${summary.assigned.length ? `<h2>Class fractions (particles with a class decision)</h2>${shares(summary.assigned)}` : ""}
${
  summary.expected.length
    ? `<h2>Class fractions from the class probabilities (mean over all particles)</h2>${table(
        ["class", "fraction", "95 % CI"],
        summary.expected.map((e) => [e.label, pct(e.fraction), `${pct(e.ci95[0])} – ${pct(e.ci95[1])}`]),
      )}`
    : ""
}
<h2>Equivalent circular diameter [nm]</h2>${table(
    statsHeader,
    groups.map(([g, s]) => distributionRow(g, s.ecdNm)),
  )}
<h2>Maximum Feret diameter [nm]</h2>${table(
    statsHeader,
    groups.map(([g, s]) => distributionRow(g, s.feretMaxNm)),
  )}
<h2>Circularity</h2>${table(
    statsHeader,
    groups.map(([g, s]) => distributionRow(g, s.circularity, 3)),
  )}
<h2>Size distribution by class</h2>${histogram}
${perMicrograph.join("\n")}
${failed}
</body></html>
`;
}
