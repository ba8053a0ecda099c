/** z for a two-sided 95 % normal interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a binomial proportion k/n (Wilson 1927): unlike the Wald interval it stays
 * inside [0, 1] and keeps its coverage for small n and for proportions near 0 or 1.
 * @param successes k
 * @param trials n (0 gives [0, 1])
 * @param z normal quantile @default 1.96 (95 %)
 * @returns [lower, upper]
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): [number, number] {
  if (trials <= 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Summary statistics of a sample. */
export interface Distribution {
  count: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null below two values. */
  sd: number | null;
  median: number | null;
  /** First and third quartiles (linear interpolation between order statistics). */
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

/** Count, mean, standard deviation, median, quartiles and range of `values`. */
export function describe(values: readonly number[]): Distribution {
  const n = values.length;
  if (n === 0)
    return { count: 0, mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : null;
  return {
    count: n,
    mean,
    sd,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0],
    max: sorted[n - 1],
  };
}
