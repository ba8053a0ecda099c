import { describe, expect, it } from "vitest";
import { Rng } from "../../../core/index.js";
import type { FieldExample } from "../fieldData.js";
import { fillCrop } from "../train.js";

/** A 2-channel image whose channel 0 holds 1 + the pixel index and whose target is 1 on its left half. */
function example(width: number, height: number): FieldExample {
  const data = new Float32Array(width * height * 2);
  const target = new Float32Array(width * height);
  for (let p = 0; p < width * height; p++) {
    data[2 * p] = p + 1;
    data[2 * p + 1] = -(p + 1);
    target[p] = p % width < width / 2 ? 1 : 0;
  }
  return { name: "toy", dataset: "toy", input: { data, width, height, channels: 2, scale: 1 }, target };
}

function particlesOf(e: FieldExample): Int32Array {
  return Int32Array.from([...e.target.keys()].filter((p) => e.target[p] > 0.5));
}

describe("fillCrop", () => {
  it("places an image smaller than the crop whole, on zeros, with its target beside its input", () => {
    const toy = example(6, 5);
    const side = 16;
    const rng = new Rng(["crop", 1]);
    for (let trial = 0; trial < 40; trial++) {
      const inputs = new Float32Array(2 * side * side * 2).fill(Number.NaN);
      const targets = new Float32Array(2 * side * side).fill(Number.NaN);
      fillCrop(toy, particlesOf(toy), side, rng, inputs, targets, 1);
      // crop 0 untouched, crop 1 fully written
      expect(inputs.subarray(0, side * side * 2).every(Number.isNaN)).toBe(true);
      const crop = inputs.subarray(side * side * 2);
      const seen = new Set<number>();
      for (let q = 0; q < side * side; q++) {
        const value = crop[2 * q];
        expect(crop[2 * q + 1] + value).toBe(0);
        if (value === 0) {
          expect(targets[side * side + q]).toBe(0);
          continue;
        }
        const p = value - 1;
        seen.add(p);
        expect(targets[side * side + q]).toBe(toy.target[p]);
      }
      // a symmetry of the square never cuts a smaller image: all 30 pixels appear once
      expect(seen.size).toBe(30);
    }
  });

  it("keeps the crop inside a larger image and centres half the crops near particle pixels", () => {
    const toy = example(40, 40);
    const side = 8;
    const rng = new Rng(["crop", 2]);
    let onParticle = 0;
    const trials = 400;
    for (let trial = 0; trial < trials; trial++) {
      const inputs = new Float32Array(side * side * 2);
      const targets = new Float32Array(side * side);
      fillCrop(toy, particlesOf(toy), side, rng, inputs, targets, 0);
      expect(inputs.every((v) => v !== 0)).toBe(true);
      if (targets.some((t) => t > 0.5)) onParticle++;
    }
    // particle-centred crops always hold particle pixels; anywhere-crops when their origin column ≤ 19 (20 of 33)
    const expected = 0.5 + 0.5 * (20 / 33);
    expect(onParticle / trials).toBeGreaterThan(expected - 0.08);
    expect(onParticle / trials).toBeLessThan(expected + 0.08);
  });
});
