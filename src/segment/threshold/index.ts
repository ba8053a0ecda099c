import { assertUnreachable } from "../../core/index.js";
import { histogram } from "./histogram.js";
import { liThreshold } from "./li.js";
import { otsuThreshold } from "./otsu.js";
import { triangleThreshold } from "./triangle.js";

export { type Histogram, histogram } from "./histogram.js";
export { liThreshold } from "./li.js";
export { otsuThreshold } from "./otsu.js";
export { triangleThreshold } from "./triangle.js";

/** Automatic threshold algorithms. */
export const THRESHOLD_METHODS = ["otsu", "li", "triangle"] as const;
/** One of `THRESHOLD_METHODS`. */
export type ThresholdMethod = (typeof THRESHOLD_METHODS)[number];

/**
 * Automatic threshold of a feature map (particles high) with the named algorithm on a 256-bin histogram.
 * @returns threshold value; foreground is above it
 */
export function autoThreshold(values: Float32Array, method: ThresholdMethod): number {
  const h = histogram(values, 256);
  switch (method) {
    case "otsu":
      return otsuThreshold(h);
    case "li":
      return liThreshold(h);
    case "triangle":
      return triangleThreshold(h);
    default:
      return assertUnreachable(method);
  }
}
