import { binUpperEdge, type Histogram } from "./histogram.js";

/**
 * Otsu's threshold (1979): the split that maximises the between-class variance of the two classes.
 * @returns threshold value; foreground is above it
 */
export function otsuThreshold(h: Histogram): number {
  const { counts } = h;
  let total = 0;
  let sumAll = 0;
  for (let b = 0; b < counts.length; b++) {
    total += counts[b];
    sumAll += b * counts[b];
  }
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let bestBin = 0;
  for (let b = 0; b < counts.length - 1; b++) {
    below += counts[b];
    sumBelow += b * counts[b];
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const meanDiff = sumBelow / below - (sumAll - sumBelow) / above;
    const between = below * above * meanDiff * meanDiff;
    if (between > best) {
      best = between;
      bestBin = b;
    }
  }
  return binUpperEdge(h, bestBin);
}
