import { inputError } from "../core/index.js";
import type { GreyImage } from "./micrograph.js";

/** An image whose pixels without a finite value were filled, and where they were. */
export interface FilledImage<T extends GreyImage> {
  /** The image itself when every pixel is finite, else a copy with the missing pixels filled. */
  image: T;
  /** 1 where the file held NaN or ±∞; null when no pixel did. */
  missing: Uint8Array | null;
}

/**
 * Mean of the finite pixels (float64 accumulation; NaN when there is none) and how many pixels hold NaN or
 * ±∞ instead.
 */
export function finiteStatistics(data: Float32Array): { mean: number; missing: number } {
  let sum = 0;
  let finite = 0;
  for (const v of data)
    if (Number.isFinite(v)) {
      sum += v;
      finite++;
    }
  return { mean: finite > 0 ? sum / finite : Number.NaN, missing: data.length - finite };
}

/**
 * Fills the pixels that hold no finite value with the mean of the others. Files mark "no data" that way:
 * the corners of drift-corrected or rotated frames, the surroundings of a float cut-out. Left in place, one
 * NaN spreads through every filter and normalisation and turns the whole image into NaN.
 * @param file named in the error when no pixel is finite
 */
export function fillMissingPixels<T extends GreyImage>(image: T, file: string): FilledImage<T> {
  const { data } = image;
  const { mean, missing: count } = finiteStatistics(data);
  if (count === 0) return { image, missing: null };
  if (count === data.length) throw inputError("no pixel has a finite value (all NaN or infinite)", file);
  const missing = new Uint8Array(data.length);
  const filled = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const ok = Number.isFinite(data[i]);
    filled[i] = ok ? data[i] : mean;
    missing[i] = ok ? 0 : 1;
  }
  return { image: { ...image, data: filled }, missing };
}
