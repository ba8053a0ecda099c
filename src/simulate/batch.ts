/**
 * Simulating many images on all cores: a small pool of worker threads, each running `simulateImage`.
 * Jobs carry their own seed key so results do not depend on which worker ran them or in which order.
 * The dataset layer may use this or parallelise at the sample level itself; either way one image is
 * simulated by one thread.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { type ErrorKind, NanocrystError } from "../core/index.js";
import type { Structure } from "../structure/structure.js";
import type { SimulatedImage } from "./image.js";
import type { Microscope } from "./microscope.js";
import type { SimulationOptionsInput } from "./options.js";

/** One image to simulate; `seed` keys the `Rng` (`new Rng(seed)`) used for phonons and noise. */
export interface SimulationJob {
  readonly structure: Structure;
  readonly microscope: Microscope;
  readonly options: SimulationOptionsInput;
  readonly seed: number | string | readonly (number | string)[];
}

/** Options of `simulateBatch`. */
export interface BatchOptions {
  /** Worker threads. @default the machine's available parallelism */
  readonly workers?: number;
  /** Called as each image finishes (in completion order) with its job index. */
  readonly onResult?: (index: number, image: SimulatedImage) => void;
}

interface WorkerReply {
  readonly index: number;
  readonly image?: SimulatedImage;
  readonly error?: { message: string; kind?: string; file?: string };
}

/**
 * Simulates every job on a pool of worker threads and returns the images in job order.
 * Requires the compiled package (`dist/`): workers load `worker.js` beside this module.
 * @throws the first failing job's error (a NanocrystError keeps its kind and file) after stopping the pool
 */
export async function simulateBatch(
  jobs: readonly SimulationJob[],
  options: BatchOptions = {},
): Promise<SimulatedImage[]> {
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), jobs.length));
  const results: SimulatedImage[] = new Array(jobs.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      if (jobs.length === 0) resolve();
      const feed = (worker: Worker) => {
        if (next >= jobs.length) return;
        const index = next++;
        worker.postMessage({ index, job: jobs[index] });
      };
      for (let w = 0; w < count; w++) {
        const worker = new Worker(new URL("./worker.js", import.meta.url));
        workers.push(worker);
        worker.on("message", (reply: WorkerReply) => {
          if (reply.error) {
            const { message, kind, file } = reply.error;
            reject(kind ? new NanocrystError(kind as ErrorKind, message, { file }) : new Error(message));
            return;
          }
          results[reply.index] = reply.image!;
          options.onResult?.(reply.index, reply.image!);
          done++;
          if (done === jobs.length) resolve();
          else feed(worker);
        });
        worker.on("error", reject);
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
