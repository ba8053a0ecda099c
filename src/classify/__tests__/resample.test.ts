import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { type Geometry, type ParticleImage, resampleParticle } from "../resample.js";

/**
 * A random image with a disc mask near its upper-left corner, so that the crop reaches beyond the image; the
 * centre is off the pixel grid, so that no sample falls exactly on the image's edge (where a turn of 1e-9
 * rad decides whether it is in or out).
 */
function particle(rng: Rng, pixelSizeNm: { x: number; y: number }): ParticleImage {
  const width = 70;
  const height = 55;
  const data = Float32Array.from({ length: width * height }, () => rng.uniform());
  const mask = new Uint8Array(width * height);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) mask[r * width + c] = (r - 20.3) ** 2 + (c - 25.4) ** 2 < 15 ** 2 ? 1 : 0;
  return { data, width, height, pixelSizeNm, mask };
}

describe("resampling on a grid aligned with the image axes", () => {
  it("gives what sampling point by point gives (a turn of 1e-9 rad off the axes)", () => {
    const rng = new Rng("aligned resampling");
    const views: Omit<Geometry, "rotationRad">[] = [
      { scale: 1, flipX: false, flipY: false },
      { scale: 1, flipX: true, flipY: false },
      { scale: 1.07, flipX: false, flipY: true },
      { scale: 0.93, flipX: true, flipY: true },
    ];
    // output pixel 0.04 nm over input pixels of 0.04 (k = 1), 0.03 (k = 2), 0.013 × 0.017 (k = 4, anisotropic)
    for (const inPx of [
      { x: 0.04, y: 0.04 },
      { x: 0.03, y: 0.03 },
      { x: 0.013, y: 0.017 },
    ]) {
      const p = particle(rng, inPx);
      for (const view of views)
        for (const quarter of [0, 1, 2, 3]) {
          const rotationRad = (quarter * Math.PI) / 2;
          const aligned = resampleParticle(p, 0.04, 64, { ...view, rotationRad });
          const pointwise = resampleParticle(p, 0.04, 64, { ...view, rotationRad: rotationRad + 1e-9 });
          let worst = 0;
          let covered = 0;
          for (let i = 0; i < aligned.image.length; i++) {
            worst = Math.max(
              worst,
              Math.abs(aligned.image[i] - pointwise.image[i]),
              Math.abs(aligned.coverage[i] - pointwise.coverage[i]),
            );
            if (aligned.coverage[i] > 0) covered++;
          }
          // the turn moves samples by < 1e-7 px; values are of order 1
          expect(worst).toBeLessThan(1e-5);
          expect(covered).toBeGreaterThan(100);
        }
    }
  });

  it("leaves samples beyond the image at zero value and coverage", () => {
    const p = particle(new Rng("beyond"), { x: 0.04, y: 0.04 });
    const r = resampleParticle(p, 0.04, 128);
    // the mask centroid is ≈ (25.4, 20.3): output column i samples input column ≈ 25.4 + (i − 63.5), so i < 37 lies beyond
    for (let j = 0; j < 128; j++)
      for (let i = 0; i < 37; i++) {
        expect(r.image[j * 128 + i]).toBe(0);
        expect(r.coverage[j * 128 + i]).toBe(0);
      }
    expect(r.coverage[64 * 128 + 64]).toBe(1);
  });
});
