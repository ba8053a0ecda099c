import type { FloatImage, LabelImage } from "./types.js";

/** Index of the block holding each of `n` pixels along one axis. */
function blockOf(n: number, factor: number): Int32Array {
  const map = new Int32Array(n);
  for (let i = 0; i < n; i++) map[i] = Math.floor(i / factor);
  return map;
}

/**
 * Averages `factor` × `factor` blocks (the last partial row/column of blocks is averaged over what exists).
 * @returns an image of ⌈width/factor⌉ × ⌈height/factor⌉ pixels
 */
export function binImage(image: FloatImage, factor: number): FloatImage {
  if (factor <= 1) return image;
  const { data, width, height } = image;
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const column = blockOf(width, factor);
  const columnCount = new Float64Array(w);
  for (let i = 0; i < width; i++) columnCount[column[i]]++;
  const out = new Float32Array(w * h);
  const sum = new Float64Array(w);
  for (let b = 0; b < h; b++) {
    sum.fill(0);
    const rows = Math.min(factor, height - b * factor);
    for (let r = 0; r < rows; r++) {
      const o = (b * factor + r) * width;
      for (let i = 0; i < width; i++) sum[column[i]] += data[o + i];
    }
    for (let c = 0; c < w; c++) out[b * w + c] = sum[c] / (columnCount[c] * rows);
  }
  return { data: out, width: w, height: h };
}

/** Expands a label image found on a binned grid back to `width` × `height` (each label fills its block). */
export function unbinLabels(labels: LabelImage, factor: number, width: number, height: number): LabelImage {
  if (factor <= 1) return labels;
  const column = blockOf(width, factor);
  const out = new Int32Array(width * height);
  const row = new Int32Array(width);
  for (let b = 0; b < labels.height; b++) {
    const src = b * labels.width;
    for (let i = 0; i < width; i++) row[i] = labels.labels[src + column[i]];
    for (let r = 0; r < factor && b * factor + r < height; r++) out.set(row, (b * factor + r) * width);
  }
  return { labels: out, width, height, count: labels.count };
}
