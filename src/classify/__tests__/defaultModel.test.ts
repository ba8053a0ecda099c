import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { INPUT_PIXEL_SIZE_NM } from "../architecture.js";
import { defaultModelDir, loadModel } from "../model.js";
import { predict } from "../predict.js";
import { toyParticle } from "./toy.js";

describe("the shipped default models", () => {
  it("loadModel() without a folder loads the 3-class model; the 2-class one is its network read in two classes", async () => {
    const three = await loadModel();
    const two = await loadModel(defaultModelDir(2));
    try {
      expect(three.classes).toEqual(["amorphous", "monocrystalline", "polycrystalline"]);
      expect(three.meta.metrics?.test).toBeDefined();
      expect(two.classes).toEqual(["amorphous", "crystalline"]);
      expect(two.meta.networkClasses).toEqual(three.classes);
      const particle = toyParticle(new Rng("default"), true).particle;
      const [p3] = await predict(three, [particle]);
      const [p2] = await predict(two, [particle]);
      for (const [m, p] of [
        [three, p3],
        [two, p2],
      ] as const) {
        expect(m.meta.input.pixelSizeNm).toBe(INPUT_PIXEL_SIZE_NM);
        expect(m.meta.training?.data).toBeDefined();
        expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
      expect(p2[1]).toBeCloseTo(p3[1] + p3[2], 6);
    } finally {
      three.engine.dispose();
      two.engine.dispose();
    }
  });
});

describe("the shipped 3-class model on both engines", () => {
  it("onnxruntime-node and jax-js give the same classes and probabilities within 1e-4", async () => {
    const rng = new Rng("engines");
    const particles = Array.from({ length: 6 }, (_, i) => toyParticle(rng, i % 2 === 1).particle);
    const onnx = await loadModel(undefined, { engine: "onnxruntime" });
    const jax = await loadModel(undefined, { engine: "jax-js" });
    try {
      const a = await predict(onnx, particles);
      const b = await predict(jax, particles);
      for (let i = 0; i < particles.length; i++) {
        expect(b[i].indexOf(Math.max(...b[i]))).toBe(a[i].indexOf(Math.max(...a[i])));
        for (let k = 0; k < a[i].length; k++) expect(Math.abs(a[i][k] - b[i][k])).toBeLessThan(1e-4);
      }
    } finally {
      onnx.engine.dispose();
      jax.engine.dispose();
    }
  });
});
