/**
 * A persistent pool of worker threads that prepare network inputs (`prepareViews`), so that `predict` runs
 * the network on one chunk of particles while the workers prepare the next ones: with 8 symmetry views,
 * preparation is about 2/3 of `classify`'s time, which on the calling thread cannot overlap the network.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { compiledModule } from "../core/index.js";
import type { Architecture } from "./architecture.js";
import type { InputBatch } from "./engine.js";
import { type PrepareRequest, packParticles, transferList, type WorkerMessage } from "./prepareTransfer.js";
import type { Geometry, ParticleImage } from "./resample.js";

/**
 * What the pool answers for a chunk: its prepared views; the message of what `prepareViews` threw in the
 * worker; or nothing because the pool stopped (a worker failed, which the pool has reported).
 */
export type PoolResult = { batches: InputBatch[] } | { error: string } | { stopped: true };

/** A chunk handed to the pool. */
export interface PoolRequest {
  /** The answer; never rejects. */
  readonly result: Promise<PoolResult>;
  /** Takes the chunk back if no worker has begun it (then true, and `result` never settles). */
  withdraw(): boolean;
}

interface Task {
  request: PrepareRequest;
  resolve: (result: PoolResult) => void;
}

interface Slot {
  worker: Worker;
  /** False until the worker has loaded its modules: requests wait in the queue, where they can be withdrawn. */
  ready: boolean;
  /** The request the worker is on; a worker takes one at a time, so its reply is this one's. */
  task: Task | null;
}

/** Worker threads preparing inputs, each request on the first free worker, in the order asked. */
export class PreparePool {
  private readonly slots: Slot[];
  private readonly queue: Task[] = [];
  private stopped = false;

  /** @param file the compiled prepareWorker.js */
  constructor(
    file: string,
    readonly size: number,
  ) {
    this.slots = Array.from({ length: size }, () => {
      const slot: Slot = { worker: new Worker(file), ready: false, task: null };
      slot.worker.on("message", (message: WorkerMessage) => this.receive(slot, message));
      slot.worker.on("error", (e) => this.fail(e.message));
      slot.worker.on("messageerror", (e) => this.fail(e.message));
      slot.worker.on("exit", (code) => this.fail(`exited with code ${code}`));
      return slot;
    });
    // after the listeners: adding a message listener references the worker's port again
    this.reference();
  }

  /** False once a worker failed or the pool was closed: callers then prepare on their own thread. */
  get running(): boolean {
    return !this.stopped;
  }

  /**
   * Asks a worker for the views of `particles`, as `prepareViews(particles, arch, inputPixelSizeNm, views)`
   * would return them. The particles are copied now.
   * @param inputPixelSizeNm the model's input pixel size [nm]
   */
  prepare(
    particles: readonly ParticleImage[],
    arch: Architecture,
    inputPixelSizeNm: number,
    views: readonly Geometry[],
  ): PoolRequest {
    if (this.stopped) return { result: Promise.resolve({ stopped: true }), withdraw: () => false };
    let resolve!: (result: PoolResult) => void;
    const result = new Promise<PoolResult>((settle) => {
      resolve = settle;
    });
    const task = { request: { particles: packParticles(particles), arch, inputPixelSizeNm, views }, resolve };
    this.queue.push(task);
    this.dispatch();
    return {
      result,
      withdraw: () => {
        const at = this.queue.indexOf(task);
        if (at >= 0) this.queue.splice(at, 1);
        this.reference();
        return at >= 0;
      },
    };
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      const task = slot.ready && !slot.task ? this.queue.shift() : undefined;
      if (!task) continue;
      slot.task = task;
      slot.worker.postMessage(task.request, transferList(task.request.particles));
    }
    this.reference();
  }

  /**
   * Lets a worker keep the process alive only while it has work: its request, or requests waiting while it
   * loads. An idle worker must not keep a finished CLI from exiting; a busy one must, or a CLI awaiting its
   * answer with nothing else pending would exit mid-call.
   */
  private reference(): void {
    for (const slot of this.slots)
      if (slot.task || (!slot.ready && this.queue.length > 0)) slot.worker.ref();
      else slot.worker.unref();
  }

  private receive(slot: Slot, message: WorkerMessage): void {
    if (message === "ready") slot.ready = true;
    else {
      const task = slot.task;
      slot.task = null;
      task?.resolve(message);
    }
    this.dispatch();
  }

  private fail(reason: string): void {
    if (this.stopped) return;
    process.emitWarning(
      `nanocryst: an input preparation worker failed (${reason}); preparing on the main thread instead`,
    );
    void this.close();
  }

  /** Stops the workers; pending requests answer `stopped`. */
  async close(): Promise<void> {
    this.stopped = true;
    for (const slot of this.slots) {
      slot.task?.resolve({ stopped: true });
      slot.task = null;
    }
    for (const task of this.queue.splice(0)) task.resolve({ stopped: true });
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}

/**
 * Workers of the shared pool. Two keep both cores of the 2-core machine this is tuned on busy while the
 * calling thread waits on the network (ONNX Runtime, about 0.6× preparation's time with 8 views); each
 * more holds one more prepared chunk in memory (≈ 29 MB for the shipped model with 8 views). One core: no
 * workers, as nothing would run alongside.
 */
const DEFAULT_WORKERS = availableParallelism() > 1 ? 2 : 0;
let workerCount = DEFAULT_WORKERS;
let shared: PreparePool | null | undefined;

/**
 * The shared pool; null without workers, once the pool has failed, or when it has not started and `start`
 * is false (starting costs each worker ≈ 0.2 s of CPU loading its modules, which a small call
 * would not win back).
 */
export function preparePool(start = true): PreparePool | null {
  if (shared === undefined && start) shared = workerCount > 0 ? startPool(workerCount) : null;
  return shared?.running ? shared : null;
}

/**
 * Sets the shared pool's size from the next call on (0: prepare on the calling thread; absent: the default
 * above); a running pool is closed. Tests and benchmarks compare the pooled and the serial path with it.
 */
export async function setPrepareWorkers(count = DEFAULT_WORKERS): Promise<void> {
  workerCount = count;
  const previous = shared;
  shared = undefined;
  await previous?.close();
}

function startPool(size: number): PreparePool | null {
  try {
    const file = compiledModule(
      new URL("./prepareWorker.js", import.meta.url),
      "classify",
      "prepareWorker.js",
    );
    return new PreparePool(file, size);
  } catch (e) {
    process.emitWarning(`nanocryst: ${(e as Error).message}; preparing inputs on the main thread`);
    return null;
  }
}
