/** Worker-thread entry of `workerBatches`: prepares the requested batch of the requested epoch. */
import { parentPort, workerData } from "node:worker_threads";
import { type BatchPlan, epochBatches, type TrainingBatch, type WorkerReply } from "./batches.js";

const plan = workerData as BatchPlan;
let current: { epoch: number; index: number; batches: Generator<TrainingBatch> } | null = null;

parentPort?.on("message", ({ epoch, index }: { epoch: number; index: number }) => {
  let reply: WorkerReply;
  try {
    // batches are asked for in order; a new epoch (or a restart) begins a fresh generator
    if (!current || current.epoch !== epoch || current.index !== index) {
      current = { epoch, index: 0, batches: epochBatches(plan, epoch) };
      for (; current.index < index; current.index++) current.batches.next();
    }
    const next = current.batches.next();
    current.index++;
    reply = { batch: next.done ? null : next.value };
  } catch (e) {
    reply = { error: (e as Error).message ?? String(e) };
  }
  const transfer = reply.batch
    ? [
        reply.batch.batch.images.buffer,
        reply.batch.batch.spectra.buffer,
        reply.batch.batch.lattice.buffer,
        reply.batch.labels.buffer,
      ]
    : [];
  parentPort!.postMessage(reply, transfer as ArrayBuffer[]);
});
