import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { Rng } from "../../core/index.js";
import { loadHdf5 } from "../formats/hdf5.js";
import { type Mutation, mutate } from "./mutate.js";
import { type ReadOutcome, readOne } from "./readOne.js";
import { type FuzzSeed, realSeeds, syntheticSeeds } from "./seeds.js";

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** Mutated files to read. */
  n: number;
  /** Seed of the mutations (same seed, same files). */
  seed?: number | string;
  /**
   * A read using more CPU time than this is a hang [ms]; default 1000. CPU time, not wall time, so a busy
   * shared machine does not turn slow reads into false hangs; a read that never answers is stopped after
   * `wallLimitMs`.
   */
  timeoutMs?: number;
  /** Wall-time watchdog of the isolated run [ms]; default 15 000. */
  wallLimitMs?: number;
  /**
   * Read in a worker thread that is terminated on a hang (the command-line run); false reads in-process
   * and can only measure time after the read returns (the quick run inside the test suite).
   */
  isolate?: boolean;
  /** Folder where crashing and hanging inputs are kept for reproduction; default: not kept. */
  keepDir?: string;
  /** Files to mutate; default: the shared real files plus synthetic ones. */
  seeds?: FuzzSeed[];
  onProgress?: (done: number, report: FuzzReport) => void;
}

/** A failure worth a bug report. */
export interface FuzzFailure {
  kind: "crash" | "hang";
  seed: string;
  index: number;
  mutations: Mutation[];
  message: string;
  keptAs?: string;
}

/** Tally of a fuzz run. */
export interface FuzzReport {
  files: number;
  seeds: number;
  ok: number;
  rejected: number;
  crashes: number;
  hangs: number;
  failures: FuzzFailure[];
  /** Largest CPU time of one read [ms] and its seed. */
  slowestMs: number;
  slowestSeed: string;
  /** Largest memory growth across one read [bytes], and that read's mutant size [bytes]. */
  peakAllocatedBytes: number;
  peakAllocatedFileBytes: number;
  /** Most frequent rejection messages' shapes (numbers masked), for a feel of what was caught. */
  topRejections: [string, number][];
}

class IsolatedReader {
  private worker: Worker | null = null;

  private start(): Worker {
    this.worker ??= new Worker(new URL("./worker.js", import.meta.url));
    return this.worker;
  }

  /** Reads in the worker; a read exceeding `timeoutMs` terminates the worker and reports a hang (null). */
  read(path: string | null, timeoutMs: number): Promise<ReadOutcome | null> {
    const worker = this.start();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        worker.removeAllListeners("message");
        void worker.terminate();
        this.worker = null;
        resolve(null);
      }, timeoutMs);
      worker.once("message", (outcome: ReadOutcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
      worker.postMessage(path);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}

/**
 * Mutates seed files (bit flips, byte noise, truncation, chunk duplication, huge lengths, negative sizes,
 * zeroed runs) and reads every mutant with `readMicrograph`: it must either read a consistent image or
 * reject the file with one input-error line, within `timeoutMs`.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { n, timeoutMs = 1000, wallLimitMs = 15_000, isolate = false } = options;
  const seeds = options.seeds ?? [...realSeeds(), ...syntheticSeeds()];
  const rng = new Rng(["io-fuzz", options.seed ?? 1]);
  const dir = mkdtempSync(join(tmpdir(), "nanocryst-fuzz-"));
  const isolated = isolate ? new IsolatedReader() : null;
  const report: FuzzReport = {
    files: 0,
    seeds: seeds.length,
    ok: 0,
    rejected: 0,
    crashes: 0,
    hangs: 0,
    failures: [],
    slowestMs: 0,
    slowestSeed: "",
    peakAllocatedBytes: 0,
    peakAllocatedFileBytes: 0,
    topRejections: [],
  };
  const shapes = new Map<string, number>();
  try {
    // Library loading (h5wasm: up to seconds on a busy machine) and the first, compiling pass over each seed
    // are not what is measured: done before the clock runs.
    if (isolated) await isolated.read(null, 60_000);
    else await loadHdf5();
    for (const [k, seed] of seeds.entries()) {
      const path = join(dir, `seed-${k}.${seed.ext}`);
      writeFileSync(path, seed.bytes);
      if (isolated) await isolated.read(path, 60_000);
      else await readOne(path);
      rmSync(path, { force: true });
    }
    for (let i = 0; i < n; i++) {
      const seed = seeds[i % seeds.length];
      const mutant = mutate(seed.bytes, rng.fork(String(i)));
      const path = join(dir, `mutant-${i}.${seed.ext}`);
      writeFileSync(path, mutant.bytes);
      const outcome = isolated ? await isolated.read(path, wallLimitMs) : await readOne(path);
      report.files++;
      const keep = (kind: "crash" | "hang", message: string) => {
        const failure: FuzzFailure = {
          kind,
          seed: seed.name,
          index: i,
          mutations: mutant.mutations,
          message,
        };
        if (options.keepDir) {
          mkdirSync(options.keepDir, { recursive: true });
          failure.keptAs = join(options.keepDir, `${kind}-${i}.${seed.ext}`);
          writeFileSync(failure.keptAs, mutant.bytes);
        }
        report.failures.push(failure);
      };
      if (!outcome || outcome.cpuMs > timeoutMs) {
        report.hangs++;
        keep(
          "hang",
          outcome
            ? `read took ${outcome.cpuMs.toFixed(0)} ms of CPU (${outcome.ms.toFixed(0)} ms wall)`
            : `no answer within ${wallLimitMs} ms`,
        );
      } else if (outcome.status === "crash") {
        report.crashes++;
        keep("crash", outcome.message);
      } else {
        if (outcome.status === "ok") report.ok++;
        else {
          report.rejected++;
          const shape = outcome.message
            .replace(/^[^:]*: /, "")
            .replace(/\d+(\.\d+)?/g, "N")
            .slice(0, 90);
          shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
        }
      }
      if (outcome && outcome.cpuMs > report.slowestMs) {
        report.slowestMs = outcome.cpuMs;
        report.slowestSeed = seed.name;
      }
      if (outcome && outcome.allocatedBytes > report.peakAllocatedBytes) {
        report.peakAllocatedBytes = outcome.allocatedBytes;
        report.peakAllocatedFileBytes = mutant.bytes.length;
      }
      rmSync(path, { force: true });
      options.onProgress?.(i + 1, report);
    }
  } finally {
    await isolated?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  report.topRejections = [...shapes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return report;
}
