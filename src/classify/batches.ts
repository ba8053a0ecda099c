import { compiledModule, NanocrystError, Rng, workerChannel } from "../core/index.js";
import type { Architecture } from "./architecture.js";
import type { InputBatch } from "./engine.js";
import { prepareInputs } from "./prepare.js";
import type { ParticleImage } from "./resample.js";

/** One optimisation step's inputs: augmented network inputs and their labels. */
export interface TrainingBatch {
  batch: InputBatch;
  labels: Int32Array;
}

/** Everything that fixes the batches of every epoch. */
export interface BatchPlan {
  particles: readonly ParticleImage[];
  labels: Int32Array;
  arch: Architecture;
  inputPixelSizeNm: number;
  batchSize: number;
  augmentStrength: number;
  seed: number;
}

/**
 * The batches of epoch `epoch` in order: the epoch's generator `Rng([seed, "epoch", epoch])` shuffles the
 * samples, then draws every batch's augmentation in turn, so an epoch's batches depend on nothing else
 * (a resumed run and a prefetching worker produce the same bytes).
 */
export function* epochBatches(plan: BatchPlan, epoch: number): Generator<TrainingBatch> {
  const n = plan.particles.length;
  const rng = new Rng([plan.seed, "epoch", epoch]);
  const order = shuffled(n, rng);
  const batchSize = Math.min(plan.batchSize, n);
  for (let b = 0; b < batchesPerEpoch(plan); b++) {
    const picked = order.subarray(b * batchSize, (b + 1) * batchSize);
    const batch = prepareInputs(
      Array.from(picked, (i) => plan.particles[i]),
      plan.arch,
      plan.inputPixelSizeNm,
      { rng, strength: plan.augmentStrength },
    );
    yield { batch, labels: Int32Array.from(picked, (i) => plan.labels[i]) };
  }
}

/** Whole batches per epoch (the last incomplete one is dropped; one batch when the set is smaller). */
export function batchesPerEpoch(plan: Pick<BatchPlan, "particles" | "batchSize">): number {
  const n = plan.particles.length;
  return Math.floor(n / Math.min(plan.batchSize, n));
}

/** Fisher–Yates permutation of 0..n−1. */
function shuffled(n: number, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/** A source of training batches, epoch by epoch; `close` when done. */
export interface BatchSource {
  epoch(epoch: number): AsyncGenerator<TrainingBatch>;
  close(): Promise<void>;
}

/**
 * Batches prepared by a worker thread one step ahead: resampling and augmenting a batch costs about as much
 * as a small network's step, and on a machine with a free core it now overlaps the step. The batches are
 * those of {@link epochBatches}, byte for byte.
 */
export function workerBatches(plan: BatchPlan): BatchSource {
  const file = compiledModule(new URL("./batchWorker.js", import.meta.url), "classify", "batchWorker.js");
  const channel = workerChannel<{ epoch: number; index: number }, WorkerReply>(file, plan);
  const request = (epoch: number, index: number) => channel.ask({ epoch, index });
  return {
    async *epoch(epoch) {
      let next = request(epoch, 0);
      for (let index = 0; ; index++) {
        const reply = await next;
        if (reply.error !== undefined) throw new NanocrystError("internal", `batch worker: ${reply.error}`);
        if (!reply.batch) return;
        next = request(epoch, index + 1);
        yield reply.batch;
      }
    },
    close: () => channel.close(),
  };
}

/** What the worker answers: the requested batch, nothing after the epoch's last, or what went wrong. */
export interface WorkerReply {
  batch?: TrainingBatch | null;
  error?: string;
}
