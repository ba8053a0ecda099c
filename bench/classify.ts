/**
 * Classifier throughput (the shipped `wide` network): particle images per second for input preparation
 * (resampling + spectrum), network inference, and a training step, on synthetic 64×64 cut-outs at
 * 0.05 nm/px. Baseline: preparation alone.
 * The target of issue #7 is ≥ 200 particle images/s for `classify` (preparation + inference); inference is
 * measured on both engines (jax-js Wasm and onnxruntime-node) with the same weights.
 */
import { architecture, INPUT_PIXEL_SIZE_NM } from "../src/classify/architecture.js";
import { Engine } from "../src/classify/engine.js";
import { createOnnxEngine } from "../src/classify/engineOnnx.js";
import { prepareInputs } from "../src/classify/prepare.js";
import type { ParticleImage } from "../src/classify/resample.js";
import { initialWeights } from "../src/classify/weights.js";
import { Rng } from "../src/core/index.js";
import { report, time } from "./harness.js";

function particles(n: number, rng: Rng): ParticleImage[] {
  return Array.from({ length: n }, () => {
    const size = 64;
    const data = Float32Array.from({ length: size * size }, () => rng.uniform());
    const mask = new Uint8Array(size * size);
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++) mask[r * size + c] = (r - 32) ** 2 + (c - 32) ** 2 < 625 ? 1 : 0;
    return { data, width: size, height: size, pixelSizeNm: { x: 0.05, y: 0.05 }, mask };
  });
}

/** Runs the classifier benchmark. */
export async function benchClassify(): Promise<void> {
  const n = 256;
  const rng = new Rng("bench-classify");
  const arch = architecture("wide", 3);
  const items = particles(n, rng);
  const engine = await Engine.create(arch, initialWeights(arch, rng));
  const batch = prepareInputs(items, arch, INPUT_PIXEL_SIZE_NM);
  const perSecond = (ms: number, count: number) => ((1000 * count) / ms).toFixed(0);
  const prep = await time(`prepare ${n} images`, () => prepareInputs(items, arch, INPUT_PIXEL_SIZE_NM), 3);
  const weights = await engine.weights();
  const onnx = await createOnnxEngine(arch, weights);
  if (!onnx) throw new Error("onnxruntime-node cannot be loaded");
  const infer = await time(`infer ${n} images (jax-js wasm)`, () => engine.predict(batch), 3);
  const inferOnnx = await time(`infer ${n} images (onnxruntime-node)`, () => onnx.predict(batch), 3);
  const classify = await time(
    `classify ${n} images (prepare + onnxruntime)`,
    async () => onnx.predict(prepareInputs(items, arch, INPUT_PIXEL_SIZE_NM)),
    3,
  );
  const trainBatch = prepareInputs(items.slice(0, 32), arch, INPUT_PIXEL_SIZE_NM, { rng, strength: 1 });
  const labels = Int32Array.from({ length: 32 }, (_, i) => i % 3);
  const step = await time("train step, batch 32", () => engine.step(trainBatch, labels, 1e-3, 1e-4), 3);
  prep.extra = { imagesPerS: perSecond(prep.medianMs, n) };
  infer.extra = { imagesPerS: perSecond(infer.medianMs, n) };
  inferOnnx.extra = { imagesPerS: perSecond(inferOnnx.medianMs, n) };
  classify.extra = { imagesPerS: perSecond(classify.medianMs, n), target: 200 };
  step.extra = { imagesPerS: perSecond(step.medianMs, 32) };
  report("classify: particle images per second", prep, [prep, infer, inferOnnx, classify, step]);
  engine.dispose();
  onnx.dispose();
}
