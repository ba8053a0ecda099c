import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { defaultSegmentationModelDir, loadSegmentationModel } from "../../classify/segmentation/index.js";
import { runCli } from "../../cli/__tests__/runCli.js";
import { Rng } from "../../core/index.js";
import { simulateField, writeField } from "../../dataset/index.js";
import { analyzeMicrograph } from "../analyzeMicrograph.js";
import { scoreDetections } from "../evaluate.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-net-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small multislice field (its own seed, not in any training set), coarse simulation for speed. */
const field = simulateField(
  {
    sizePx: 384,
    pixelSizeNm: 0.03,
    particles: 5,
    diameterRangeNm: [1.5, 3.5],
    touchingFraction: 0,
    borderFraction: 0,
    supportPatches: 1,
    maxSamplingNm: 0.025,
    focalPoints: 3,
  },
  new Rng("net-detector-test"),
);

describe("analyze --detector net (shipped segmentation model)", () => {
  test("the shipped model exists and finds the particles of a simulated field", async () => {
    expect(existsSync(join(defaultSegmentationModelDir(), "model.json"))).toBe(true);
    const segmentation = await loadSegmentationModel();
    try {
      const analysis = await analyzeMicrograph(field.image, "field", { model: null, segmentation });
      const truth = { labels: field.instances, width: 384, height: 384, count: field.particles.length };
      const score = scoreDetections(truth, analysis.labels);
      expect(field.particles.length).toBeGreaterThanOrEqual(4);
      expect(score.falseNegatives).toBeLessThanOrEqual(1);
      expect(score.falsePositives).toBeLessThanOrEqual(1);
    } finally {
      segmentation.network.dispose();
    }
  }, 60_000);

  test("end to end through the CLI: one row per particle, within one of the truth", () => {
    const image = join(dir, "field.tif");
    writeField(image, field);
    const out = join(dir, "out");
    const result = runCli(["analyze", image, "--out", out, "--detector", "net"]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const rows = readFileSync(join(out, "particles.csv"), "utf8").trim().split("\n").slice(1);
    expect(Math.abs(rows.length - field.particles.length)).toBeLessThanOrEqual(1);
  }, 60_000);
});
