import type { Split } from "./classes.js";

/** Fractions of the train and validation splits; the rest is test (paper: 60 : 20 : 20). */
export const SPLIT_FRACTIONS = { train: 0.6, val: 0.2, test: 0.2 } as const;

/**
 * A number in [0, 1) that depends only on the sample id (FNV-1a, then a MurmurHash3 finaliser for an
 * even spread), so the split of a sample never depends on generation order, sharding or dataset size.
 */
export function idHashUnit(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** The split (train / val / test, 60/20/20) a sample id belongs to. */
export function splitForId(id: string): Split {
  const u = idHashUnit(id);
  if (u < SPLIT_FRACTIONS.train) return "train";
  if (u < SPLIT_FRACTIONS.train + SPLIT_FRACTIONS.val) return "val";
  return "test";
}
