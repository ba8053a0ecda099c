import { binUpperEdge, type Histogram } from "./histogram.js";

/**
 * Li's minimum cross-entropy threshold (Li & Lee 1993; iterative form of Li & Tam 1998): iterate
 * t ← (μ_b − μ_f) / (ln μ_b − ln μ_f) from the mean, with the class means μ taken on bin centres shifted to
 * be positive, until t moves by less than half a bin.
 * @returns threshold value; foreground is above it
 */
export function liThreshold(h: Histogram): number {
  const { counts } = h;
  const value = (b: number) => b + 1; // bin centres shifted so that every value is positive
  let total = 0;
  let sum = 0;
  for (let b = 0; b < counts.length; b++) {
    total += counts[b];
    sum += value(b) * counts[b];
  }
  if (total === 0) return binUpperEdge(h, 0);
  let t = sum / total;
  for (let iteration = 0; iteration < 1000; iteration++) {
    let nb = 0;
    let sb = 0;
    let nf = 0;
    let sf = 0;
    for (let b = 0; b < counts.length; b++) {
      if (value(b) <= t) {
        nb += counts[b];
        sb += value(b) * counts[b];
      } else {
        nf += counts[b];
        sf += value(b) * counts[b];
      }
    }
    if (nb === 0 || nf === 0) break;
    const mb = sb / nb;
    const mf = sf / nf;
    const next = (mf - mb) / (Math.log(mf) - Math.log(mb));
    if (Math.abs(next - t) < 0.5) {
      t = next;
      break;
    }
    t = next;
  }
  return h.low + (t - 0.5) * h.binWidth;
}
