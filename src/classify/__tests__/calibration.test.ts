import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { applyTemperature, fitTemperature } from "../calibration.js";

describe("temperature scaling", () => {
  it("keeps the arg-max and sums to 1; T = 1 is the identity", () => {
    const p = Float32Array.from([0.5, 0.3, 0.2]);
    expect(applyTemperature(Float32Array.from(p), 1)).toEqual(p);
    const sharp = applyTemperature(Float32Array.from(p), 0.5);
    expect(sharp[0]).toBeGreaterThan(0.5);
    expect(sharp[0] + sharp[1] + sharp[2]).toBeCloseTo(1, 6);
    // T = 0.5 squares the probabilities before renormalising
    expect(sharp[1] / sharp[2]).toBeCloseTo((0.3 / 0.2) ** 2, 4);
  });

  it("recovers the temperature that made calibrated probabilities under-confident", () => {
    const rng = new Rng("calibration");
    const probs: Float32Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const logits = [rng.normal() * 2, rng.normal() * 2, rng.normal() * 2];
      // draw the label from the calibrated softmax, report the softmax of logits / 0.4 … of logits × 0.4
      const e = logits.map(Math.exp);
      const total = e.reduce((a, b) => a + b, 0);
      const u = rng.uniform() * total;
      labels.push(u < e[0] ? 0 : u < e[0] + e[1] ? 1 : 2);
      const soft = logits.map((z) => Math.exp(0.4 * z));
      const s = soft.reduce((a, b) => a + b, 0);
      probs.push(Float32Array.from(soft.map((v) => v / s)));
    }
    expect(fitTemperature(probs, labels)).toBeCloseTo(0.4, 1);
  });
});
