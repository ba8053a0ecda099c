import { describe, expect, it } from "vitest";
import { Fft2d, Rng } from "../../core/index.js";

// The band-limited Fft2d shortcuts used by the multislice loop must equal the full transform + mask.
describe("Fft2d band-limited shortcuts", () => {
  const wrapped = (i: number, n: number) => Math.min(i, n - i);
  for (const [w, h, k] of [
    [64, 32, 10],
    [16, 16, 5],
    [32, 64, 0],
    [8, 8, 3],
  ]) {
    it(`forward(…, ${k}) = forward then zero rows |ky| > ${k} (${w} × ${h})`, () => {
      const rng = new Rng([w, h, k]);
      const a = Float64Array.from({ length: 2 * w * h }, () => rng.normal());
      const full = a.slice();
      const fft = new Fft2d(w, h);
      fft.forward(full);
      const band = a.slice();
      fft.forward(band, k);
      for (let j = 0; j < h; j++)
        for (let i = 0; i < 2 * w; i++) {
          const p = 2 * j * w + i;
          expect(band[p]).toBeCloseTo(wrapped(j, h) <= k ? full[p] : 0, 10);
        }
    });
    it(`inverse(…, ${k}) of data zero in columns |kx| > ${k} = full inverse (${w} × ${h})`, () => {
      const rng = new Rng([w, h, k, "inverse"]);
      const a = new Float64Array(2 * w * h);
      for (let j = 0; j < h; j++)
        for (let i = 0; i < w; i++) {
          if (wrapped(i, w) > k) continue;
          a[2 * (j * w + i)] = rng.normal();
          a[2 * (j * w + i) + 1] = rng.normal();
        }
      const fft = new Fft2d(w, h);
      const full = a.slice();
      fft.inverse(full);
      const band = a.slice();
      fft.inverse(band, k);
      for (let p = 0; p < a.length; p++) expect(band[p]).toBeCloseTo(full[p], 12);
    });
  }
});
