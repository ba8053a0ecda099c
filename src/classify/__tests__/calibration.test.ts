import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { applyCalibration, fitClassOffsets, fitTemperature } from "../calibration.js";

/** Index drawn from the (unnormalised) weights. */
function draw(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let u = rng.uniform() * total;
  for (let k = 0; k < weights.length - 1; k++) {
    u -= weights[k];
    if (u < 0) return k;
  }
  return weights.length - 1;
}

describe("temperature scaling", () => {
  it("keeps the arg-max and sums to 1; T = 1 is the identity", () => {
    const p = Float32Array.from([0.5, 0.3, 0.2]);
    expect(applyCalibration(Float32Array.from(p), { temperature: 1 })).toEqual(p);
    const sharp = applyCalibration(Float32Array.from(p), { temperature: 0.5 });
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
      labels.push(draw(rng, logits.map(Math.exp)));
      const soft = logits.map((z) => Math.exp(0.4 * z));
      const s = soft.reduce((a, b) => a + b, 0);
      probs.push(Float32Array.from(soft.map((v) => v / s)));
    }
    expect(fitTemperature(probs, labels)).toBeCloseTo(0.4, 1);
  });
});

describe("class offsets", () => {
  it("multiply each probability by exp(offset) before renormalising", () => {
    const p = applyCalibration(Float32Array.from([0.5, 0.5]), {
      temperature: 1,
      classOffsets: [Math.log(3), 0],
    });
    expect(p[0]).toBeCloseTo(0.75, 6);
    expect(p[1]).toBeCloseTo(0.25, 6);
  });

  it("replace the validation set's class shares by equal ones: b_k = −log(share_k) up to a constant", () => {
    // one feature x ~ N(μ_k, 1) per class; labels drawn with shares 0.6 / 0.3 / 0.1 and the probabilities
    // reported are the exact posteriors for those shares, as a network trained on them would learn
    const rng = new Rng("class offsets");
    const shares = [0.6, 0.3, 0.1];
    const means = [-1, 0, 1];
    const probs: Float32Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const label = draw(rng, shares);
      const x = means[label] + rng.normal();
      const joint = shares.map((s, k) => s * Math.exp(-((x - means[k]) ** 2) / 2));
      const evidence = joint.reduce((a, b) => a + b, 0);
      probs.push(Float32Array.from(joint.map((v) => v / evidence)));
      labels.push(label);
    }
    const offsets = fitClassOffsets(probs, labels, 1);
    const expected = shares.map((s) => -Math.log(s));
    const mean = expected.reduce((a, b) => a + b, 0) / 3;
    expect(offsets).not.toBeNull();
    for (let k = 0; k < 3; k++) expect(offsets?.[k]).toBeCloseTo(expected[k] - mean, 1);
    expect(offsets?.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
  });

  it("are none when a class has no validation sample", () => {
    const probs = [Float32Array.from([0.9, 0.1]), Float32Array.from([0.8, 0.2])];
    expect(fitClassOffsets(probs, [0, 0], 1)).toBeNull();
  });
});
