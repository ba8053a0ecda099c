import { describe, expect, it } from "vitest";
import { measureRegions } from "../measure.js";
import { particlesFromProbability } from "../probability.js";

/** A probability map at 0.1 nm/px of discs (value 1 inside, 0 outside, linear over one map pixel). */
function discMap(sizePx: number, discs: readonly [number, number, number][]) {
  const data = new Float32Array(sizePx * sizePx);
  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      for (const [cx, cy, r] of discs) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        data[y * sizePx + x] = Math.max(data[y * sizePx + x], Math.min(1, Math.max(0, r + 0.5 - d)));
      }
    }
  }
  return data;
}

describe("particles from a probability map", () => {
  it("finds each disc once at the micrograph's pixel, with its diameter, and drops the one cut by the border", () => {
    // map: 0.1 nm/px, 100 px = 10 nm; micrograph: 0.025 nm/px, 400 px (scale 4)
    const discs: [number, number, number][] = [
      [25, 30, 10],
      [70, 65, 15],
      [98, 50, 8],
    ];
    const map = { data: discMap(100, discs), width: 100, height: 100, scale: 4 };
    const image = { data: new Float32Array(400 * 400), width: 400, height: 400 };
    const labels = particlesFromProbability(map, image, { pixelSizeNm: 0.025, refine: false });
    expect(labels.width).toBe(400);
    expect(labels.count).toBe(2);
    const ecds = measureRegions(labels, 0.025)
      .map((r) => r.ecdNm)
      .sort((a, b) => a - b);
    expect(ecds[0]).toBeCloseTo(2, 1);
    expect(ecds[1]).toBeCloseTo(3, 1);
  });

  it("splits two touching discs by the watershed of ANTEMA's post-processing", () => {
    const map = {
      data: discMap(80, [
        [28, 40, 12],
        [51, 40, 12],
      ]),
      width: 80,
      height: 80,
      scale: 2,
    };
    const image = { data: new Float32Array(160 * 160), width: 160, height: 160 };
    const labels = particlesFromProbability(map, image, { pixelSizeNm: 0.05, refine: false });
    expect(labels.count).toBe(2);
  });

  it("keeps with hysteresis only the regions that are near-certain somewhere, renumbered, outlines unchanged", () => {
    const discs: [number, number, number][] = [
      [25, 30, 10],
      [70, 65, 12],
    ];
    const data = discMap(100, discs);
    // the second disc is only moderately probable (a blob of support texture): 0.8 at most
    for (let p = 0; p < data.length; p++) if (p % 100 > 50) data[p] *= 0.8;
    const map = { data, width: 100, height: 100, scale: 4 };
    const image = { data: new Float32Array(400 * 400), width: 400, height: 400 };
    const all = particlesFromProbability(map, image, { pixelSizeNm: 0.025, refine: false });
    expect(all.count).toBe(2);
    const seeded = particlesFromProbability(map, image, {
      pixelSizeNm: 0.025,
      refine: false,
      hysteresisThreshold: 0.9,
    });
    expect(seeded.count).toBe(1);
    const [kept] = measureRegions(seeded, 0.025);
    const [first] = measureRegions(all, 0.025).filter((r) => r.centroidXNm < 5);
    expect(kept.label).toBe(1);
    expect(kept.areaNm2).toBe(first.areaNm2);
    expect(kept.ecdNm).toBeCloseTo(2, 1);
  });
});
