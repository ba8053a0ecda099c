import { formatNumber } from "./csv.js";
import type { AnalysisSummary } from "./summary.js";

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const nm = (x: number | null) => (x === null ? "–" : formatNumber(Number(x.toFixed(2))));

/** Left-aligned text table with a header rule. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * The printed summary: one row per class with count, share of all particles with its Wilson 95 % interval,
 * the share expected from the class probabilities (with a model), and equivalent-diameter statistics
 * (mean ± sd, median) in nm.
 */
export function summaryTable(summary: AnalysisSummary): string {
  const withExpected = summary.expected.length > 0;
  const expected = (label: string) => {
    const e = summary.expected.find((x) => x.label === label);
    return e ? `${pct(e.fraction)} (${pct(e.ci95[0])} – ${pct(e.ci95[1])})` : "";
  };
  const rows = summary.classes.map((c) => {
    const s = summary.sizes.byClass[c.label].ecdNm;
    return [
      c.label,
      String(c.count),
      pct(c.fraction),
      `${pct(c.ci95[0])} – ${pct(c.ci95[1])}`,
      ...(withExpected ? [expected(c.label)] : []),
      s.mean === null ? "–" : `${nm(s.mean)} ± ${nm(s.sd)}`,
      nm(s.median),
    ];
  });
  const all = summary.sizes.all.ecdNm;
  rows.push([
    "all",
    String(summary.particles),
    summary.particles > 0 ? "100.0 %" : "–",
    "",
    ...(withExpected ? [""] : []),
    all.mean === null ? "–" : `${nm(all.mean)} ± ${nm(all.sd)}`,
    nm(all.median),
  ]);
  return textTable(
    [
      "class",
      "count",
      "fraction",
      "95 % CI (Wilson)",
      ...(withExpected ? ["from probabilities (95 % CI)"] : []),
      "ECD mean ± sd [nm]",
      "ECD median [nm]",
    ],
    rows,
  );
}
