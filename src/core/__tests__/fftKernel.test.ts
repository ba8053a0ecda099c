import { describe, expect, it } from "vitest";
import { Fft2d } from "../fft.js";
import { FFT_KERNEL_BASE64 } from "../fftKernel.js";
import { ScalarFft2d } from "../fftScalar.js";
import { Rng } from "../rng.js";

/** Naive O(N²) 2-D DFT with the exp(sign·2πi k·x) kernel, as an independent reference. */
function dft(a: Float64Array, w: number, h: number, sign: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let ky = 0; ky < h; ky++)
    for (let kx = 0; kx < w; kx++) {
      let re = 0;
      let im = 0;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const phase = sign * 2 * Math.PI * ((kx * x) / w + (ky * y) / h);
          const c = Math.cos(phase);
          const s = Math.sin(phase);
          const p = 2 * (y * w + x);
          re += a[p] * c - a[p + 1] * s;
          im += a[p] * s + a[p + 1] * c;
        }
      out[2 * (ky * w + kx)] = re;
      out[2 * (ky * w + kx) + 1] = im;
    }
  return out;
}

/** Number of positions where two arrays differ (cheaper than a deep equality on 512² arrays). */
const differences = (x: Float64Array, y: Float64Array) => x.reduce((n, v, p) => n + (v === y[p] ? 0 : 1), 0);

const random = (n: number, key: string) => {
  const rng = new Rng(key);
  return Float64Array.from({ length: 2 * n }, () => rng.normal());
};

describe("Fft2d WebAssembly kernel", () => {
  for (const [w, h] of [
    [1, 1],
    [2, 1],
    [4, 8],
    [16, 4],
    [32, 32],
  ]) {
    it(`equals the naive DFT, forward and inverse (${w} × ${h})`, () => {
      const a = random(w * h, `dft-${w}-${h}`);
      const fft = new Fft2d(w, h);
      const forward = a.slice();
      fft.forward(forward);
      const reference = dft(a, w, h, -1);
      for (let p = 0; p < a.length; p++) expect(forward[p]).toBeCloseTo(reference[p], 10);
      const inverse = a.slice();
      fft.inverse(inverse);
      const inverseReference = dft(a, w, h, 1);
      for (let p = 0; p < a.length; p++) expect(inverse[p] * w * h).toBeCloseTo(inverseReference[p], 10);
    });
  }

  it("gives bit-identical results to the scalar implementation, band-limited shortcuts included", () => {
    for (const [w, h, maxRow, maxColumn] of [
      [512, 512, 170, 170],
      [64, 256, 30, 7],
      [128, 32, 32, 128],
    ]) {
      const a = random(w * h, `scalar-${w}-${h}`);
      const wasm = new Fft2d(w, h);
      const scalar = new ScalarFft2d(w, h);
      const x = a.slice();
      const y = a.slice();
      wasm.forward(x, maxRow);
      scalar.forward(y, maxRow);
      expect(differences(x, y)).toBe(0);
      for (let j = 0; j < h; j++)
        for (let i = 0; i < w; i++) {
          if (Math.min(i, w - i) <= maxColumn) continue;
          x.fill(0, 2 * (j * w + i), 2 * (j * w + i) + 2);
          y.fill(0, 2 * (j * w + i), 2 * (j * w + i) + 2);
        }
      wasm.inverse(x, maxColumn);
      scalar.inverse(y, maxColumn);
      expect(differences(x, y)).toBe(0);
    }
  });

  it("transforms its own buffers in place, independently of each other and of copied arrays", () => {
    const fft = new Fft2d(64, 32);
    const a = fft.allocate();
    const b = fft.allocate();
    expect(a.length).toBe(2 * 64 * 32);
    expect(a.every((v) => v === 0)).toBe(true);
    const data = random(64 * 32, "own");
    a.set(data);
    b.set(data);
    b[0] += 1;
    const plain = data.slice();
    fft.forward(a);
    new Fft2d(64, 32).forward(plain);
    expect(differences(a, plain)).toBe(0);
    fft.inverse(a);
    for (let p = 0; p < data.length; p++) expect(a[p]).toBeCloseTo(data[p], 12);
    expect(b[0]).toBe(data[0] + 1);
  });

  it("multiplies by a factor before transforming, fused within a group and in JavaScript otherwise", () => {
    const fft = new Fft2d(32, 16);
    const [data, factor] = fft.allocateGroup(2);
    data.set(random(32 * 16, "data"));
    factor.set(random(32 * 16, "factor"));
    // Reference: the product, zero in the columns beyond maxColumn (which the transform reads as 0), inverted.
    const expected = new Float64Array(data.length);
    for (let p = 0; p < 32 * 16; p++) {
      if (Math.min(p % 32, 32 - (p % 32)) > 5) continue;
      const [re, im, fr, fi] = [data[2 * p], data[2 * p + 1], factor[2 * p], factor[2 * p + 1]];
      expected[2 * p] = re * fr - im * fi;
      expected[2 * p + 1] = re * fi + im * fr;
    }
    new ScalarFft2d(32, 16).inverse(expected);
    const plain = data.slice();
    fft.inverse(data, 5, factor);
    fft.inverse(plain, 5, factor.slice());
    expect(differences(plain, data)).toBe(0);
    for (let p = 0; p < data.length; p++) expect(data[p]).toBeCloseTo(expected[p], 12);
  });

  it("refuses a buffer of the wrong size", () => {
    expect(() => new Fft2d(8, 8).forward(new Float64Array(2 * 16))).toThrow(/expected 64/);
  });

  it("ships the kernel compiled from wasm/fft.ts (run `npm run build:wasm` after editing it)", async () => {
    // @ts-expect-error: plain JavaScript build script without type declarations
    const { compileKernel } = await import("../../../wasm/build.mjs");
    const bytes: Buffer = await compileKernel();
    expect(bytes.toString("base64")).toBe(FFT_KERNEL_BASE64);
  }, 60_000);
});
