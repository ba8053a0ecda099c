/**
 * One worker thread that answers requests in the order they were asked: the training's batch preparer and
 * gradient worker both talk to theirs this way. A worker that fails answers every pending and later request
 * with `{ error }`, so a caller awaiting a reply never hangs.
 */
import { Worker } from "node:worker_threads";

/** Requests to one worker thread, answered in order; `close` when done. */
export interface WorkerChannel<Request, Reply extends { error?: string }> {
  /** Posts `request` (moving the `transfer` buffers) and resolves with the worker's reply to it. */
  ask(request: Request, transfer?: ArrayBuffer[]): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * Starts the worker `file` with `workerData`.
 * @param file compiled worker module (see {@link compiledModule})
 */
export function workerChannel<Request, Reply extends { error?: string }>(
  file: string,
  workerData: unknown,
): WorkerChannel<Request, Reply> {
  const worker = new Worker(file, { workerData });
  let failure: Error | null = null;
  const waiting: ((reply: Reply) => void)[] = [];
  worker.on("message", (reply: Reply) => waiting.shift()?.(reply));
  worker.on("error", (e) => {
    failure = e;
    for (const resolve of waiting.splice(0)) resolve({ error: e.message } as Reply);
  });
  return {
    ask: (request, transfer = []) =>
      new Promise<Reply>((resolve) => {
        if (failure) resolve({ error: failure.message } as Reply);
        else {
          waiting.push(resolve);
          worker.postMessage(request, transfer);
        }
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
