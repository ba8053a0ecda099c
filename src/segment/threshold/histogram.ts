/** A histogram of image values with equal-width bins. */
export interface Histogram {
  /** Counts per bin. */
  counts: Float64Array;
  /** Value at the lower edge of bin 0. */
  low: number;
  /** Bin width (value units). */
  binWidth: number;
}

/**
 * Histogram of `values` over [min, max] in `bins` equal bins. Non-finite values are ignored.
 * @param bins number of bins @default 256
 */
export function histogram(values: Float32Array, bins = 256): Histogram {
  let low = Infinity;
  let high = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) continue;
    if (v < low) low = v;
    if (v > high) high = v;
  }
  if (!(high > low))
    return { counts: new Float64Array(bins), low: Number.isFinite(low) ? low : 0, binWidth: 1 };
  const binWidth = (high - low) / bins;
  const counts = new Float64Array(bins);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(bins - 1, Math.floor((v - low) / binWidth))]++;
  }
  return { counts, low, binWidth };
}

/** Value at the upper edge of bin `bin`: the threshold "foreground is above this bin". */
export function binUpperEdge(h: Histogram, bin: number): number {
  return h.low + (bin + 1) * h.binWidth;
}
