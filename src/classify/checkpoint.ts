/**
 * Training checkpoints: after every epoch the weights, AdamW moments and bookkeeping go to
 * `checkpoint.safetensors` and `checkpoint.json` in the model directory, so that `--resume` continues a run
 * exactly where it stopped, and refuses one made with different settings.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inputError, writeFileAtomic } from "../core/index.js";
import { readSafetensors, writeSafetensors } from "./safetensors.js";
import type { WeightMap } from "./weights.js";

/** Figures of one epoch. */
export interface EpochRecord {
  epoch: number;
  lr: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

/** Bookkeeping of a run, as saved after every epoch. */
export interface Checkpoint {
  epoch: number;
  steps: number;
  history: EpochRecord[];
  bestEpoch: number;
  bestValLoss: number;
  sinceBest: number;
  options: Record<string, unknown>;
}

/** Writes the weights, the optimiser state and the run's bookkeeping to `dir`. */
export function writeCheckpoint(
  dir: string,
  weights: WeightMap,
  opt: { m: WeightMap; v: WeightMap; steps: number },
  state: Checkpoint,
): void {
  const tensors: WeightMap = {};
  for (const [name, t] of Object.entries(weights)) tensors[`w/${name}`] = t;
  for (const [name, t] of Object.entries(opt.m)) tensors[`m/${name}`] = t;
  for (const [name, t] of Object.entries(opt.v)) tensors[`v/${name}`] = t;
  writeSafetensors(join(dir, "checkpoint.safetensors"), tensors);
  writeFileAtomic(
    join(dir, "checkpoint.json"),
    `${JSON.stringify({ ...state, steps: opt.steps }, null, 2)}\n`,
  );
}

/**
 * Reads the checkpoint in `dir`; throws an input error when it was made with other settings than `options`
 * (the recorded training options) where they change the network, its inputs or the draws.
 */
export function readCheckpoint(dir: string, options: Record<string, unknown>) {
  const file = join(dir, "checkpoint.json");
  const state = JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
  // checkpoints made before the lattice-fringe maps (or their phase maps) trained a network without them
  state.options.latticeMaps ??= 0;
  state.options.latticePhase ??= false;
  for (const key of [
    "classes",
    "architecture",
    "inputPixelSizeNm",
    "cropPx",
    "imageStemPx",
    "latticeMaps",
    "latticePhase",
    "batchSize",
    "optimizer",
    "seed",
  ])
    if (JSON.stringify(state.options[key]) !== JSON.stringify(options[key]))
      throw inputError(
        `--resume: the checkpoint was made with ${key}=${JSON.stringify(state.options[key])}, now ${JSON.stringify(options[key])}; use the same settings or a new --out`,
        file,
      );
  const { tensors } = readSafetensors(join(dir, "checkpoint.safetensors"));
  const pick = (prefix: string) => {
    const out: WeightMap = {};
    for (const [name, t] of Object.entries(tensors))
      if (name.startsWith(prefix)) out[name.slice(prefix.length)] = t;
    return out;
  };
  state.options = { ...state.options, ...options };
  return { state, weights: pick("w/"), optimizer: { m: pick("m/"), v: pick("v/"), steps: state.steps } };
}
