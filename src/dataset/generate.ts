import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { compiledModule, NanocrystError } from "../core/index.js";
import { configGroups, datasetInfo, type GenerationConfig } from "./config.js";
import { finalizeFolder, prepareFolder } from "./finalize.js";
import type { ManifestRow } from "./manifest.js";
import { planTotal, sampleId } from "./presets.js";
import { doneIds, removeLeftovers } from "./records.js";
import { generateSample } from "./sample.js";
import { type Shard, shardIndices } from "./shard.js";
import type { SampleOutcome, SampleTask } from "./worker.js";

/** Progress of a generation run. */
export interface GenerationProgress {
  /** Samples of this run (or shard) that are done, including those found done at the start. */
  done: number;
  /** Samples of this run (or shard) in all. */
  total: number;
  /** Samples found done at the start (resumed). */
  resumed: number;
}

/** Options of {@link generateDataset}. */
export interface GenerateOptions {
  config: GenerationConfig;
  /** Dataset folder; re-running into it resumes. */
  outDir: string;
  /**
   * Worker threads; 0 makes the samples in the calling thread.
   * @default os.availableParallelism()
   */
  workers?: number;
  /** Make only the indices ≡ shard.index (mod shard.count). */
  shard?: Shard;
  onProgress?: (progress: GenerationProgress) => void;
}

/** What a run did. */
export interface GenerateResult {
  rows: ManifestRow[];
  generated: number;
  resumed: number;
}

/**
 * Generates (or finishes) a dataset: every sample not yet done is made in a pool of worker threads, each
 * writing its files atomically and its record last; then the manifest is rebuilt from the records. Kill it
 * at any moment and run it again: it makes exactly the dataset an uninterrupted run makes.
 */
export async function generateDataset(options: GenerateOptions): Promise<GenerateResult> {
  const { config, outDir, shard } = options;
  const info = datasetInfo(config, shard);
  prepareFolder(outDir, info);
  removeLeftovers(outDir);
  const total = planTotal(configGroups(config));
  const indices = shardIndices(total, shard);
  const done = doneIds(outDir);
  const todo = indices.filter((i) => !done.has(sampleId(i, total)));
  const resumed = indices.length - todo.length;
  const progress = { done: resumed, total: indices.length, resumed };
  options.onProgress?.({ ...progress });
  const workers = options.workers ?? availableParallelism();
  if (workers === 0) {
    for (const index of todo) {
      generateSample(config, index, outDir);
      progress.done++;
      options.onProgress?.({ ...progress });
    }
  } else if (todo.length > 0) {
    await runPool(config, outDir, todo, Math.min(workers, todo.length), () => {
      progress.done++;
      options.onProgress?.({ ...progress });
    });
  }
  const rows = finalizeFolder(outDir, info, indices.length);
  return { rows, generated: todo.length, resumed };
}

async function runPool(
  config: GenerationConfig,
  dir: string,
  indices: number[],
  threads: number,
  onSample: () => void,
): Promise<void> {
  const pool = new Piscina<SampleTask, SampleOutcome>({
    filename: compiledModule(new URL("./worker.js", import.meta.url), "dataset", "worker.js"),
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
  });
  // A failing sample does not stop the others: everything that can be made is made (and kept for the
  // next run), then the first failure is reported with the number of samples it affected.
  const failures: { index: number; error: NanocrystError }[] = [];
  try {
    await Promise.all(
      indices.map(async (index) => {
        const outcome = await pool.run({ config, index, dir });
        if (outcome.ok) {
          onSample();
          return;
        }
        const error = new NanocrystError(outcome.kind, outcome.message, { file: outcome.file });
        if (outcome.stack) error.stack = outcome.stack;
        failures.push({ index, error });
      }),
    );
  } finally {
    await pool.destroy();
  }
  if (failures.length > 0) {
    failures.sort((a, b) => a.index - b.index);
    const { index, error } = failures[0];
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more samples failed)` : "";
    throw new NanocrystError(error.kind, `sample ${index}: ${error.message}${more}`, {
      file: error.file,
      cause: error,
    });
  }
}
