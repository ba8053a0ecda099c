import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode as decodePng } from "fast-png";
import { afterAll, describe, expect, test } from "vitest";
import { inputError } from "../../core/index.js";
import { runAnalysis } from "../runAnalysis.js";
import type { AnalysisSummary } from "../summary.js";
import { discField, FIVE_DISCS } from "./synthetic.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-analyze-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("runAnalysis over several micrographs", () => {
  test("a damaged file is recorded and skipped; the good ones are analysed and written", async () => {
    const good = discField(FIVE_DISCS, 200, 0.03, "run");
    const progress: string[] = [];
    const { summary, outputs } = await runAnalysis(["a/good.tif", "bad.tif", "b/good.tif"], {
      outDir: dir,
      model: null,
      modelName: null,
      feature: "intensity",
      read: async (path) => {
        if (path === "bad.tif") throw inputError("not a TIFF", path);
        return good;
      },
      onProgress: (e) =>
        progress.push(`${e.index}/${e.total} ${e.file} ${"error" in e.result ? "failed" : "ok"}`),
    });
    expect(progress).toEqual(["1/3 a/good.tif ok", "2/3 bad.tif failed", "3/3 b/good.tif ok"]);
    expect(summary.failed).toEqual([{ file: "bad.tif", error: "not a TIFF" }]);
    expect(summary.particles).toBe(2 * FIVE_DISCS.length);
    expect(summary.classes).toEqual([
      {
        label: "unclassified",
        count: 10,
        fraction: 1,
        ci95: [expect.closeTo(0.7225, 3), expect.closeTo(1, 9)],
      },
    ]);
    for (const name of ["good", "good-2"]) {
      for (const f of ["overlay.png", "labels.png", "particles.csv"])
        expect(existsSync(join(dir, name, f))).toBe(true);
    }
    const labels = decodePng(readFileSync(join(dir, "good", "labels.png")));
    expect(labels.depth).toBe(16);
    expect(Math.max(...labels.data)).toBe(FIVE_DISCS.length);
    const csv = readFileSync(outputs.csv, "utf8").trim().split("\n");
    expect(csv).toHaveLength(1 + 10);
    const json = JSON.parse(readFileSync(outputs.summary, "utf8")) as AnalysisSummary;
    expect(json.sizes.all.ecdNm.count).toBe(10);
    const html = readFileSync(outputs.report, "utf8");
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(2);
    expect(html).toContain("<svg");
    expect(html).toContain("bad.tif");
    expect(existsSync(outputs.xlsx)).toBe(true);
  });

  test("pixels without data (NaN) are filled, particles they cut are dropped, a frame with no data fails", async () => {
    const image = discField(FIVE_DISCS, 200, 0.03, "no-data");
    // a drift-corrected frame: no data left of column 30, which cuts the disc at x = 40 (r = 16)
    const data = image.data.map((v, i) => (i % 200 < 30 ? Number.NaN : v));
    const { summary } = await runAnalysis(["cut.tif", "dead.tif"], {
      outDir: join(dir, "no-data"),
      model: null,
      modelName: null,
      feature: "intensity",
      read: async (path) =>
        path === "dead.tif" ? { ...image, data: data.map(() => Number.NaN) } : { ...image, data },
    });
    expect(summary.particles).toBe(FIVE_DISCS.length - 1);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].file).toBe("dead.tif");
    expect(summary.failed[0].error).toContain("finite");
    const csv = readFileSync(join(dir, "no-data", "cut", "particles.csv"), "utf8");
    expect(csv).not.toContain("NaN");
  });

  test("the same micrograph and settings give byte-identical outputs", async () => {
    const image = discField(FIVE_DISCS, 200, 0.03, "same-bytes");
    const run = (out: string) =>
      runAnalysis(["x.tif"], {
        outDir: join(dir, out),
        model: null,
        modelName: null,
        feature: "intensity",
        read: async () => image,
      });
    await run("first");
    await run("second");
    for (const f of [
      "particles.csv",
      "particles.xlsx",
      "summary.json",
      "ecd_histogram.svg",
      "report.html",
      "x/labels.png",
      "x/overlay.png",
    ]) {
      expect(readFileSync(join(dir, "second", f)).equals(readFileSync(join(dir, "first", f)))).toBe(true);
    }
  });
});
