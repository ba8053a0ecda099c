import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { architecture } from "../architecture.js";
import { Engine } from "../engine.js";
import { createOnnxEngine } from "../engineOnnx.js";
import { prepareInputs } from "../prepare.js";
import { initialWeights } from "../weights.js";
import { toySet } from "./toy.js";

describe("ONNX export", () => {
  it("ONNX Runtime and the jax-js engine give the same probabilities (and classes) for the same weights", async () => {
    const arch = architecture("small", 3);
    const rng = new Rng("onnx");
    const weights = initialWeights(arch, rng);
    // non-zero biases and a stronger head so that the comparison is not between near-uniform outputs
    for (const [name, t] of Object.entries(weights)) {
      if (name.endsWith(".b")) for (let i = 0; i < t.data.length; i++) t.data[i] = rng.range(-0.2, 0.2);
      if (name === "dense.w") for (let i = 0; i < t.data.length; i++) t.data[i] *= 20;
    }
    const batch = prepareInputs(
      toySet(rng, 40).map((s) => s.particle),
      arch,
      0.08,
    );
    const jax = await Engine.create(arch, weights);
    const onnx = await createOnnxEngine(arch, weights);
    expect(onnx).not.toBeNull();
    const a = await jax.predict(batch);
    const b = await onnx!.predict(batch);
    jax.dispose();
    onnx!.dispose();
    expect(b.length).toBe(a.length);
    let spread = 0;
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5);
      spread = Math.max(spread, a[i]);
    }
    expect(spread).toBeGreaterThan(0.5);
  });
});
