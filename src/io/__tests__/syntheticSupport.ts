import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { type Micrograph, type ReadMicrographOptions, readMicrograph } from "../index.js";

/** Shared helpers of the synthetic-file tests: files go to one temporary folder per test file. */
const dir = mkdtempSync(join(tmpdir(), "nanocryst-io-synthetic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

/** Writes `bytes` as a file with extension `ext` and reads it as users do (any kind accepted). */
export async function readBytes(
  bytes: Uint8Array,
  ext: string,
  options: ReadMicrographOptions = {},
): Promise<Micrograph> {
  const path = join(dir, `f${counter++}.${ext}`);
  writeFileSync(path, bytes);
  return readMicrograph(path, { allowNonImage: true, ...options });
}

/** `n` samples of `size` bytes, sample i written by `set` in the chosen byte order. */
export function samples(
  n: number,
  size: number,
  set: (v: DataView, at: number, i: number, le: boolean) => void,
  le: boolean,
): Uint8Array {
  const bytes = new Uint8Array(n * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) set(view, i * size, i, le);
  return bytes;
}

/** The small test image: W columns, H rows, N pixels, whose expected values are i − 5. */
export const W = 6;
export const H = 4;
export const N = W * H;
export const expected = Array.from({ length: N }, (_, i) => i - 5);

/** The folder the files are written to (for tests that build paths themselves). */
export const syntheticDir = dir;
