import { closeSync, openSync, readSync } from "node:fs";

/** Buffers read by {@link readFileOwned}, with the file they mirror (until re-aligned). */
const sources = new WeakMap<ArrayBufferLike, string>();

/**
 * Reads a whole file into a buffer of its own (never Node's shared pool), so decoders may hand out typed-array
 * views into it instead of copying: on this kind of machine first-touching a fresh 64 MiB array costs more
 * than reading the file.
 */
export function readFileOwned(path: string, size: number): Uint8Array {
  // Not zero-filled and not from the shared pool: every byte is overwritten by the read below.
  const slow = Buffer.allocUnsafeSlow(size);
  const bytes = new Uint8Array(slow.buffer, slow.byteOffset, size);
  const fd = openSync(path, "r");
  let filled = 0;
  try {
    while (filled < size) {
      const n = readSync(fd, bytes, filled, size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
  } finally {
    closeSync(fd);
  }
  const out = filled < size ? bytes.subarray(0, filled) : bytes;
  sources.set(out.buffer, path);
  return out;
}

/**
 * A float32 view of `count` little-endian samples at `offset`, without copying, when `bytes` came from
 * {@link readFileOwned}. Misaligned samples are re-read from the file straight to the aligned position just
 * before them, overwriting up to 3 header bytes the caller has already parsed; the buffer then no longer
 * mirrors the file. Returns null when no view is possible (the caller copies).
 */
export function viewFloat32(bytes: Uint8Array, offset: number, count: number): Float32Array | null {
  const path = sources.get(bytes.buffer);
  if (path === undefined || bytes.byteOffset !== 0) return null;
  if (offset % 4 === 0) return new Float32Array(bytes.buffer, offset, count);
  const target = offset - (offset % 4);
  const fd = openSync(path, "r");
  try {
    let done = 0;
    while (done < count * 4) {
      const n = readSync(fd, bytes, target + done, count * 4 - done, offset + done);
      if (n === 0) return null;
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  sources.delete(bytes.buffer);
  return new Float32Array(bytes.buffer, target, count);
}
