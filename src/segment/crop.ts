import type { BinaryImage } from "./types.js";

/** One region copied into its own small image (bounding box plus a margin of background). */
export interface RegionCrop extends BinaryImage {
  /** Column of the crop's first pixel in the full image. */
  readonly column: number;
  /** Row of the crop's first pixel in the full image. */
  readonly row: number;
}

/**
 * Copies a region, given as raster indices of a `fullWidth`-wide image, into a crop with `margin` pixels of
 * background on every side, so that neighbourhood operations need no bounds checks near the region.
 */
export function cropRegion(indices: Int32Array, fullWidth: number, margin = 1): RegionCrop {
  let colMin = Infinity;
  let colMax = -Infinity;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] % fullWidth;
    if (i < colMin) colMin = i;
    if (i > colMax) colMax = i;
  }
  const rowMin = Math.floor(indices[0] / fullWidth);
  const rowMax = Math.floor(indices[indices.length - 1] / fullWidth);
  const column = colMin - margin;
  const row = rowMin - margin;
  const width = colMax - colMin + 1 + 2 * margin;
  const height = rowMax - rowMin + 1 + 2 * margin;
  const data = new Uint8Array(width * height);
  for (let k = 0; k < indices.length; k++) {
    const j = Math.floor(indices[k] / fullWidth);
    const i = indices[k] - j * fullWidth;
    data[(j - row) * width + (i - column)] = 1;
  }
  return { data, width, height, column, row };
}
