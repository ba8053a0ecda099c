import { NanocrystError } from "../../core/index.js";
import { readMicrograph } from "../readMicrograph.js";

/** How one read of a damaged file ended. */
export interface ReadOutcome {
  /** ok: read an image; rejected: one-line input error; crash: anything else (a bug). */
  status: "ok" | "rejected" | "crash";
  message: string;
  ms: number;
  /** CPU time of the process during the read [ms]: what a hang consumes, unlike wall time on a busy machine. */
  cpuMs: number;
  /** Growth of heap + ArrayBuffer memory across the read, result still alive [bytes]. */
  allocatedBytes: number;
}

/**
 * Reads one file the way users do and classifies the outcome. A rejection must be a NanocrystError of kind
 * input (or usage) naming the file on one line; a success must be self-consistent (data length = width × height).
 */
export async function readOne(path: string): Promise<ReadOutcome> {
  const before = process.memoryUsage();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const cpuMs = () => {
    const c = process.cpuUsage(cpu0);
    return (c.user + c.system) / 1000;
  };
  try {
    const m = await readMicrograph(path, { allowNonImage: true });
    const ms = performance.now() - t0;
    const cpu = cpuMs();
    const after = process.memoryUsage();
    const allocatedBytes = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
    const consistent =
      Number.isSafeInteger(m.width) &&
      Number.isSafeInteger(m.height) &&
      m.width >= 1 &&
      m.height >= 1 &&
      m.data.length === m.width * m.height;
    return consistent
      ? { status: "ok", message: "", ms, cpuMs: cpu, allocatedBytes }
      : {
          status: "crash",
          message: `inconsistent result ${m.width}×${m.height} with ${m.data.length} values`,
          ms,
          cpuMs: cpu,
          allocatedBytes,
        };
  } catch (error) {
    const ms = performance.now() - t0;
    const cpu = cpuMs();
    if (error instanceof NanocrystError && error.kind !== "internal") {
      const line = error.oneLine();
      const good = error.file === path && !line.includes("\n") && line.length < 400;
      return {
        status: good ? "rejected" : "crash",
        message: good ? line : `badly formed error: ${line}`,
        ms,
        cpuMs: cpu,
        allocatedBytes: 0,
      };
    }
    const message =
      error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
    return { status: "crash", message, ms, cpuMs: cpu, allocatedBytes: 0 };
  }
}
