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

/**
 * Flags (indexed by label) of regions with no pixel within `marginPx` (chessboard distance) of a pixel of
 * `noData`: a particle that meets the edge of the recorded area is cut by it, as one at the image border is.
 * @param noData 1 where the image holds no data, `width × height` like the labels
 * @param marginPx how close a region may come to no data [px]; 1 drops the regions that touch it
 */
export function regionsClearOf(image: LabelImage, noData: Uint8Array, marginPx = 1): Uint8Array {
  const { labels, width, height, count } = image;
  const keep = new Uint8Array(count + 1).fill(1);
  const m = Math.max(0, Math.round(marginPx));
  const missing = (r: number, c: number) =>
    r < 0 || r >= height || c < 0 || c >= width || noData[r * width + c];
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      // only the rim of a no-data area can lie near a region
      if (!noData[r * width + c]) continue;
      if (missing(r - 1, c) && missing(r + 1, c) && missing(r, c - 1) && missing(r, c + 1)) continue;
      for (let rr = Math.max(0, r - m); rr <= Math.min(height - 1, r + m); rr++)
        for (let cc = Math.max(0, c - m); cc <= Math.min(width - 1, c + m); cc++)
          keep[labels[rr * width + cc]] = 0;
    }
  return keep;
}
