import { numpy as np, valueAndGrad } from "@jax-js/jax";
import { describe, expect, it } from "vitest";
import { initialiseJax } from "../../jaxLayers.js";
import { segmentationLoss } from "../network.js";

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/**
 * Loss and gradient in float64 from the formulas: BCE mean (1/N)Σ[softplus(z) − zy], gradient (p − y)/N;
 * Dice 1 − 2Σpy/(Σp + Σy + 1), gradient −2[y(Σp + Σy + 1) − Σpy]/(Σp + Σy + 1)² · p(1 − p).
 */
function analytic(z: number[], y: number[]): { loss: number; gradient: number[] } {
  const n = z.length;
  const p = z.map(sigmoid);
  const overlap = p.reduce((a, v, i) => a + v * y[i], 0);
  const denominator = p.reduce((a, v) => a + v, 0) + y.reduce((a, v) => a + v, 0) + 1;
  const bce = z.reduce((a, v, i) => a + softplus(v) - v * y[i], 0) / n;
  return {
    loss: bce + 1 - (2 * overlap) / denominator,
    gradient: z.map(
      (_, i) =>
        (p[i] - y[i]) / n - ((2 * (y[i] * denominator - overlap)) / denominator ** 2) * p[i] * (1 - p[i]),
    ),
  };
}

describe("segmentation loss", () => {
  it.each([
    ["moderate logits", [-3, -1, -0.2, 0, 0.4, 1.5, 2, 4], [0, 0, 1, 0.5, 1, 1, 0, 1]],
    // below −88 e^−z overflows float32: a sigmoid written 1/(1 + e^−z) gives a NaN gradient there
    ["logits far past float32's exp range", [-200, -120, -90, -5, 0, 5, 90, 200], [0, 1, 0, 0.3, 1, 1, 0, 1]],
  ])("%s: the loss and its gradient are the formulas' values, and finite", async (_, z, y) => {
    await initialiseJax();
    const [loss, gradient] = valueAndGrad(segmentationLoss)(
      np.array(new Float32Array(z)).reshape([1, 2, 4]),
      np.array(new Float32Array(y)).reshape([1, 2, 4]),
    );
    const expected = analytic(z, y);
    const got = Array.from((await gradient.data()) as Float32Array);
    expect(got.every(Number.isFinite)).toBe(true);
    expect(((await loss.data()) as Float32Array)[0]).toBeCloseTo(expected.loss, 4);
    for (const [i, g] of got.entries()) expect(g).toBeCloseTo(expected.gradient[i], 5);
  });
});
