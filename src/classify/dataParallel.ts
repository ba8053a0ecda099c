/**
 * Data-parallel training steps: the engine's Wasm kernels run on one thread, so on a 2-core machine a
 * training step left the second core to the batch-preparing worker, which needs a quarter of it. Here a
 * worker thread computes the gradient of one part of every batch while the trainer computes the other's,
 * and the trainer applies their count-weighted mean — the gradient of the whole batch's mean loss, to
 * float rounding — in one optimiser update. The weights travel to the worker with every step (0.3 MB for
 * the shipped network, against ≈ 0.5 s of arithmetic per step of 32).
 */
import { compiledModule, NanocrystError, workerChannel } from "../core/index.js";
import { type Architecture, latticeChannels, latticeGridPx } from "./architecture.js";
import {
  type BatchGradients,
  countCorrect,
  type Engine,
  type InputBatch,
  type StepResult,
} from "./engine.js";
import type { WeightMap } from "./weights.js";

/** Optimisation steps on batches; `close` when done. */
export interface Stepper {
  step(batch: InputBatch, labels: Int32Array, lr: number, weightDecay: number): Promise<StepResult>;
  close(): Promise<void>;
}

/** What the trainer sends a gradient worker: the weights and its part of the batch. */
export interface GradientRequest {
  weights: WeightMap;
  batch: InputBatch;
  labels: Int32Array;
}

/** What a gradient worker answers. */
export interface GradientReply {
  gradients?: BatchGradients;
  error?: string;
}

/**
 * Samples [start, end) of a batch of `arch`'s inputs: copies, which can be transferred to another thread,
 * or with `copy` false views into the batch's arrays.
 */
export function batchPart(
  arch: Architecture,
  batch: InputBatch,
  labels: Int32Array,
  start: number,
  end: number,
  copy = true,
): { batch: InputBatch; labels: Int32Array } {
  const part = <T extends Float32Array | Int32Array>(values: T, per: number): T =>
    (copy ? values.slice(start * per, end * per) : values.subarray(start * per, end * per)) as T;
  return {
    batch: {
      images: part(batch.images, arch.cropPx ** 2),
      spectra: part(batch.spectra, arch.spectrumPx ** 2),
      lattice: part(batch.lattice, latticeChannels(arch) * latticeGridPx(arch) ** 2),
      count: end - start,
    },
    labels: part(labels, 1),
  };
}

/**
 * The gradients of a batch from those of its parts: loss and gradient as the count-weighted means of the
 * parts' (each the mean over its own samples), logits concatenated in the parts' order.
 */
export function combineGradients(parts: readonly BatchGradients[]): BatchGradients {
  const count = parts.reduce((sum, p) => sum + p.count, 0);
  const grads: WeightMap = {};
  for (const name of Object.keys(parts[0].grads)) {
    const data = new Float32Array(parts[0].grads[name].data.length);
    for (const p of parts) {
      const g = p.grads[name].data;
      const w = p.count / count;
      for (let i = 0; i < data.length; i++) data[i] += w * g[i];
    }
    grads[name] = { shape: [...parts[0].grads[name].shape], data };
  }
  const logits = new Float32Array(parts.reduce((sum, p) => sum + p.logits.length, 0));
  let offset = 0;
  for (const p of parts) {
    logits.set(p.logits, offset);
    offset += p.logits.length;
  }
  return { count, loss: parts.reduce((sum, p) => sum + (p.count / count) * p.loss, 0), logits, grads };
}

/** Steps on the trainer's thread alone. */
export function singleThreadSteps(engine: Engine): Stepper {
  return { step: (batch, labels, lr, wd) => engine.step(batch, labels, lr, wd), close: async () => {} };
}

/**
 * Steps whose gradient is computed on two threads: the first half of every batch by a worker thread, the
 * rest by `engine`, which then applies the combined gradient.
 */
export function dataParallelSteps(engine: Engine): Stepper {
  const { arch } = engine;
  const file = compiledModule(
    new URL("./gradientWorker.js", import.meta.url),
    "classify",
    "gradientWorker.js",
  );
  const channel = workerChannel<GradientRequest, GradientReply>(file, arch);
  const ask = (request: GradientRequest) =>
    channel.ask(request, [
      ...Object.values(request.weights).map((t) => t.data.buffer as ArrayBuffer),
      request.batch.images.buffer as ArrayBuffer,
      request.batch.spectra.buffer as ArrayBuffer,
      request.batch.lattice.buffer as ArrayBuffer,
      request.labels.buffer as ArrayBuffer,
    ]);
  return {
    async step(batch, labels, lr, weightDecay) {
      const half = Math.floor(batch.count / 2);
      if (half === 0) return engine.step(batch, labels, lr, weightDecay);
      const theirs = ask({ weights: await engine.weights(), ...batchPart(arch, batch, labels, 0, half) });
      // this thread's half stays in place: only the worker's must be copied to be transferred
      const mine = batchPart(arch, batch, labels, half, batch.count, false);
      const own = await engine.gradients(mine.batch, mine.labels);
      const reply = await theirs;
      if (!reply.gradients) throw new NanocrystError("internal", `gradient worker: ${reply.error}`);
      const all = combineGradients([reply.gradients, own]);
      engine.applyGradients(all.grads, lr, weightDecay);
      return { loss: all.loss, correct: countCorrect(all.logits, labels, arch.classes) };
    },
    close: () => channel.close(),
  };
}
