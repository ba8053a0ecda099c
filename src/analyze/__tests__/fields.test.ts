import { describe, expect, test } from "vitest";
import { Rng } from "../../core/index.js";
import { measureRegions } from "../../segment/index.js";
import { analyzeMicrograph } from "../analyzeMicrograph.js";
import { scoreDetections } from "../evaluate.js";
import { choosePlace, simulateField } from "../../dataset/index.js";

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

describe("placing particles in a field", () => {
  test("a touching placement lies within 2 px of its partner without overlapping it", () => {
    const size = 200;
    const instances = new Int32Array(size * size);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) if ((x - 100) ** 2 + (y - 100) ** 2 <= 400) instances[y * size + x] = 1;
    const w = 60;
    const mask = new Uint8Array(w * w);
    for (let y = 0; y < w; y++)
      for (let x = 0; x < w; x++) if ((x - 30) ** 2 + (y - 30) ** 2 <= 225) mask[y * w + x] = 1;
    const partner = { id: 1, touchesBorder: false } as Parameters<typeof choosePlace>[3][number];
    for (let k = 0; k < 5; k++) {
      const spot = choosePlace(
        { mask, width: w, height: w },
        instances,
        size,
        [partner],
        new Rng(["touch", k]),
        {
          touching: true,
          border: false,
          gapPx: 10,
        },
      );
      expect(spot?.touching).toBe(true);
      let gap = Infinity;
      for (let p = 0; p < mask.length; p++) {
        if (!mask[p]) continue;
        const x = spot!.column + (p % w);
        const y = spot!.row + Math.floor(p / w);
        expect(instances[y * size + x]).toBe(0);
        gap = Math.min(gap, Math.hypot(x - 100, y - 100) - 20);
      }
      expect(gap).toBeLessThan(2.5);
    }
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
