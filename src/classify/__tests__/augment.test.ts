import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { applyIntensityAugmentation, drawAugmentation, gaussianBlur, shiftMaskBoundary } from "../augment.js";
import { normaliseParticle } from "../input.js";
import { resampleParticle } from "../resample.js";

const size = 64;
const pixel = { x: 0.08, y: 0.08 };

function randomImage(seed: string): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: size * size }, () => rng.uniform());
}

describe("resampling onto the network grid", () => {
  const data = randomImage("img");
  const particle = {
    data,
    width: size,
    height: size,
    pixelSizeNm: pixel,
    mask: new Uint8Array(size * size).fill(1),
  };

  it("is the identity at the same pixel size and a full mask", () => {
    const r = resampleParticle(particle, 0.08, size);
    for (let i = 0; i < data.length; i++) expect(r.image[i]).toBeCloseTo(data[i], 5);
  });

  it("reflection in x is an exact mirror", () => {
    const plain = resampleParticle(particle, 0.08, size).image;
    const flipped = resampleParticle(particle, 0.08, size, {
      rotationRad: 0,
      scale: 1,
      flipX: true,
      flipY: false,
    }).image;
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++) expect(flipped[r * size + c]).toBe(plain[r * size + (size - 1 - c)]);
  });

  it("rotation by 90° permutes pixels: (row, column) → (size−1−column, row)", () => {
    const turned = resampleParticle(particle, 0.08, size, {
      rotationRad: Math.PI / 2,
      scale: 1,
      flipX: false,
      flipY: false,
    }).image;
    // content turned counter-clockwise: output (j, i) samples input at R(−90°)(u, v) = (v, −u)
    for (let j = 1; j < size - 1; j++)
      for (let i = 1; i < size - 1; i++)
        expect(turned[j * size + i]).toBeCloseTo(data[(size - 1 - i) * size + j], 4);
  });

  it("area-averages a finer input: a 0.04 nm checkerboard becomes uniform at 0.08 nm", () => {
    const fine = 128;
    const board = Float32Array.from(
      { length: fine * fine },
      (_, k) => ((k % fine) + Math.floor(k / fine)) % 2,
    );
    const r = resampleParticle(
      {
        data: board,
        width: fine,
        height: fine,
        pixelSizeNm: { x: 0.04, y: 0.04 },
        mask: new Uint8Array(fine * fine).fill(1),
      },
      0.08,
      size,
    );
    for (let i = 0; i < r.image.length; i++) expect(r.image[i]).toBeCloseTo(0.5, 5);
  });

  it("keeps ≥ 60 % of a 2.5 px lattice fringe half a pixel off the grid (bilinear would keep 31 %)", () => {
    // 65 columns with a full mask: the crop centre (the centroid, column 32) falls half a pixel off the grid
    const width = size + 1;
    const periodPx = 2.5;
    const fringe = Float32Array.from({ length: width * size }, (_, k) =>
      Math.cos((2 * Math.PI * (k % width)) / periodPx),
    );
    const r = resampleParticle(
      { data: fringe, width, height: size, pixelSizeNm: pixel, mask: new Uint8Array(width * size).fill(1) },
      0.08,
      size,
    );
    let re = 0;
    let im = 0;
    let n = 0;
    for (let i = 8; i < size - 8; i++) {
      const phase = (2 * Math.PI * (i + 0.5)) / periodPx;
      re += r.image[size * 20 + i] * Math.cos(phase);
      im += r.image[size * 20 + i] * Math.sin(phase);
      n++;
    }
    const amplitude = (2 * Math.hypot(re, im)) / n;
    expect(amplitude).toBeGreaterThan(0.6);
    expect(amplitude).toBeLessThan(1.01);
  });

  it("normalisation gives the particle mean 0, std 1 and an outside of exactly 0, whatever the fill", () => {
    const mask = new Uint8Array(size * size);
    const img = new Float32Array(size * size).fill(123);
    for (let r = 20; r < 44; r++)
      for (let c = 20; c < 44; c++) {
        mask[r * size + c] = 1;
        img[r * size + c] = 5 + 2 * Math.sin(r + c);
      }
    const out = normaliseParticle(
      resampleParticle({ data: img, width: size, height: size, pixelSizeNm: pixel, mask }, 0.08, size),
    );
    let sum = 0;
    let sum2 = 0;
    let n = 0;
    for (let i = 0; i < out.length; i++) {
      if (!mask[i]) {
        expect(out[i]).toBe(0);
        continue;
      }
      sum += out[i];
      sum2 += out[i] * out[i];
      n++;
    }
    expect(sum / n).toBeCloseTo(0, 5);
    expect(Math.sqrt(sum2 / n)).toBeCloseTo(1, 4);
  });
});

