/** Precision and recall of one class. NaN when undefined (no predictions / no samples of the class). */
export interface ClassMetrics {
  class: string;
  /** TP / (TP + FP). */
  precision: number;
  /** TP / (TP + FN). */
  recall: number;
  /** Samples whose true class this is. */
  support: number;
}

/** Classification metrics of a set of decisions (paper eqs. 1–3). */
export interface Metrics {
  classes: string[];
  /** Decisions counted (after the omission rule: the kept ones). */
  count: number;
  /** Correct / count. */
  accuracy: number;
  perClass: ClassMetrics[];
  /** Counts, rows = true class, columns = predicted class. */
  confusion: number[][];
  /** Rows divided by their sums (fractions of each true class). */
  confusionNormalised: number[][];
}

/**
 * Confusion matrix: `m[t][p]` counts samples of true class t predicted as p. Predictions < 0 (unknown) are
 * left out.
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) if (predicted[i] >= 0) m[truth[i]][predicted[i]]++;
  return m;
}

/** Accuracy, per-class precision and recall, and the normalised matrix, from a confusion matrix. */
export function metricsFromConfusion(confusion: number[][], classes: string[]): Metrics {
  const k = classes.length;
  let count = 0;
  let correct = 0;
  for (let t = 0; t < k; t++)
    for (let p = 0; p < k; p++) {
      count += confusion[t][p];
      if (t === p) correct += confusion[t][p];
    }
  const perClass = classes.map((name, c) => {
    const tp = confusion[c][c];
    let predictedAs = 0;
    let actual = 0;
    for (let i = 0; i < k; i++) {
      predictedAs += confusion[i][c];
      actual += confusion[c][i];
    }
    return {
      class: name,
      precision: predictedAs > 0 ? tp / predictedAs : Number.NaN,
      recall: actual > 0 ? tp / actual : Number.NaN,
      support: actual,
    };
  });
  const confusionNormalised = confusion.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (sum > 0 ? v / sum : 0));
  });
  return {
    classes,
    count,
    accuracy: count > 0 ? correct / count : Number.NaN,
    perClass,
    confusion,
    confusionNormalised,
  };
}

/** Metrics after the omission rule: of the kept decisions, plus what was set aside. */
export interface OmissionMetrics extends Metrics {
  threshold: number;
  /** Fraction of all samples labelled unknown. */
  unknownFraction: number;
  /** Unknown count per true class. */
  unknownPerClass: number[];
}

/**
 * Metrics with and without the omission rule.
 * @param truth true class index per sample
 * @param predicted top class index per sample
 * @param confidence top probability per sample
 * @param threshold omission threshold (0..1)
 */
export function evaluateDecisions(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  classes: string[],
  threshold: number,
): { all: Metrics; omission: OmissionMetrics } {
  const k = classes.length;
  const all = metricsFromConfusion(confusionMatrix(truth, predicted, k), classes);
  const kept = Int32Array.from(predicted, (p, i) => (confidence[i] >= threshold ? p : -1));
  const unknownPerClass = new Array<number>(k).fill(0);
  for (let i = 0; i < truth.length; i++) if (kept[i] < 0) unknownPerClass[truth[i]]++;
  const unknown = unknownPerClass.reduce((a, b) => a + b, 0);
  return {
    all,
    omission: {
      ...metricsFromConfusion(confusionMatrix(truth, kept, k), classes),
      threshold,
      unknownFraction: truth.length > 0 ? unknown / truth.length : 0,
      unknownPerClass,
    },
  };
}
