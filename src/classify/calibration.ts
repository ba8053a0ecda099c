/**
 * Temperature scaling (Guo et al., ICML 2017): probabilities p are replaced by softmax(log p / T), i.e.
 * p^(1/T) renormalised, with one temperature T fitted on the validation split by minimising its
 * cross-entropy. T > 1 softens over-confident outputs, T < 1 sharpens under-confident ones (a network trained
 * on strongly augmented images is under-confident on clean ones); the arg-max class never changes. The
 * omission rule's "80 %" then means what it says on data like the validation split.
 */

/** Applies temperature `t` to one probability vector (in place) and returns it. */
export function applyTemperature(p: Float32Array, t: number): Float32Array {
  if (t === 1) return p;
  let max = -Infinity;
  for (let k = 0; k < p.length; k++) max = Math.max(max, Math.log(Math.max(p[k], 1e-30)) / t);
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    p[k] = Math.exp(Math.log(Math.max(p[k], 1e-30)) / t - max);
    sum += p[k];
  }
  for (let k = 0; k < p.length; k++) p[k] /= sum;
  return p;
}

/** Mean cross-entropy [nats] of tempered probabilities against labels. */
function temperedLoss(probs: readonly Float32Array[], labels: ArrayLike<number>, t: number): number {
  let loss = 0;
  for (let i = 0; i < probs.length; i++) {
    const q = applyTemperature(Float32Array.from(probs[i]), t);
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
