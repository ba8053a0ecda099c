/** The label given to particles set aside by the omission rule. */
export const UNKNOWN = "unknown";

/** Decision for one particle. */
export interface Decision {
  /** Class name, or {@link UNKNOWN} when the top probability is below the threshold. */
  label: string;
  /** Index of the top class in the class list (also for unknown particles). */
  classIndex: number;
  /** The top probability (0..1). */
  confidence: number;
}

/**
 * The paper's omission rule: a particle whose highest class probability is below `threshold` is labelled
 * "unknown" instead of its top class (Gumbiowski et al. 2024, "80 % omission rule").
 * @param probabilities per particle, in `classes` order
 * @param threshold minimum top probability (0..1), default 0.8; 0 keeps every decision
 */
export function applyOmissionRule(
  probabilities: readonly ArrayLike<number>[],
  classes: readonly string[],
  threshold = 0.8,
): Decision[] {
  return probabilities.map((p) => {
    let best = 0;
    for (let k = 1; k < classes.length; k++) if (p[k] > p[best]) best = k;
    const confidence = p[best];
    return { label: confidence >= threshold ? classes[best] : UNKNOWN, classIndex: best, confidence };
  });
}
