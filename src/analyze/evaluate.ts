import type { LabelImage } from "../segment/index.js";

/** A detection matched to a true particle. */
export interface MatchedPair {
  truth: number;
  detected: number;
  iou: number;
}

/** Detection quality against ground-truth instances. */
export interface DetectionScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
  matches: MatchedPair[];
}

/**
 * Matches detected to true instances one-to-one by intersection over union (greedy, highest IoU first, only
 * pairs with IoU ≥ `minIou`) and counts true positives, false positives and false negatives. True particles
 * listed in `ignoreTruth` (e.g. cut by the border, which the analysis excludes on purpose) are left out, and
 * so are detections matched to them.
 * @param minIou @default 0.5
 */
export function scoreDetections(
  truth: LabelImage,
  detected: LabelImage,
  ignoreTruth: ReadonlySet<number> = new Set(),
  minIou = 0.5,
): DetectionScore {
  const overlap = new Map<number, number>();
  const areaT = new Int32Array(truth.count + 1);
  const areaD = new Int32Array(detected.count + 1);
  const stride = detected.count + 1;
  for (let p = 0; p < truth.labels.length; p++) {
    const t = truth.labels[p];
    const d = detected.labels[p];
    areaT[t]++;
    areaD[d]++;
    if (t > 0 && d > 0) overlap.set(t * stride + d, (overlap.get(t * stride + d) ?? 0) + 1);
  }
  const candidates: MatchedPair[] = [];
  for (const [key, inter] of overlap) {
    const t = Math.floor(key / stride);
    const d = key % stride;
    const iou = inter / (areaT[t] + areaD[d] - inter);
    if (iou >= minIou) candidates.push({ truth: t, detected: d, iou });
  }
  candidates.sort((a, b) => b.iou - a.iou);
  const usedT = new Set<number>();
  const usedD = new Set<number>();
  const matches: MatchedPair[] = [];
  for (const c of candidates) {
    if (usedT.has(c.truth) || usedD.has(c.detected)) continue;
    usedT.add(c.truth);
    usedD.add(c.detected);
    matches.push(c);
  }
  const kept = matches.filter((m) => !ignoreTruth.has(m.truth));
  const ignoredDetections = matches.length - kept.length;
  let truthCount = 0;
  for (let t = 1; t <= truth.count; t++) if (areaT[t] > 0 && !ignoreTruth.has(t)) truthCount++;
  let detectedCount = 0;
  for (let d = 1; d <= detected.count; d++) if (areaD[d] > 0) detectedCount++;
  const tp = kept.length;
  const fp = detectedCount - ignoredDetections - tp;
  const fn = truthCount - tp;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 1;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 1;
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    matches: kept,
  };
}
