import { describe, expect, test } from "vitest";
import { Rng } from "../../core/index.js";
import { squaredDistanceTransform } from "../../dataset/index.js";
import { boxWidths, gaussianBlur } from "../gaussian.js";
import { labelComponents } from "../label.js";
import { dilate, erode, open } from "../morphology.js";
import { canvas, fillEllipse } from "./shapes.js";

describe("connected components", () => {
  test("diagonal neighbours join under 8-connectivity but not 4; labels follow raster order", () => {
    const image = canvas(4);
    image.data.set([1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
    const eight = labelComponents(image, 8);
    expect(eight.count).toBe(3);
    expect(Array.from(eight.labels)).toEqual([1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0]);
    expect(labelComponents(image, 4).count).toBe(4);
  });

  test("a U shape whose arms meet only at the bottom is one component", () => {
    const image = canvas(5);
    image.data.set([1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(labelComponents(image).count).toBe(1);
  });
});

describe("Euclidean distance transform", () => {
  test("equals the brute-force squared distance to the nearest background pixel", () => {
    const rng = new Rng("edt");
    const image = canvas(23, 17);
    for (let p = 0; p < image.data.length; p++) image.data[p] = rng.chance(0.85) ? 1 : 0;
    const d2 = squaredDistanceTransform(image, 0);
    for (let p = 0; p < image.data.length; p++) {
      let best = Infinity;
      for (let q = 0; q < image.data.length; q++) {
        if (image.data[q] !== 0) continue;
        const dx = (p % 23) - (q % 23);
        const dy = Math.floor(p / 23) - Math.floor(q / 23);
        best = Math.min(best, dx * dx + dy * dy);
      }
      expect(d2[p]).toBe(best);
    }
  });
});

describe("Gaussian blur", () => {
  test.each([1.5, 12])(
    "σ = %s px: an impulse keeps its mass and spreads to variance σ² (within 3 percent)",
    (sigma) => {
      const n = 201;
      const data = new Float32Array(n * n);
      data[100 * n + 100] = 1;
      const out = gaussianBlur({ data, width: n, height: n }, sigma).data;
      let mass = 0;
      let variance = 0;
      for (let i = 0; i < n; i++) {
        mass += out[100 * n + i];
        variance += out[100 * n + i] * (i - 100) ** 2;
      }
      const row = mass;
      let total = 0;
      for (const v of out) total += v;
      expect(total).toBeCloseTo(1, 5);
      expect(Math.abs(variance / row / (sigma * sigma) - 1)).toBeLessThan(0.03);
    },
  );

  test("three odd box widths reproduce σ within 5 %: Σ (w² − 1)/12 ≈ σ²", () => {
    for (const sigma of [3.1, 4, 10, 37.5, 250]) {
      const widths = boxWidths(sigma);
      expect(widths.every((w) => w % 2 === 1)).toBe(true);
      const variance = widths.reduce((s, w) => s + (w * w - 1) / 12, 0);
      expect(Math.abs(Math.sqrt(variance) / sigma - 1)).toBeLessThan(0.05);
    }
  });
});

describe("morphology with Euclidean discs", () => {
  test("eroding a disc of radius 20 by 5 leaves a disc of radius 15; dilating grows it to 25", () => {
    const image = canvas(80);
    fillEllipse(image, 40, 40, 20, 20);
    const count = (d: Uint8Array) => d.reduce((s, v) => s + v, 0);
    expect(count(erode(image, 5).data) / (Math.PI * 225)).toBeCloseTo(1, 1);
    expect(count(dilate(image, 5).data) / (Math.PI * 625)).toBeCloseTo(1, 1);
  });

  test("opening by 3 px removes a 1-pixel-wide bridge and isolated specks but keeps the discs", () => {
    const image = canvas(80, 40);
    fillEllipse(image, 20, 20, 12, 12);
    fillEllipse(image, 60, 20, 12, 12);
    for (let i = 20; i < 60; i++) image.data[20 * 80 + i] = 1;
    image.data[3 * 80 + 40] = 1;
    const opened = open(image, 3);
    expect(labelComponents(opened).count).toBe(2);
  });
});
