import { usageError } from "../core/index.js";

/** One shard of a dataset: the sample indices ≡ `index` (mod `count`). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (0 ≤ I < N), as given to `--shard`; Slurm array ids and Kubernetes completion indices fit as is. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (!match || !(count >= 1) || !(index < count)) {
    throw usageError(`--shard expects I/N with whole numbers 0 ≤ I < N (e.g. 0/4), got "${text}"`);
  }
  return { index, count };
}

/** The indices of `total` samples that belong to a shard (all of them without one). */
export function shardIndices(total: number, shard?: Shard): number[] {
  const out: number[] = [];
  const step = shard?.count ?? 1;
  for (let i = shard?.index ?? 0; i < total; i += step) out.push(i);
  return out;
}
