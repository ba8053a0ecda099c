import { describe, expect, test } from "vitest";
import { Rng } from "../../core/index.js";
import { measureRegions } from "../../segment/index.js";
import { analyzeMicrograph } from "../analyzeMicrograph.js";
import { scoreDetections } from "../evaluate.js";
import { simulateField } from "../../dataset/index.js";

describe("simulated full field, end to end", () => {
  test("multislice particles on a tiled support: every interior particle found once, ECD within 10 percent", async () => {
    const field = simulateField(
      {
        sizePx: 256,
        pixelSizeNm: 0.03,
        particles: 3,
        diameterRangeNm: [1.5, 2.2],
        touchingFraction: 0,
        borderFraction: 0,
        supportPatches: 1,
        maxSamplingNm: 0.025,
        focalPoints: 3,
      },
      new Rng("field-test"),
    );
    expect(field.particles.length).toBe(3);
    for (const p of field.particles) {
      expect(["amorphous", "monocrystalline", "polycrystalline"]).toContain(p.crystallinity);
      expect(p.ecdNm).toBeGreaterThan(1);
      expect(p.ecdNm).toBeLessThan(3);
    }
    const analysis = await analyzeMicrograph(field.image, "field", { model: null });
    const truth = { labels: field.instances, width: 256, height: 256, count: field.particles.length };
    const score = scoreDetections(truth, analysis.labels);
    expect([score.truePositives, score.falsePositives, score.falseNegatives]).toEqual([3, 0, 0]);
    const detected = measureRegions(analysis.labels, 0.03);
    for (const m of score.matches) {
      expect(Math.abs(detected[m.detected - 1].ecdNm / field.particles[m.truth - 1].ecdNm - 1)).toBeLessThan(
        0.1,
      );
    }
    expect(analysis.particles.every((p) => p.classLabel === "unclassified")).toBe(true);
  });
});

describe("support without particles", () => {
  test("a simulated field of bare amorphous carbon yields no particle (contrast-ratio rule)", async () => {
    const field = simulateField(
      {
        sizePx: 256,
        pixelSizeNm: 0.03,
        particles: 0,
        supportPatches: 2,
        maxSamplingNm: 0.025,
        focalPoints: 3,
      },
      new Rng("bare-support"),
    );
    const analysis = await analyzeMicrograph(field.image, "bare", { model: null });
    expect(analysis.particles).toHaveLength(0);
  });
});

describe("detection score", () => {
  test("IoU matching counts a split particle as one hit and one false positive, and ignores border truth", () => {
    const truth = { labels: new Int32Array([1, 1, 1, 1, 0, 2, 2, 0, 3]), width: 9, height: 1, count: 3 };
    const found = { labels: new Int32Array([1, 1, 1, 2, 0, 0, 0, 0, 3]), width: 9, height: 1, count: 3 };
    const score = scoreDetections(truth, found, new Set([3]));
    expect([score.truePositives, score.falsePositives, score.falseNegatives]).toEqual([1, 1, 1]);
    expect(score.matches[0]).toEqual({ truth: 1, detected: 1, iou: 0.75 });
    expect(score.f1).toBeCloseTo(0.5, 12);
  });
});
