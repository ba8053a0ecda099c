import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { architecture } from "../architecture.js";
import { batchPart, combineGradients, dataParallelSteps } from "../dataParallel.js";
import { Engine } from "../engine.js";
import { prepareInputs } from "../prepare.js";
import { train } from "../train.js";
import { initialWeights, type WeightMap } from "../weights.js";
import { TOY_TRAINING, toySet } from "./toy.js";

const arch = architecture("tiny", 2, 128, 4, 2, true);
const samples = toySet(new Rng("parallel"), 10);
const batch = prepareInputs(
  samples.map((s) => s.particle),
  arch,
  0.04,
);
const labels = Int32Array.from(samples, (s) => s.label);

function largestDifference(a: WeightMap, b: WeightMap): number {
  let worst = 0;
  for (const name of Object.keys(a))
    a[name].data.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - b[name].data[i]));
    });
  return worst;
}

function largestValue(a: WeightMap): number {
  return Math.max(...Object.values(a).map((t) => Math.max(...t.data.map(Math.abs))));
}

describe("data-parallel gradients", () => {
  it("combine parts as count-weighted means and keep the logits in order", () => {
    const part = (count: number, loss: number, g: number[], logits: number[]) => ({
      count,
      loss,
      logits: Float32Array.from(logits),
      grads: { w: { shape: [2], data: Float32Array.from(g) } },
    });
    // a batch of 1 + 3 samples: mean loss (1·2 + 3·6)/4 = 5, gradient (1·[4, 0] + 3·[0, 8])/4 = [1, 6]
    const all = combineGradients([part(1, 2, [4, 0], [1, 2]), part(3, 6, [0, 8], [3, 4, 5, 6, 7, 8])]);
    expect(all.count).toBe(4);
    expect(all.loss).toBeCloseTo(5, 6);
    expect([...all.grads.w.data]).toEqual([1, 6]);
    expect([...all.logits]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("the gradient of a batch is the count-weighted mean of its parts' (linearity of the mean loss)", async () => {
    const engine = await Engine.create(arch, initialWeights(arch, new Rng("w")));
    const whole = await engine.gradients(batch, labels);
    const a = batchPart(arch, batch, labels, 0, 3);
    const b = batchPart(arch, batch, labels, 3, 10);
    const parts = combineGradients([
      await engine.gradients(a.batch, a.labels),
      await engine.gradients(b.batch, b.labels),
    ]);
    engine.dispose();
    expect(parts.loss).toBeCloseTo(whole.loss, 5);
    expect(largestValue(whole.grads)).toBeGreaterThan(1e-3);
    expect(largestDifference(parts.grads, whole.grads)).toBeLessThan(1e-5 * largestValue(whole.grads));
    expect(
      largestDifference({ z: { shape: [], data: parts.logits } }, { z: { shape: [], data: whole.logits } }),
    ).toBe(0);
  });

  it("a step with half the batch on a worker thread updates the weights as a step on one thread", async () => {
    const weights = initialWeights(arch, new Rng("w"));
    const single = await Engine.create(arch, weights);
    const parallel = await Engine.create(arch, weights);
    const steps = dataParallelSteps(parallel);
    try {
      for (let k = 0; k < 3; k++) {
        const one = await single.step(batch, labels, 1e-2, 1e-4);
        const two = await steps.step(batch, labels, 1e-2, 1e-4);
        expect(two.loss).toBeCloseTo(one.loss, 5);
        expect(two.correct).toBe(one.correct);
      }
      const moved = largestDifference(await single.weights(), weights);
      expect(moved).toBeGreaterThan(1e-2);
      expect(largestDifference(await parallel.weights(), await single.weights())).toBeLessThan(1e-3 * moved);
    } finally {
      single.dispose();
      parallel.dispose();
      await steps.close();
    }
  });

  it("training with two gradient threads learns the toy set", async () => {
    const rng = new Rng("toy-parallel");
    const data = { train: toySet(rng, 64), val: toySet(rng, 32) };
    const result = await train(data, {
      ...TOY_TRAINING,
      classes: [...TOY_TRAINING.classes],
      epochs: 8,
      seed: 2,
      gradientThreads: 2,
    });
    expect(result.meta.training).toMatchObject({ gradientThreads: 2 });
    expect(result.history.at(-1)!.valAccuracy).toBe(1);
  });
});
