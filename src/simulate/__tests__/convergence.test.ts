import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { simulateImage } from "../image.js";
import { TITAN_300KV } from "../microscope.js";
import { goldSphere, makeStructure } from "./structures.js";

describe("convergence", () => {
  it("halving the pixel (0.1 → 0.05 Å) and the slice (2 → 1 Å) changes a gold-particle image by < 2 %", () => {
    const sphere = goldSphere(25.6, 7);
    const specimen = makeStructure(
      [25.6, 25.6, 25.6],
      Array.from({ length: sphere.numbers.length }, (_, a) => [
        sphere.positionsAng[3 * a],
        sphere.positionsAng[3 * a + 1],
        sphere.positionsAng[3 * a + 2],
        79,
        0,
      ]),
    );
    const opts = { phonons: 1, pixelSizeNm: 0.05 };
    const coarse = simulateImage(
      specimen,
      TITAN_300KV,
      { ...opts, gridSize: 256, sliceThicknessNm: 0.2 },
      new Rng(4),
    );
    const fine = simulateImage(
      specimen,
      TITAN_300KV,
      { ...opts, gridSize: 512, sliceThicknessNm: 0.1 },
      new Rng(4),
    );
    const count = fine.intensity.length;
    let mean = 0;
    for (const v of fine.intensity) mean += v / count;
    let contrast = 0;
    let diff = 0;
    let maxDiff = 0;
    for (let p = 0; p < count; p++) {
      contrast += (fine.intensity[p] - mean) ** 2 / count;
      diff += (fine.intensity[p] - coarse.intensity[p]) ** 2 / count;
      maxDiff = Math.max(maxDiff, Math.abs(fine.intensity[p] - coarse.intensity[p]));
    }
    // The particle has real contrast; the change is measured against the image intensity (vacuum = 1).
    expect(Math.sqrt(contrast)).toBeGreaterThan(0.02);
    expect(Math.sqrt(diff) / mean).toBeLessThan(0.02);
    expect(maxDiff / mean).toBeLessThan(0.05);
    // Relative to the contrast itself the change is larger (≈ 10 %, band-limit convergence; see README).
    expect(Math.sqrt(diff / contrast)).toBeLessThan(0.2);
  });
});
