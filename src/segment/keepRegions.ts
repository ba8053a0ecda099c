import type { LabelImage } from "./types.js";

/**
 * Keeps the regions for which `keep[label]` is non-zero, erases the others to background and renumbers the
 * survivors 1 … n in their previous order.
 * @param keep flags indexed by label (entry 0 ignored)
 */
export function keepRegions(image: LabelImage, keep: Uint8Array): LabelImage {
  const { labels, width, height, count } = image;
  const renumber = new Int32Array(count + 1);
  let next = 0;
  for (let l = 1; l <= count; l++) if (keep[l]) renumber[l] = ++next;
  const out = new Int32Array(labels.length);
  for (let p = 0; p < labels.length; p++) out[p] = renumber[labels[p]];
  return { labels: out, width, height, count: next };
}

/** Flags (indexed by label) of regions with at least `minAreaPx` pixels. */
export function regionsAtLeast(image: LabelImage, minAreaPx: number): Uint8Array {
  const area = new Int32Array(image.count + 1);
  for (let p = 0; p < image.labels.length; p++) area[image.labels[p]]++;
  const keep = new Uint8Array(image.count + 1);
  for (let l = 1; l <= image.count; l++) keep[l] = area[l] >= minAreaPx ? 1 : 0;
  return keep;
}

/** Flags (indexed by label) of regions that do not touch the first or last row or column. */
export function regionsInside(image: LabelImage): Uint8Array {
  const { labels, width, height, count } = image;
  const keep = new Uint8Array(count + 1).fill(1);
  for (let i = 0; i < width; i++) {
    keep[labels[i]] = 0;
    keep[labels[(height - 1) * width + i]] = 0;
  }
  for (let j = 0; j < height; j++) {
    keep[labels[j * width]] = 0;
    keep[labels[j * width + width - 1]] = 0;
  }
  return keep;
}

/** Renumbers regions 1 … n in raster order of their first pixel (top row first, then left to right). */
export function renumberInRasterOrder(image: LabelImage): LabelImage {
  const { labels, width, height, count } = image;
  const renumber = new Int32Array(count + 1);
  let next = 0;
  const out = new Int32Array(labels.length);
  for (let p = 0; p < labels.length; p++) {
    const l = labels[p];
    if (l === 0) continue;
    if (renumber[l] === 0) renumber[l] = ++next;
    out[p] = renumber[l];
  }
  return { labels: out, width, height, count: next };
}
