import type { Micrograph } from "../micrograph.js";

/** Options every format reader takes. */
export interface FormatReadOptions {
  /** Frame of a stack to read (0-based); default 0. The caller decides whether a stack is acceptable. */
  frame?: number;
}

/** A format reader: the file's bytes in, one frame of it out (always 2-D float32, row-major). */
export type FormatReader = (
  bytes: Uint8Array,
  path: string,
  options: FormatReadOptions,
) => Micrograph | Promise<Micrograph>;

/** Checks the requested frame against the frames present; one line when out of range. */
export function frameIndex(frames: number, options: FormatReadOptions, fail: (msg: string) => Error): number {
  const frame = options.frame ?? 0;
  if (!Number.isInteger(frame) || frame < 0 || frame >= frames) {
    throw fail(
      `frame ${frame} requested, the file holds ${frames} frame${frames === 1 ? "" : "s"} (0–${frames - 1})`,
    );
  }
  return frame;
}
