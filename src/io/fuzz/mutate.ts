import type { Rng } from "../../core/index.js";

/** The ways a file is damaged; several may be combined in one mutant. */
export const MUTATIONS = [
  "bit-flips",
  "byte-noise",
  "truncate",
  "duplicate-chunk",
  "huge-length",
  "negative-size",
  "zero-run",
] as const;
/** One kind of damage. */
export type Mutation = (typeof MUTATIONS)[number];

/** Values that break length and offset fields: huge, sign bit set, −1, 0, just past 2^31. */
const NASTY_U32 = [0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0x10000000, 0x00010000, 0];

/**
 * Offsets where header fields live more often than anywhere else: the first 1 KiB (DM/TIFF/MRC/SER headers,
 * DM tag groups), else anywhere in the file.
 */
function fieldOffset(length: number, rng: Rng): number {
  const limit = rng.chance(0.6) ? Math.min(length, 1024) : length;
  return rng.int(Math.max(1, limit - 4));
}

function applyOne(bytes: Uint8Array, kind: Mutation, rng: Rng): Uint8Array {
  const n = bytes.length;
  switch (kind) {
    case "bit-flips": {
      const out = bytes.slice();
      const flips = 1 + rng.int(16);
      for (let k = 0; k < flips; k++) {
        const at = fieldOffset(n, rng);
        out[at] ^= 1 << rng.int(8);
      }
      return out;
    }
    case "byte-noise": {
      const out = bytes.slice();
      const count = 1 + rng.int(32);
      for (let k = 0; k < count; k++)
        out[fieldOffset(n, rng)] = rng.pick([0x00, 0xff, 0x7f, 0x80, rng.int(256)]);
      return out;
    }
    case "truncate":
      return bytes.slice(0, rng.int(n));
    case "duplicate-chunk": {
      const start = rng.int(n);
      const length = Math.min(n - start, 1 + rng.int(4096));
      const at = rng.int(n);
      const out = new Uint8Array(n + length);
      out.set(bytes.subarray(0, at), 0);
      out.set(bytes.subarray(start, start + length), at);
      out.set(bytes.subarray(at), at + length);
      return out;
    }
    case "huge-length":
    case "negative-size": {
      const out = bytes.slice();
      if (n < 4) return out;
      const view = new DataView(out.buffer);
      const at = fieldOffset(n, rng);
      const value = kind === "huge-length" ? rng.pick(NASTY_U32) : (-1 - rng.int(1 << 20)) >>> 0;
      const aligned = rng.chance(0.5) ? at & ~3 : at;
      view.setUint32(Math.min(aligned, n - 4), value, rng.chance(0.5));
      return out;
    }
    case "zero-run": {
      const out = bytes.slice();
      const start = fieldOffset(n, rng);
      out.fill(0, start, Math.min(n, start + 1 + rng.int(256)));
      return out;
    }
  }
}

/** Damages a copy of `bytes` with 1–3 random mutations; returns the mutant and what was done. */
export function mutate(bytes: Uint8Array, rng: Rng): { bytes: Uint8Array; mutations: Mutation[] } {
  const mutations: Mutation[] = [];
  let out = bytes;
  const count = 1 + rng.int(3);
  for (let k = 0; k < count && out.length > 0; k++) {
    const kind = rng.pick(MUTATIONS);
    mutations.push(kind);
    out = applyOne(out, kind, rng);
  }
  return { bytes: out === bytes ? bytes.slice() : out, mutations };
}
