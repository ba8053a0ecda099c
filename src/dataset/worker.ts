/**
 * Worker-thread entry of dataset generation (loaded by piscina from the compiled `dist/`): makes one
 * sample, writes its files, and returns its manifest row. Errors come back as plain data so the main
 * thread can rethrow them with their kind (usage / input / internal) intact.
 */
import { NanocrystError } from "../core/index.js";
import type { GenerationConfig } from "./config.js";
import type { ManifestRow } from "./manifest.js";
import { generateSample } from "./sample.js";

/** A task: which sample of which dataset, written where. */
export interface SampleTask {
  config: GenerationConfig;
  index: number;
  dir: string;
}

/** What a task returns: the row, or the error that stopped it. */
export type SampleOutcome =
  | { ok: true; row: ManifestRow }
  | { ok: false; kind: NanocrystError["kind"]; message: string; file?: string; stack?: string };

/** Runs one task (piscina calls the default export). */
export default function runSampleTask(task: SampleTask): SampleOutcome {
  try {
    return { ok: true, row: generateSample(task.config, task.index, task.dir) };
  } catch (error) {
    if (error instanceof NanocrystError) {
      return { ok: false, kind: error.kind, message: error.message, file: error.file };
    }
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, kind: "internal", message: e.message, stack: e.stack };
  }
}