describe("intensity augmentation", () => {
  it("Gaussian blur preserves the mean exactly and reduces the variance", () => {
    for (const sigma of [0.5, 1, 2]) {
      const img = randomImage(`blur${sigma}`);
      const mean = img.reduce((a, b) => a + b, 0) / img.length;
      const variance = img.reduce((a, b) => a + (b - mean) ** 2, 0) / img.length;
      gaussianBlur(img, size, sigma);
      const after = img.reduce((a, b) => a + b, 0) / img.length;
      const varAfter = img.reduce((a, b) => a + (b - after) ** 2, 0) / img.length;
      expect(after).toBeCloseTo(mean, 5);
      expect(varAfter).toBeLessThan(variance);
    }
  });

  it("blur of σ = 2 px damps a 4 px fringe by exp(−2π²σ²/λ²)", () => {
    const img = Float32Array.from({ length: size * size }, (_, k) =>
      Math.cos((2 * Math.PI * (k % size)) / 4),
    );
    gaussianBlur(img, size, 2);
    expect(Math.abs(img[32 * size + 32])).toBeCloseTo(Math.exp((-2 * Math.PI ** 2 * 4) / 16), 2);
  });

  it("is deterministic for a seed, and strength 0 changes nothing", () => {
    const base = randomImage("aug");
    const coverage = new Float32Array(size * size).fill(1);
    const run = (seed: string, strength: number) => {
      const rng = new Rng(seed);
      const r = { image: Float32Array.from(base), coverage };
      applyIntensityAugmentation(r, drawAugmentation(rng, strength, 0.08), size, rng);
      return r.image;
    };
    expect(run("s", 1)).toEqual(run("s", 1));
    expect(run("s", 1)).not.toEqual(base);
    expect(run("s", 0)).toEqual(base);
  });
});

describe("mask boundary augmentation", () => {
  const n = 121;
  const pixelNm = 0.02;
  /** A disc of radius `radiusPx` about the image centre. */
  function disc(radiusPx: number): Uint8Array {
    const c = (n - 1) / 2;
    return Uint8Array.from({ length: n * n }, (_, k) =>
      (Math.floor(k / n) - c) ** 2 + ((k % n) - c) ** 2 <= radiusPx * radiusPx ? 1 : 0,
    );
  }
  const area = (m: Uint8Array) => m.reduce((sum, v) => sum + v, 0);
  const particle = (mask: Uint8Array) => ({
    data: new Float32Array(n * n),
    width: n,
    height: n,
    pixelSizeNm: { x: pixelNm, y: pixelNm },
    mask,
  });

  it("moves a disc's boundary by the shift: radius 40 px + 0.2 nm (10 px) → 50 px, − 0.1 nm (5 px) → 35 px", () => {
    const grown = shiftMaskBoundary(particle(disc(40)), 0.2).mask as Uint8Array;
    const shrunk = shiftMaskBoundary(particle(disc(40)), -0.1).mask as Uint8Array;
    // a digitised disc of radius r holds πr² pixels to within about half its perimeter
    expect(Math.abs(area(grown) - Math.PI * 50 ** 2)).toBeLessThan(Math.PI * 50);
    expect(Math.abs(area(shrunk) - Math.PI * 35 ** 2)).toBeLessThan(Math.PI * 35);
    expect(area(grown)).toBeGreaterThan(area(disc(49)));
    expect(area(shrunk)).toBeGreaterThan(area(disc(34)));
    expect(area(shrunk)).toBeLessThan(area(disc(36)));
  });

  it("never shrinks a mask below half its area, and leaves shifts under a pixel alone", () => {
    const small = disc(8);
    const shrunk = shiftMaskBoundary(particle(small), -0.4).mask as Uint8Array;
    expect(area(shrunk)).toBeGreaterThanOrEqual(area(small) / 2);
    expect(area(shrunk)).toBeLessThan(area(small));
    const p = particle(small);
    expect(shiftMaskBoundary(p, 0.01)).toBe(p);
  });

  it("draws no shift at strength 0, and at strength 1 half the time within [−0.2, +0.4] nm", () => {
    const rng = new Rng("mask-shift");
    expect(drawAugmentation(rng, 0, 0.04).maskShiftNm).toBe(0);
    const shifts = Array.from({ length: 2000 }, () => drawAugmentation(rng, 1, 0.04).maskShiftNm);
    const moved = shifts.filter((s) => s !== 0);
    expect(moved.length / shifts.length).toBeGreaterThan(0.45);
    expect(moved.length / shifts.length).toBeLessThan(0.55);
    expect(Math.min(...moved)).toBeGreaterThanOrEqual(-0.2);
    expect(Math.max(...moved)).toBeLessThanOrEqual(0.4);
    expect(Math.min(...moved)).toBeLessThan(-0.15);
    expect(Math.max(...moved)).toBeGreaterThan(0.35);
  });
});
