import { assertUnreachable } from "../core/index.js";
import { cropRegion } from "./crop.js";
import { erosionSplit } from "./erosionSplit.js";
import { measureRegions } from "./measure.js";
import { regionPixels } from "./regionPixels.js";
import type { LabelImage } from "./types.js";
import { watershedSplit } from "./watershed.js";

/** Ways to separate touching particles. */
export const SEPARATION_METHODS = ["watershed", "erosion", "none"] as const;
/** `watershed` (distance-transform watershed), `erosion` (ultimate erosion of convex shapes) or `none`. */
export type SeparationMethod = (typeof SEPARATION_METHODS)[number];

/** Options of `separateTouching`. */
export interface SeparationOptions {
  /** @default "watershed" */
  method?: SeparationMethod;
  /** Only regions with convexity at or below this are split (ANTEMA's rule). @default 0.95 */
  convexityThreshold?: number;
  /** Watershed: minimum dynamic of a distance-map maximum that starts its own particle [px]. @default 2 */
  dynamicPx?: number;
  /** Erosion: smallest accepted core [px]. @default 1 */
  minMarkerPx?: number;
}

/**
 * Separates touching particles: every region whose outline is not convex enough (convexity ≤ threshold) is
 * split by the chosen method; convex regions are kept as they are. Labels are renumbered 1 … n in the order
 * of the original regions.
 */
export function separateTouching(image: LabelImage, options: SeparationOptions = {}): LabelImage {
  const { method = "watershed", convexityThreshold = 0.95, dynamicPx = 2, minMarkerPx = 1 } = options;
  if (method === "none") return image;
  const { width, height } = image;
  const regions = measureRegions(image, 1);
  const { offsets, indices } = regionPixels(image);
  const labels = new Int32Array(width * height);
  let next = 0;
  for (const region of regions) {
    const own = indices.subarray(offsets[region.label], offsets[region.label + 1]);
    if (region.convexity > convexityThreshold) {
      next++;
      for (let k = 0; k < own.length; k++) labels[own[k]] = next;
      continue;
    }
    const crop = cropRegion(own, width);
    let parts: Int32Array;
    switch (method) {
      case "watershed":
        parts = watershedSplit(crop, dynamicPx);
        break;
      case "erosion":
        parts = erosionSplit(crop, { convexityThreshold, minMarkerPx });
        break;
      default:
        return assertUnreachable(method);
    }
    let most = 0;
    for (let k = 0; k < own.length; k++) {
      const j = Math.floor(own[k] / width);
      const part = parts[(j - crop.row) * crop.width + (own[k] - j * width - crop.column)];
      labels[own[k]] = next + part;
      if (part > most) most = part;
    }
    next += most;
  }
  return { labels, width, height, count: next };
}
