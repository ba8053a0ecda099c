import { describe, expect, it } from "vitest";
import { Fft2d, Rng } from "../../core/index.js";
import { addShotNoise, resampleIntensity } from "../detector.js";
import { makeGrid } from "../grid.js";
import { simulateImage } from "../image.js";
import { packagePath } from "../../core/index.js";
import { loadMicroscope, MicroscopeSchema, TITAN_300KV } from "../microscope.js";
import { makeStructure } from "./structures.js";

describe("Fourier resampling", () => {
  it("evaluates a band-limited periodic intensity exactly at x = i·p, y = j·p, also when L/p is not an integer", () => {
    const n = 64;
    const l = 20;
    const grid = makeGrid(l, l, n, n);
    const f = (x: number, y: number) =>
      1 + 0.3 * Math.cos((2 * Math.PI * 3 * x) / l) + 0.2 * Math.sin((2 * Math.PI * (2 * x + 5 * y)) / l);
    const intensity = Float64Array.from({ length: n * n }, (_, q) =>
      f((q % n) * grid.dxAng, Math.floor(q / n) * grid.dyAng),
    );
    const p = 0.7; // 20/0.7 = 28.57 → 29 pixels
    const out = resampleIntensity(intensity, grid, new Fft2d(n, n), p, null, new Float64Array(2 * n * n));
    expect(out.width).toBe(29);
    expect(out.height).toBe(29);
    for (let j = 0; j < 29; j++)
      for (let i = 0; i < 29; i++) expect(out.data[j * 29 + i]).toBeCloseTo(f(i * p, j * p), 5);
  });
  it("removes frequencies at or above the camera Nyquist frequency (no aliasing)", () => {
    const n = 64;
    const grid = makeGrid(16, 16, n, n);
    const k = 10 / 16; // above 1/(2·0.8) = 0.625? equal: removed
    const intensity = Float64Array.from(
      { length: n * n },
      (_, q) => 1 + Math.cos(2 * Math.PI * k * (q % n) * grid.dxAng),
    );
    const out = resampleIntensity(intensity, grid, new Fft2d(n, n), 0.8, null, new Float64Array(2 * n * n));
    for (const v of out.data) expect(v).toBeCloseTo(1, 6);
  });
  it("the MTF keeps the mean and damps fringes by sinc(k p)·g^{(k/k_N)²}", () => {
    const n = 64;
    const grid = makeGrid(16, 16, n, n);
    const k = 5 / 16;
    const p = 0.5;
    const intensity = Float64Array.from(
      { length: n * n },
      (_, q) => 1 + Math.cos(2 * Math.PI * k * (q % n) * grid.dxAng),
    );
    const out = resampleIntensity(
      intensity,
      grid,
      new Fft2d(n, n),
      p,
      { gaussianAtNyquist: 0.5 },
      new Float64Array(2 * n * n),
    );
    const kn = 1 / (2 * p);
    const expected = (Math.sin(Math.PI * k * p) / (Math.PI * k * p)) * 0.5 ** ((k / kn) ** 2);
    expect(out.data[0] - 1).toBeCloseTo(expected, 5);
  });
});

describe("shot noise", () => {
  it("has the dose's mean and Poisson variance 1/(D·p²)", () => {
    const image = new Float32Array(200_000).fill(1);
    const dose = 100;
    const p = 0.5;
    addShotNoise(image, dose, p, new Rng(9));
    let mean = 0;
    for (const v of image) mean += v / image.length;
    let variance = 0;
    for (const v of image) variance += (v - mean) ** 2 / (image.length - 1);
    expect(mean).toBeCloseTo(1, 2);
    expect(variance / (1 / (dose * p * p))).toBeCloseTo(1, 1);
  });
  it("simulateImage applies the microscope's dose to a vacuum image", () => {
    const vacuum = makeStructure([24, 24, 10], []);
    const scope = MicroscopeSchema.parse({ doseEPerA2: 400 });
    const image = simulateImage(vacuum, scope, { gridSize: 64, pixelSizeNm: 0.05, phonons: 1 }, new Rng(2));
    let mean = 0;
    for (const v of image.intensity) mean += v / image.intensity.length;
    let variance = 0;
    for (const v of image.intensity) variance += (v - mean) ** 2 / image.intensity.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.02);
    expect(variance * 400 * 0.25).toBeGreaterThan(0.8);
    expect(variance * 400 * 0.25).toBeLessThan(1.2);
  });
  it("rejects a non-positive dose", () => {
    expect(() => addShotNoise(new Float32Array(4), -5, 0.5, new Rng(1))).toThrow(/dose/);
    expect(() => MicroscopeSchema.parse({ doseEPerA2: -5 })).toThrow();
  });
});

describe("microscope presets", () => {
  it("the shipped titan-300kv.json equals the TITAN_300KV preset", () => {
    expect(loadMicroscope(packagePath("data", "microscopes", "titan-300kv.json"))).toEqual(TITAN_300KV);
  });
  it("rejects unknown fields with a one-line message naming them", () => {
    expect(() => MicroscopeSchema.parse({ defocus: 3 })).toThrow(/defocus/);
  });
});
