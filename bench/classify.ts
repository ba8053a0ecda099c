/**
 * Classifier throughput of the shipped default 3-class model (its architecture, input pixel size and
 * symmetry views from `models/default-3class/model.json`): particle images per second for input preparation
 * (resampling + spectrum), network inference on both engines (jax-js Wasm and onnxruntime-node, same
 * weights), the whole `predict` call as `classify` runs it (1 and 8 symmetry views; with 8, once more with
 * every chunk prepared on the calling thread instead of the worker pool, `vsSerial` = speed-up), and a
 * training step, its gradient on one thread or on two.
 * Inputs: synthetic 80×80 cut-outs at 0.04 nm/px (the network's pixel size) with a 3 nm disc mask.
 * Baseline: preparation alone. The target of issue #7 is ≥ 200 particle images/s for `classify`.
 * Second table: a training epoch on cut-outs at 0.03 nm/px (resampled, as most camera pixels are), its
 * batches prepared between the steps (baseline) or one step ahead by the worker thread `train` uses, and
 * with that each batch's gradient computed half on a second worker thread (`train --threads 2`).
 */
import { type BatchPlan, epochBatches, workerBatches } from "../src/classify/batches.js";
import { dataParallelSteps } from "../src/classify/dataParallel.js";
import { Engine } from "../src/classify/engine.js";
import { createOnnxEngine } from "../src/classify/engineOnnx.js";
import { defaultModelDir, loadModel } from "../src/classify/model.js";
import { predict } from "../src/classify/predict.js";
import { prepareInputs } from "../src/classify/prepare.js";
import { setPrepareWorkers } from "../src/classify/preparePool.js";
import type { ParticleImage } from "../src/classify/resample.js";
import { initialWeights } from "../src/classify/weights.js";
import { Rng } from "../src/core/index.js";
import { report, time } from "./harness.js";

function particles(n: number, rng: Rng, pixelSizeNm = 0.04): ParticleImage[] {
  const size = Math.round(3.2 / pixelSizeNm);
  const radiusPx = 1.5 / pixelSizeNm;
  const centre = size / 2;
  return Array.from({ length: n }, () => {
    const data = Float32Array.from({ length: size * size }, () => rng.uniform());
    const mask = new Uint8Array(size * size);
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++)
        mask[r * size + c] = (r - centre) ** 2 + (c - centre) ** 2 < radiusPx ** 2 ? 1 : 0;
    return { data, width: size, height: size, pixelSizeNm: { x: pixelSizeNm, y: pixelSizeNm }, mask };
  });
}

