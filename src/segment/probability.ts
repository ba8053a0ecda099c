import { localContrast } from "./bandpass.js";
import { binImage, unbinLabels } from "./binning.js";
import { keepRegions } from "./keepRegions.js";
import { finishRegions, type PostprocessOptions, postprocess } from "./postprocess.js";
import { refineBoundaries } from "./refine.js";
import { resampleBilinear } from "./resample.js";
import type { FloatImage, LabelImage } from "./types.js";

/**
 * Largest pixel the probability map is thresholded, post-processed and refined at [nm]: 0.06 nm at 0.02 and
 * 0.03 nm/px. Against 0.05 (the classical detector's binning) this cut the step from 10.7 to 2.5 s on a
 * 4096² simulated field with 240 particles; F1 on the held-out fields stayed 0.985 and the median ECD error
 * went from 2.6 to 3.2 %.
 */
const LABEL_PIXEL_NM = 0.065;

/** Settings of {@link particlesFromProbability}; lengths in nm. */
export interface ProbabilityDetectorOptions extends PostprocessOptions {
  /** Probability above which a pixel is particle. @default 0.5 */
  probabilityThreshold?: number;
  /**
   * Move each outline to 0.25 of the way from its surroundings' to its plateau's local contrast energy, as the
   * classical texture detector does (`refineBoundaries`): the network's map has a 0.1 nm pixel, the
   * micrograph's texture a finer one. @default true
   */
  refine?: boolean;
  /**
   * Hysteresis: a region is kept only if its probability somewhere exceeds this (its outline stays at
   * `probabilityThreshold`). A network that has learnt faint, low-dose particles also gives blobs of support
   * texture moderate probabilities, never near-certain ones. @default none
   */
  hysteresisThreshold?: number;
}

/**
 * Particles from a segmentation network's probability map: the map (coarser than the micrograph) is
 * interpolated bilinearly to the micrograph binned to ≤ 0.065 nm, thresholded,
 * passed through ANTEMA's post-processing (holes, watershed separation of touching particles, minimum size),
 * optionally refined on the texture, cleared of particles touching the border; the labels are then expanded
 * to the full micrograph.
 * @param map probabilities with `scale` micrograph pixels per map pixel
 * @param image the micrograph (for the refinement)
 */
export function particlesFromProbability(
  map: FloatImage & { scale: number },
  image: FloatImage,
  options: ProbabilityDetectorOptions,
): LabelImage {
  const { probabilityThreshold = 0.5, pixelSizeNm, refine = true } = options;
  const { width, height } = image;
  const factor = Math.max(1, Math.floor(LABEL_PIXEL_NM / pixelSizeNm + 1e-9));
  const w = Math.ceil(width / factor);
  const h = Math.ceil(height / factor);
  const probability = resampleBilinear(map, factor / map.scale, w, h);
  const mask = new Uint8Array(w * h);
  for (let p = 0; p < mask.length; p++) mask[p] = probability[p] > probabilityThreshold ? 1 : 0;
  const binnedNm = pixelSizeNm * factor;
  const binnedOptions = { ...options, pixelSizeNm: binnedNm };
  let labels = postprocess(
    { data: mask, width: w, height: h },
    refine ? { ...binnedOptions, keepBorder: true } : binnedOptions,
  );
  if (options.hysteresisThreshold !== undefined)
    labels = keepRegions(labels, regionsPeakingAbove(labels, probability, options.hysteresisThreshold));
  if (refine) {
    // the classical detector's texture refinement: energy (linear in what was blurred) at 0.1 / 0.2 nm
    const energy = localContrast(binImage(image, factor), 0.1 / binnedNm, 0.2 / binnedNm);
    for (let p = 0; p < energy.data.length; p++) energy.data[p] *= energy.data[p];
    labels = finishRegions(
      refineBoundaries(labels, energy, { blurPx: 0.2 / binnedNm, level: 0.25 }),
      binnedOptions,
    );
  }
  return unbinLabels(labels, factor, width, height);
}

/** Flags (indexed by label) of regions whose probability exceeds `level` somewhere. */
function regionsPeakingAbove(labels: LabelImage, probability: Float32Array, level: number): Uint8Array {
  const keep = new Uint8Array(labels.count + 1);
  for (let p = 0; p < labels.labels.length; p++) if (probability[p] > level) keep[labels.labels[p]] = 1;
  return keep;
}
