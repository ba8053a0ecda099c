/**
 * The part of a simulated test set whose true class its images can show. A polycrystal whose image shows
 * fewer than two distinct domains (`distinctDomains` in the manifest: a second domain hidden under the
 * first, or domains whose fringes are the same or absent) looks like a single crystal to a microscopist and
 * to any classifier; its label is not in the image. Leaving those out gives the accuracy a perfect reader
 * of the images could approach, next to the accuracy on everything.
 */
import type { ManifestRow } from "../dataset/index.js";
import { evaluateDecisions, type Metrics, type OmissionMetrics } from "./metrics.js";

/** Metrics on the samples whose class the image can show. */
export interface ShownClassMetrics {
  all: Metrics;
  omission: OmissionMetrics;
  /** Polycrystals left out: their images show fewer than two distinct domains. */
  leftOut: number;
}

const POLYCRYSTALLINE = "polycrystalline";

/**
 * Whether a sample's image can show its true class: false only for a polycrystal (of a model that has a
 * polycrystalline class) whose record gives fewer than two distinct projected domains; null when nothing
 * is recorded.
 */
export function imageShowsClass(conditions: ManifestRow | undefined, truth: string): boolean | null {
  if (truth !== POLYCRYSTALLINE) return conditions ? true : null;
  const looks = conditions?.params.distinctDomains;
  return typeof looks === "number" ? looks >= 2 : null;
}

/**
 * The metrics over the samples whose class the image can show (see {@link imageShowsClass}); null unless
 * the model has a polycrystalline class and every polycrystal's record says how many domains it shows.
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
  if (!classes.includes(POLYCRYSTALLINE)) return null;
  const shown = conditions.map((c, i) => imageShowsClass(c, classes[truth[i]]));
  if (shown.some((s) => s === null)) return null;
  const keep = shown.flatMap((s, i) => (s ? [i] : []));
  const pick = (values: ArrayLike<number>) => keep.map((i) => values[i]);
  return {
    ...evaluateDecisions(pick(truth), pick(predicted), pick(confidence), classes, threshold),
    leftOut: shown.length - keep.length,
  };
}
