import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { architecture } from "../architecture.js";
import { Engine } from "../engine.js";
import { createOnnxEngine } from "../engineOnnx.js";
import { prepareInputs } from "../prepare.js";
import { initialWeights } from "../weights.js";
import { toySet } from "./toy.js";

describe("ONNX export", () => {
  it.each([
    { crop: 64, pixelSizeNm: 0.08, preset: "small" as const, phase: false },
    { crop: 128, pixelSizeNm: 0.04, preset: "small" as const, phase: false },
    { crop: 64, pixelSizeNm: 0.08, preset: "deep" as const, phase: false },
    { crop: 64, pixelSizeNm: 0.08, preset: "wide4" as const, phase: false },
    { crop: 128, pixelSizeNm: 0.04, preset: "small" as const, phase: true },
  ])(
    "ONNX Runtime and the jax-js engine give the same probabilities for the same weights (crop $crop px, $preset, phase maps: $phase)",
    async ({ crop, pixelSizeNm, preset, phase }) => {
      const arch = architecture(preset, 3, crop, crop / 32, 4, phase);
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
        pixelSizeNm,
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
      // the stems are space-to-depth blocks of cropPx/32 (image) and cropPx/64 (spectrum)
      expect([arch.imageStemPx, arch.spectrumStemPx]).toEqual([crop / 32, Math.max(1, crop / 64)]);
    },
  );

  it("runs a batch larger than one ONNX Runtime call (256 particles) in parts, each particle as alone", async () => {
    const arch = architecture("tiny", 3, 64);
    const rng = new Rng("onnx-parts");
    const weights = initialWeights(arch, rng);
    const particles = toySet(rng, 30).map((s) => s.particle);
    const onnx = await createOnnxEngine(arch, weights);
    expect(onnx).not.toBeNull();
    const alone = await onnx!.predict(prepareInputs(particles, arch, 0.08));
    // 300 particles: the 30 repeated ten times, so the second call's particles are known
    const many = await onnx!.predict(prepareInputs(Array(10).fill(particles).flat(), arch, 0.08));
    onnx!.dispose();
    expect(many.length).toBe(10 * alone.length);
    for (let copy = 0; copy < 10; copy++)
      for (let i = 0; i < alone.length; i++) expect(many[copy * alone.length + i]).toBeCloseTo(alone[i], 6);
  });
});
