import { unbinLabels } from "./binning.js";
import { type PostprocessOptions, postprocess } from "./postprocess.js";
import { resampleBilinear } from "./resample.js";
import type { FloatImage, LabelImage } from "./types.js";

/** Largest pixel the probability map is thresholded at [nm] (as the classical detector's binning). */
const LABEL_PIXEL_NM = 0.05;

/** Settings of {@link particlesFromProbability}; lengths in nm. */
export interface ProbabilityDetectorOptions extends PostprocessOptions {
  /** Probability above which a pixel is particle. @default 0.5 */
  probabilityThreshold?: number;
}

/**
 * Particles from a segmentation network's probability map: the map (coarser than the micrograph) is
 * interpolated bilinearly to the micrograph's pixel, binned to ≤ 0.05 nm like the classical detector,
 * thresholded, and passed through ANTEMA's post-processing (holes, watershed separation of touching
 * particles, border exclusion, minimum size); the labels are then expanded to the full micrograph.
 * @param map probabilities with `scale` micrograph pixels per map pixel
 * @param width micrograph width [px]
 * @param height micrograph height [px]
 */
export function particlesFromProbability(
  map: FloatImage & { scale: number },
  width: number,
  height: number,
  options: ProbabilityDetectorOptions,
): LabelImage {
  const { probabilityThreshold = 0.5, pixelSizeNm } = options;
  const factor = Math.max(1, Math.floor(LABEL_PIXEL_NM / pixelSizeNm + 1e-9));
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const probability = resampleBilinear(map, factor / map.scale, w, h);
  const mask = new Uint8Array(w * h);
  for (let p = 0; p < mask.length; p++) mask[p] = probability[p] > probabilityThreshold ? 1 : 0;
  const labels = postprocess(
    { data: mask, width: w, height: h },
    { ...options, pixelSizeNm: pixelSizeNm * factor },
  );
  return unbinLabels(labels, factor, width, height);
}
