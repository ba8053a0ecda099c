import type { LabelImage } from "./types.js";

/**
 * The pixels of every region, grouped: region k owns `indices[offsets[k] … offsets[k + 1])`, each a
 * raster index j·width + i in increasing order.
 */
export interface RegionPixels {
  readonly offsets: Int32Array;
  readonly indices: Int32Array;
}

/** Groups the pixel indices of a label image by label (counting sort, one pass each way). */
export function regionPixels(image: LabelImage): RegionPixels {
  const { labels, count } = image;
  const offsets = new Int32Array(count + 2);
  for (let p = 0; p < labels.length; p++) if (labels[p] > 0) offsets[labels[p] + 1]++;
  for (let k = 1; k <= count + 1; k++) offsets[k] += offsets[k - 1];
  const fill = offsets.slice(0, count + 1);
  const indices = new Int32Array(offsets[count + 1]);
  for (let p = 0; p < labels.length; p++) {
    const l = labels[p];
    if (l > 0) indices[fill[l]++] = p;
  }
  return { offsets, indices };
}