/** Runs the classifier benchmark. */
export async function benchClassify(): Promise<void> {
  const n = 256;
  const rng = new Rng("bench-classify");
  const model = await loadModel(defaultModelDir(3), { engine: "onnxruntime" });
  const arch = model.meta.architecture;
  const pixelSizeNm = model.meta.input.pixelSizeNm;
  const views = model.meta.inference?.views ?? 1;
  const items = particles(n, rng);
  const engine = await Engine.create(arch, initialWeights(arch, rng));
  const onnx = await createOnnxEngine(arch, await engine.weights());
  if (!onnx) throw new Error("onnxruntime-node cannot be loaded");
  const batch = prepareInputs(items, arch, pixelSizeNm);
  const perSecond = (ms: number, count: number) => ((1000 * count) / ms).toFixed(0);
  const label = `${arch.cropPx} px at ${pixelSizeNm} nm`;
  const prep = await time(`prepare ${n} images (${label})`, () => prepareInputs(items, arch, pixelSizeNm), 3);
  const infer = await time(`infer ${n} images (jax-js wasm)`, () => engine.predict(batch), 3);
  const inferOnnx = await time(`infer ${n} images (onnxruntime-node)`, () => onnx.predict(batch), 3);
  const one = await time(`classify ${n} images, 1 view`, () => predict(model, items, { views: 1 }), 3);
  const eight = await time(`classify ${n} images, 8 views`, () => predict(model, items, { views: 8 }), 3);
  await setPrepareWorkers(0);
  const eightSerial = await time(
    `classify ${n} images, 8 views, serial preparation`,
    () => predict(model, items, { views: 8 }),
    3,
  );
  await setPrepareWorkers();
  const labels = Int32Array.from({ length: 32 }, (_, i) => i % 3);
  const step = await time(
    "train step, batch 32 (incl. augmentation)",
    async () => {
      const augmented = prepareInputs(items.slice(0, 32), arch, pixelSizeNm, { rng, strength: 1 });
      return engine.step(augmented, labels, 1e-3, 1e-4);
    },
    3,
  );
  const parallel = dataParallelSteps(engine);
  const stepTwoThreads = await time(
    "train step, batch 32 (incl. augmentation), gradients on 2 threads",
    async () => {
      const augmented = prepareInputs(items.slice(0, 32), arch, pixelSizeNm, { rng, strength: 1 });
      return parallel.step(augmented, labels, 1e-3, 1e-4);
    },
    3,
  );
  prep.extra = { imagesPerS: perSecond(prep.medianMs, n) };
  infer.extra = { imagesPerS: perSecond(infer.medianMs, n) };
  inferOnnx.extra = { imagesPerS: perSecond(inferOnnx.medianMs, n) };
  one.extra = { imagesPerS: perSecond(one.medianMs, n), target: 200, shipped: views === 1 ? "yes" : "no" };
  eight.extra = {
    imagesPerS: perSecond(eight.medianMs, n),
    target: 200,
    shipped: views === 8 ? "yes" : "no",
    vsSerial: (eightSerial.medianMs / eight.medianMs).toFixed(2),
  };
  eightSerial.extra = { imagesPerS: perSecond(eightSerial.medianMs, n) };
  step.extra = { imagesPerS: perSecond(step.medianMs, 32) };
  stepTwoThreads.extra = { imagesPerS: perSecond(stepTwoThreads.medianMs, 32) };
  report("classify: particle images per second", prep, [
    prep,
    infer,
    inferOnnx,
    one,
    eight,
    eightSerial,
    step,
    stepTwoThreads,
  ]);
  const plan: BatchPlan = {
    particles: particles(256, rng, 0.03),
    labels: Int32Array.from({ length: 256 }, (_, i) => i % 3),
    arch,
    inputPixelSizeNm: pixelSizeNm,
    batchSize: 32,
    augmentStrength: 0.5,
    seed: 1,
  };
  const inline = await time(
    "train epoch, 8 batches of 32 prepared between the steps",
    async () => {
      for (const { batch, labels } of epochBatches(plan, 0)) await engine.step(batch, labels, 1e-3, 1e-4);
    },
    3,
  );
  const source = workerBatches(plan);
  const ahead = await time(
    "train epoch, 8 batches of 32 prepared one step ahead (worker)",
    async () => {
      for await (const { batch, labels } of source.epoch(0)) await engine.step(batch, labels, 1e-3, 1e-4);
    },
    3,
  );
  const twoThreads = await time(
    "train epoch, prepared one step ahead, gradients on 2 threads (train's default)",
    async () => {
      for await (const { batch, labels } of source.epoch(0)) await parallel.step(batch, labels, 1e-3, 1e-4);
    },
    3,
  );
  await Promise.all([source.close(), parallel.close()]);
  inline.extra = { imagesPerS: perSecond(inline.medianMs, 256) };
  ahead.extra = { imagesPerS: perSecond(ahead.medianMs, 256) };
  twoThreads.extra = { imagesPerS: perSecond(twoThreads.medianMs, 256) };
  report(`training (${arch.convsPerStage} convolution(s) per stage), 0.03 nm/px cut-outs`, inline, [
    inline,
    ahead,
    twoThreads,
  ]);
  engine.dispose();
  onnx.dispose();
  model.engine.dispose();
}
