import { describe, expect, it } from "vitest";
import { Fft2d, Rng } from "../../core/index.js";
import {
  amorphousPattern,
  monocrystallinePattern,
  PATTERN_FREQUENCY_RANGE,
  polycrystallinePattern,
} from "../pattern.js";

function noiseFractions(image: Float32Array): { pepper: number; salt: number } {
  let pepper = 0;
  let salt = 0;
  for (const v of image) {
    if (v === 0) pepper++;
    else if (v === 1) salt++;
  }
  return { pepper: pepper / image.length, salt: salt / image.length };
}

/** Angular frequency [rad/px] of the strongest non-zero spatial frequency. */
function dominantFrequency(image: Float32Array, size: number): number {
  const fft = new Fft2d(size, size);
  const data = new Float64Array(2 * size * size);
  let mean = 0;
  for (const v of image) mean += v / image.length;
  image.forEach((v, i) => {
    data[2 * i] = v - mean;
  });
  fft.forward(data);
  let best = 0;
  let bestK = 0;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const power = data[2 * (r * size + c)] ** 2 + data[2 * (r * size + c) + 1] ** 2;
      const kr = r < size / 2 ? r : r - size;
      const kc = c < size / 2 ? c : c - size;
      if (power > best) {
        best = power;
        bestK = Math.hypot(kr, kc);
      }
    }
  }
  return (2 * Math.PI * bestK) / size;
}

describe("the paper's simple patterns", () => {
  it("salt-and-pepper noise replaces half of the pixels, half of them black and half white", () => {
    const { image } = monocrystallinePattern(new Rng("noise"), 256);
    const { pepper, salt } = noiseFractions(image);
    // Sinusoid pixels lie strictly inside (0, 1), so exact 0 and 1 are noise: density 0.5, 0.25 each.
    expect(pepper + salt).toBeGreaterThan(0.48);
    expect(pepper + salt).toBeLessThan(0.52);
    expect(Math.abs(pepper - salt)).toBeLessThan(0.02);
  });

  it("amorphous patterns are grey with black and white dots under the same noise", () => {
    const { image, params } = amorphousPattern(new Rng("dots"), 128);
    const grey = image.filter((v) => v === 0.5).length / image.length;
    const { pepper, salt } = noiseFractions(image);
    expect(params.dots).toBeGreaterThan(100);
    expect(grey).toBeGreaterThan(0.2); // grey background survives where neither dots nor noise fell
    expect(pepper + salt).toBeGreaterThan(0.5); // noise plus dots
    expect(Math.abs(pepper - salt)).toBeLessThan(0.05);
  });

  it("draws frequencies in 0.05–0.55 rad/px, and the image's spectrum peaks at one of them", () => {
    for (let k = 0; k < 12; k++) {
      const p = monocrystallinePattern(new Rng(["freq", k]), 128);
      const f0 = p.params["wave0.frequencyRadPerPx"] as number;
      const f1 = p.params["wave1.frequencyRadPerPx"] as number;
      for (const f of [f0, f1]) {
        expect(f).toBeGreaterThanOrEqual(PATTERN_FREQUENCY_RANGE[0]);
        expect(f).toBeLessThanOrEqual(PATTERN_FREQUENCY_RANGE[1]);
      }
      // FFT bins are 2π/128 ≈ 0.049 rad/px apart; a wave between bins leaks into both neighbours.
      const peak = dominantFrequency(p.image, 128);
      expect(Math.min(Math.abs(peak - f0), Math.abs(peak - f1))).toBeLessThan(0.05);
    }
  });

  it("stitches two or three patches, each a visible share of the image, all with the same frequencies", () => {
    const seen = { 2: 0, 3: 0 };
    for (let k = 0; k < 60; k++) {
      const p = polycrystallinePattern(new Rng(["poly", k]), 96);
      const n = p.params.patches as 2 | 3;
      expect([2, 3]).toContain(n);
      seen[n]++;
      const areas = new Array(n).fill(0);
      for (const v of p.patches) areas[v]++;
      expect(Math.max(...p.patches)).toBe(n - 1);
      for (const a of areas) expect(a / p.patches.length).toBeGreaterThan(0.04);
      for (let q = 1; q < n; q++) {
        expect(p.params[`patch${q}.wave0.frequencyRadPerPx`]).toBe(
          p.params["patch0.wave0.frequencyRadPerPx"],
        );
        expect(p.params[`patch${q}.wave1.frequencyRadPerPx`]).toBe(
          p.params["patch0.wave1.frequencyRadPerPx"],
        );
      }
    }
    expect(seen[2]).toBeGreaterThan(15);
    expect(seen[3]).toBeGreaterThan(15);
  });

  it("is a pure function of the random stream", () => {
    const a = polycrystallinePattern(new Rng("same"), 64);
    const b = polycrystallinePattern(new Rng("same"), 64);
    expect(Buffer.from(a.image.buffer).equals(Buffer.from(b.image.buffer))).toBe(true);
  });
});
