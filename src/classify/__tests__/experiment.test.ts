import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/__tests__/runCli.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-experiment-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SplitResult {
  classes: string[];
  count: number;
  accuracy: number;
  perClass: { class: string; precision: number | null; recall: number | null; support: number }[];
  confusion: number[][];
}

/** Accuracy, recall and support must follow from the confusion matrix (rows = truth). */
function expectConsistent(r: SplitResult): void {
  const total = r.confusion.flat().reduce((s, v) => s + v, 0);
  expect(total).toBe(r.count);
  const diagonal = r.confusion.reduce((s, row, i) => s + row[i], 0);
  expect(r.accuracy).toBeCloseTo(diagonal / total, 12);
  r.perClass.forEach((c, i) => {
    const support = r.confusion[i].reduce((s, v) => s + v, 0);
    expect(c.support).toBe(support);
    if (support > 0) expect(c.recall).toBeCloseTo(r.confusion[i][i] / support, 12);
  });
}

describe("nanocryst experiment paper (CI scale)", () => {
  it("generates the four Table 5 sets and the common set, trains five networks, prints Tables 1–4", () => {
    const out = join(dir, "paper");
    const result = runCli([
      "experiment",
      "paper",
      "--scale",
      "0.003",
      "--epochs",
      "1",
      "--grid",
      "128",
      "--out",
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    for (const set of ["pattern", "simulation-c", "simulation-c-si", "poly", "common-realistic"])
      expect(existsSync(join(out, "data", set, "dataset.json")), set).toBe(true);
    const tables = readFileSync(join(out, "tables.md"), "utf8");
    for (const [n, name] of [
      [1, "Pattern"],
      [2, "SimulationC"],
      [3, "SimulationC+Si"],
      [4, "Poly"],
    ])
      expect(tables).toContain(`Table ${n}: network trained on ${name};`);
    expect(result.stdout).toContain("Table 4");

    const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8")) as {
      table: number;
      classes: number;
      own: SplitResult;
      common: SplitResult;
    }[];
    // Pattern is trained for both schemes (Table 1); the others as in the paper.
    expect(results.map((r) => [r.table, r.classes])).toEqual([
      [1, 2],
      [1, 3],
      [2, 2],
      [3, 2],
      [4, 3],
    ]);
    const commonCounts = new Set(results.map((r) => r.common.count));
    expect(commonCounts.size).toBe(1);
    for (const r of results) {
      expect(r.own.classes).toHaveLength(r.classes);
      expectConsistent(r.own);
      expectConsistent(r.common);
    }
  }, 180_000);
});
