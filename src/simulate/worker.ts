/** Worker-thread entry of `simulateBatch`: simulates each job it receives and posts the image back. */
import { parentPort } from "node:worker_threads";
import { NanocrystError, Rng } from "../core/index.js";
import type { SimulationJob } from "./batch.js";
import { simulateImage } from "./image.js";

parentPort?.on("message", ({ index, job }: { index: number; job: SimulationJob }) => {
  try {
    const image = simulateImage(job.structure, job.microscope, job.options, new Rng(job.seed as never));
    const transfer = [image.intensity.buffer, image.particleMask.buffer];
    if (image.exitWave) transfer.push(image.exitWave.buffer);
    parentPort!.postMessage({ index, image }, transfer as ArrayBuffer[]);
  } catch (e) {
    const error =
      e instanceof NanocrystError
        ? { message: e.message, kind: e.kind, file: e.file }
        : { message: (e as Error).message ?? String(e) };
    parentPort!.postMessage({ index, error });
  }
});
