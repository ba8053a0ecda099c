import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { Fft2d, fftFrequency } from "../fft.js";

describe("Fft2d", () => {
  it("inverse(forward(a)) returns a", () => {
    const fft = new Fft2d(16, 8);
    const rng = new Rng(3);
    const a = Float64Array.from({ length: 2 * 16 * 8 }, () => rng.normal());
    const b = a.slice();
    fft.forward(b);
    fft.inverse(b);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 12);
  });

  it("transforms a plane wave exp(2πi(kx·x/W + ky·y/H)) into a single peak of height W·H at (kx, ky)", () => {
    const w = 32;
    const h = 16;
    const kx = 3;
    const ky = 5;
    const a = new Float64Array(2 * w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const phase = 2 * Math.PI * ((kx * x) / w + (ky * y) / h);
        a[2 * (y * w + x)] = Math.cos(phase);
        a[2 * (y * w + x) + 1] = Math.sin(phase);
      }
    }
    new Fft2d(w, h).forward(a);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const mag = Math.hypot(a[2 * (y * w + x)], a[2 * (y * w + x) + 1]);
        expect(mag).toBeCloseTo(x === kx && y === ky ? w * h : 0, 8);
      }
    }
  });

  it("refuses sizes that are not powers of two", () => {
    expect(() => new Fft2d(12, 16)).toThrow(/power of two/);
  });

  it("maps bins to signed frequencies", () => {
    expect(fftFrequency(0, 8, 0.5)).toBe(0);
    expect(fftFrequency(1, 8, 0.5)).toBe(0.25);
    expect(fftFrequency(4, 8, 0.5)).toBe(-1);
    expect(fftFrequency(7, 8, 0.5)).toBe(-0.25);
  });
});
