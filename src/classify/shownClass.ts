/**
 * The part of a simulated test set whose true class its images can show. A crystal none of whose domains
 * shows fringes (`fringeDomains` 0 in the manifest: seen far from every zone axis, or finer than the
 * microscope transfers) shows no lattice, nothing an amorphous particle would not show; a polycrystal whose
 * image shows fewer than two distinct domains (`distinctDomains`: a second domain hidden under the first,
 * or domains with the same or no fringes) looks like a single crystal. Their labels are not in the image.
 * Leaving them out gives the accuracy a perfect reader of the images could approach, next to the accuracy
 * on everything.
 */
import type { ManifestRow } from "../dataset/index.js";
import { evaluateDecisions, type Metrics, type OmissionMetrics } from "./metrics.js";

/** Metrics on the samples whose class the image can show. */
export interface ShownClassMetrics {
  all: Metrics;
  omission: OmissionMetrics;
  /** Samples left out: their images cannot show their class. */
  leftOut: number;
}

/**
 * Whether a sample's image can show its true class (a model class name): an amorphous particle always; a
 * crystal (`crystalline`, `monocrystalline`) when some domain shows fringes; a polycrystal when its image
 * shows two distinct domains. null when the record does not say.
 */
export function imageShowsClass(conditions: ManifestRow | undefined, truth: string): boolean | null {
  if (!conditions) return null;
  if (truth === "amorphous") return true;
  const key = truth === "polycrystalline" ? "distinctDomains" : "fringeDomains";
  const value = conditions.params[key];
  if (typeof value !== "number") return null;
  return value >= (truth === "polycrystalline" ? 2 : 1);
}

/**
 * The metrics over the samples whose class the image can show (see {@link imageShowsClass}); null unless
 * every sample's record says.
 * @param truth true class index per sample
 * @param predicted top class index per sample
 * @param confidence top probability per sample
 */
export function shownClassMetrics(
  conditions: readonly (ManifestRow | undefined)[],
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  confidence: ArrayLike<number>,
  classes: string[],
  threshold: number,
): ShownClassMetrics | null {
  const shown = conditions.map((c, i) => imageShowsClass(c, classes[truth[i]]));
  if (shown.some((s) => s === null)) return null;
  const keep = shown.flatMap((s, i) => (s ? [i] : []));
  const pick = (values: ArrayLike<number>) => keep.map((i) => values[i]);
  return {
    ...evaluateDecisions(pick(truth), pick(predicted), pick(confidence), classes, threshold),
    leftOut: shown.length - keep.length,
  };
}
