import { binUpperEdge, type Histogram } from "./histogram.js";

/**
 * Zack's triangle threshold (1977): a line from the histogram's peak to the end of its longer tail; the
 * threshold is the bin farthest below that line. Suited to a small foreground (few particles on a large
 * support), where Otsu's balanced classes do not exist.
 * @returns threshold value; foreground is above it when the longer tail is on the high side
 */
export function triangleThreshold(h: Histogram): number {
  const { counts } = h;
  let first = 0;
  while (first < counts.length - 1 && counts[first] === 0) first++;
  let last = counts.length - 1;
  while (last > 0 && counts[last] === 0) last--;
  let peak = first;
  for (let b = first; b <= last; b++) if (counts[b] > counts[peak]) peak = b;
  const highTail = last - peak >= peak - first;
  const end = highTail ? last : first;
  const dx = end - peak;
  const dy = counts[end] - counts[peak];
  const norm = Math.hypot(dx, dy) || 1;
  // Distance below the peak–tail line (positive under it), for the bins between peak and tail end.
  const below = highTail ? -1 : 1;
  let best = peak;
  let bestDistance = 0;
  const step = highTail ? 1 : -1;
  for (let b = peak; b !== end; b += step) {
    const distance = (below * (dx * (counts[b] - counts[peak]) - dy * (b - peak))) / norm;
    if (distance > bestDistance) {
      bestDistance = distance;
      best = b;
    }
  }
  return highTail ? binUpperEdge(h, best) : binUpperEdge(h, best - 1);
}
