/**
 * Calibration of the output probabilities, both parts fitted on the validation split:
 * - temperature scaling (Guo et al., ICML 2017): p is replaced by softmax(log p / T), i.e. p^(1/T)
 *   renormalised, with T minimising the validation cross-entropy. T > 1 softens over-confident outputs,
 *   T < 1 sharpens under-confident ones (a network trained on strongly augmented images is under-confident
 *   on clean ones); the arg-max class never changes. The omission rule's "80 %" then means what it says.
 * - class offsets b_k added to the tempered log-probabilities, minimising the class-balanced validation
 *   cross-entropy (every class weighs the same, whatever its count). A network trained with the plain
 *   cross-entropy learns the training set's class shares as its prior and leans towards the larger class;
 *   the offsets replace that prior by equal shares (for a well-calibrated network b_k = −log(share_k) up to
 *   a constant; Saerens et al., Neural Comput. 2002, Menon et al., ICLR 2021), so that each class is found
 *   as readily as the others on a sample whose mix is unknown.
 */

/** The fitted calibration as `model.json` stores it. */
export interface Calibration {
  temperature: number;
  /** Added to log p / T, one per class in the model's class order, summing to 0; absent = none. */
  classOffsets?: readonly number[];
}

/** Applies `calibration` to one probability vector (in place) and returns it. */
export function applyCalibration(p: Float32Array, calibration: Calibration): Float32Array {
  const { temperature: t, classOffsets } = calibration;
  if (t === 1 && !classOffsets) return p;
  let max = -Infinity;
  const logits = new Float64Array(p.length);
  for (let k = 0; k < p.length; k++) {
    logits[k] = Math.log(Math.max(p[k], 1e-30)) / t + (classOffsets?.[k] ?? 0);
    max = Math.max(max, logits[k]);
  }
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    p[k] = Math.exp(logits[k] - max);
    sum += p[k];
  }
  for (let k = 0; k < p.length; k++) p[k] /= sum;
  return p;
}

/** Mean cross-entropy [nats] of tempered probabilities against labels. */
function temperedLoss(probs: readonly Float32Array[], labels: ArrayLike<number>, t: number): number {
  let loss = 0;
  for (let i = 0; i < probs.length; i++) {
    const q = applyCalibration(Float32Array.from(probs[i]), { temperature: t });
    loss -= Math.log(Math.max(q[labels[i]], 1e-12));
  }
  return loss / Math.max(1, probs.length);
}

/**
 * The temperature in [0.05, 20] minimising the validation cross-entropy (golden-section search on log T;
 * the loss is unimodal in T for fixed probabilities).
 */
export function fitTemperature(probs: readonly Float32Array[], labels: ArrayLike<number>): number {
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = temperedLoss(probs, labels, Math.exp(a));
  let fb = temperedLoss(probs, labels, Math.exp(b));
  for (let iter = 0; iter < 40; iter++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = temperedLoss(probs, labels, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = temperedLoss(probs, labels, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * The class offsets (summing to 0) minimising the class-balanced cross-entropy of softmax(log p / T + b)
 * against the labels, by gradient descent: the loss is convex in b and its curvature is at most 1/2, so a
 * step of 2 never overshoots. Null when a class has no sample to balance (offsets would run off to −∞).
 * @param temperature the temperature already fitted (`fitTemperature`)
 */
export function fitClassOffsets(
  probs: readonly Float32Array[],
  labels: ArrayLike<number>,
  temperature: number,
): number[] | null {
  const k = probs[0]?.length ?? 0;
  const counts = new Float64Array(k);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  if (k === 0 || counts.some((c) => c === 0)) return null;
  const logits = new Float64Array(probs.length * k);
  for (let i = 0; i < probs.length; i++)
    for (let c = 0; c < k; c++) logits[i * k + c] = Math.log(Math.max(probs[i][c], 1e-30)) / temperature;
  // every class weighs 1/k in the loss, shared among its samples
  const weights = Float64Array.from(probs, (_, i) => 1 / (k * counts[labels[i]]));
  const offsets = new Array<number>(k).fill(0);
  const gradient = new Float64Array(k);
  const q = new Float64Array(k);
  for (let iter = 0; iter < 2000; iter++) {
    gradient.fill(0);
    for (let i = 0; i < probs.length; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, logits[i * k + c] + offsets[c]);
      let sum = 0;
      for (let c = 0; c < k; c++) {
        q[c] = Math.exp(logits[i * k + c] + offsets[c] - max);
        sum += q[c];
      }
      for (let c = 0; c < k; c++) gradient[c] += weights[i] * (q[c] / sum - (c === labels[i] ? 1 : 0));
    }
    let norm = 0;
    for (let c = 0; c < k; c++) {
      offsets[c] -= 2 * gradient[c];
      norm = Math.max(norm, Math.abs(gradient[c]));
    }
    if (norm < 1e-7) break;
  }
  const mean = offsets.reduce((s, b) => s + b, 0) / k;
  return offsets.map((b) => b - mean);
}
