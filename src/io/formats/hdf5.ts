import fs from "node:fs";
import type { Dataset, File as H5File, Group } from "h5wasm/node";
import { inputError, NanocrystError } from "../../core/index.js";
import { MAX_FRAME_PIXELS } from "../binary.js";
import type { StoredDtype } from "../micrograph.js";

/**
 * A thin, failure-proof layer over h5wasm (the HDF5 C library compiled to WebAssembly; its Node build reads
 * files straight from disk): every HDF5 failure becomes one input error naming the file.
 */

type H5wasm = typeof import("h5wasm/node").default;
let h5wasm: H5wasm;
let ready: Promise<unknown> | null = null;
/** Where the Wasm module's console messages go while a read is running (else: the real console). */
let consoleSink: string[] | null = null;

/**
 * Loads h5wasm once. Emscripten binds console.error when the module is evaluated, so a forwarding function is
 * installed just for that moment: later, messages such as "Cannot enlarge memory" go to the running read's
 * capture instead of the user's terminal. The global console is restored right after.
 */
async function load(): Promise<void> {
  const consoleError = console.error;
  console.error = (...args: unknown[]) => {
    if (consoleSink) {
      if (consoleSink.length < 200) consoleSink.push(`${args.join(" ")}\n`);
    } else consoleError(...args);
  };
  try {
    h5wasm = (await import("h5wasm/node")).default;
    await h5wasm.ready;
  } finally {
    console.error = consoleError;
  }
}

/** Loads the HDF5 library now (≈0.1–2 s), so the first HDF5 read is not slowed by it. */
export function loadHdf5(): Promise<unknown> {
  ready ??= load();
  return ready;
}

/**
 * Runs `fn` with HDF5's diagnostic stack (written by the Wasm module straight to file descriptor 2) captured
 * instead of printed, so a damaged file gives one line, not forty. Returns the captured text too.
 */
function capturingStderr<T>(fn: () => T, captured: string[]): T {
  const writeSync = fs.writeSync;
  const capture = (fd: number, buffer: unknown, offset?: unknown, length?: unknown, ...rest: unknown[]) => {
    if (fd !== 2) return (writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length, ...rest);
    const bytes = buffer as Uint8Array;
    const start = typeof offset === "number" ? offset : 0;
    const n = typeof length === "number" ? length : bytes.length - start;
    if (captured.length < 200)
      captured.push(Buffer.from(bytes.buffer, bytes.byteOffset + start, n).toString("latin1"));
    return n;
  };
  fs.writeSync = capture as typeof fs.writeSync;
  consoleSink = captured;
  try {
    return fn();
  } finally {
    fs.writeSync = writeSync;
    consoleSink = null;
  }
}

/** The innermost HDF5 diagnostic ("file signature not found"), from the captured stack. */
function hdf5Reason(captured: string[]): string | null {
  const lines = captured
    .join("")
    .split("\n")
    .filter((l) => /#\d+:/.test(l));
  const last = lines.at(-1);
  return last ? (/\(\): (.*)$/.exec(last)?.[1] ?? null) : null;
}

/** Opens an HDF5 file read-only, runs `fn`, always closes it. */
export async function withHdf5<T>(path: string, fn: (file: H5File) => T): Promise<T> {
  await loadHdf5();
  let file: H5File | null = null;
  const captured: string[] = [];
  try {
    return capturingStderr(() => {
      file = new h5wasm.File(path, "r");
      if (Number(file.file_id) < 0)
        throw inputError(`cannot open as HDF5: ${hdf5Reason(captured) ?? "unknown reason"}`, path);
      return fn(file);
    }, captured);
  } catch (error) {
    if (error instanceof NanocrystError) throw error.file ? error : inputError(error.message, path);
    const message = error instanceof Error ? error.message : String(error);
    const reason = hdf5Reason(captured) ?? message.split("\n")[0].slice(0, 200);
    throw inputError(`cannot read this HDF5 file: ${reason}`, path);
  } finally {
    const open = file as H5File | null;
    if (open && Number(open.file_id) >= 0) {
      try {
        capturingStderr(() => open.close(), []);
      } catch {
        // A damaged file may also fail to close; nothing is left to release then.
      }
    }
  }
}

/** The entity at `path`, or null (h5wasm throws on some broken links). */
export function h5get(group: Group, path: string): Group | Dataset | null {
  try {
    const e = group.get(path);
    return e instanceof h5wasm.Group || e instanceof h5wasm.Dataset ? e : null;
  } catch {
    return null;
  }
}

/** Child names of a group, sorted, or [] when unreadable. */
export function h5keys(group: Group): string[] {
  try {
    return group.keys().sort();
  } catch {
    return [];
  }
}

/** An attribute's JSON value, or undefined. */
export function h5attr(entity: Group | Dataset | null, name: string): unknown {
  try {
    const attrs = entity?.attrs;
    return attrs && name in attrs ? attrs[name].json_value : undefined;
  } catch {
    return undefined;
  }
}

/** True for an h5wasm dataset. */
export function isDataset(e: unknown): e is Dataset {
  return e instanceof h5wasm.Dataset;
}

/** True for an h5wasm group (files are groups too). */
export function isGroup(e: unknown): e is Group {
  return e instanceof h5wasm.Group;
}

/** The stored type of a numeric dataset in nanocryst's words. */
export function h5dtype(dataset: Dataset): StoredDtype {
  const m = dataset.metadata;
  if (m.type === 1) return m.size === 8 ? "float64" : m.size === 2 ? "float16" : "float32";
  if (m.type === 0) return `${m.signed ? "" : "u"}int${m.size * 8}` as StoredDtype;
  throw inputError(`HDF5 dataset of type class ${m.type} is not a numeric image`);
}

/**
 * Reads one 2-D frame: `ranges` selects it (one [start, stop) pair per dataset axis) and must cover
 * `height × width` elements, which are bounded before the read.
 */
export function h5frame(
  dataset: Dataset,
  ranges: [number, number][],
  width: number,
  height: number,
): Float32Array {
  if (!(width >= 1 && height >= 1) || width * height > MAX_FRAME_PIXELS) {
    throw inputError(`HDF5 image of ${width}×${height} pixels is out of range`);
  }
  h5dtype(dataset);
  const values = dataset.slice(ranges);
  if (!values || typeof values !== "object" || !("length" in values) || values.length !== width * height) {
    throw inputError(`HDF5 dataset slice did not give ${width}×${height} numbers`);
  }
  const out = new Float32Array(width * height);
  const src = values as ArrayLike<number | bigint>;
  if (typeof src[0] === "bigint") for (let i = 0; i < out.length; i++) out[i] = Number(src[i]);
  else out.set(src as ArrayLike<number>);
  return out;
}
