import { assertUnreachable } from "../core/index.js";
import { bandPass, localContrast } from "./bandpass.js";
import { binImage, unbinLabels } from "./binning.js";
import { close, open } from "./morphology.js";
import { type Polarity, polarityFromSkewness } from "./polarity.js";
import { finishRegions, type PostprocessOptions, postprocess } from "./postprocess.js";
import { refineBoundaries } from "./refine.js";
import { autoThreshold, type ThresholdMethod } from "./threshold/index.js";
import type { BinaryImage, FloatImage, LabelImage } from "./types.js";

/** Largest binned pixel of the automatic binning [nm]. */
const AUTO_BIN_PIXEL_NM = 0.05;

/** What makes a particle stand out: its mean intensity or its local contrast energy. */
export const DETECTION_FEATURES = ["intensity", "texture"] as const;
/** One of `DETECTION_FEATURES`. */
export type DetectionFeature = (typeof DETECTION_FEATURES)[number];

/** Settings of the classical detector; lengths in nm. */
export interface ClassicDetectorOptions extends PostprocessOptions {
  /**
   * What is thresholded. `texture` (default): the local contrast energy — metal particles scatter strongly
   * and carry lattice fringes, so they stand out at every defocus, while their mean intensity in a
   * multislice image differs from the support's by only ~1 %. `intensity`: the band-passed grey level with
   * the particles' polarity, for bright-field or HAADF images where particles are plainly dark or bright.
   * @default "texture"
   */
  feature?: DetectionFeature;
  /** Particle polarity for the intensity feature. @default "auto" */
  polarity?: Polarity;
  /** σ of the smoothing that removes noise and lattice fringes [nm]. @default 0.1 */
  smoothNm?: number;
  /** σ of the background estimate, larger than the particles [nm]. @default 4 */
  backgroundNm?: number;
  /** Automatic threshold algorithm. @default "li" */
  thresholdMethod?: ThresholdMethod;
  /** Radius of the opening that removes specks [nm]. @default 0.1 */
  openNm?: number;
  /** Radius of the closing that smooths notches [nm]. @default 0.1 */
  closeNm?: number;
  /**
   * Detect on an image binned by this factor (outlines are then expanded back to full resolution): a
   * number, or "auto" for the largest factor keeping the binned pixel ≤ 0.05 nm, which still resolves
   * lattice fringes and a 0.5 nm particle (10 binned pixels across) at a fraction of the cost.
   * @default "auto"
   */
  binning?: number | "auto";
  /**
   * Move each outline to a fixed level between the particle and its surroundings, and (texture feature)
   * drop regions whose contrast energy is below `minContrastRatio` × that of their surroundings.
   * @default true
   */
  refine?: boolean;
  /**
   * Texture: least ratio of a particle's median contrast energy to its surroundings'. On simulated support
   * alone the threshold's noise blobs reach at most 1.12; particles in held-out fields had 1.6–9.6.
   * @default 1.3
   */
  minContrastRatio?: number;
  /**
   * That level: 0 = surroundings, 1 = the particle's plateau. Intensity: 0.5, where a blurred step crosses.
   * Texture: 0.25, calibrated on three simulated 512² fields (not the held-out ones): projected thickness,
   * hence contrast energy, tapers towards a particle's rim, so the atoms' outline lies below the half level.
   * @default 0.25 for texture, 0.5 for intensity
   */
  refineLevel?: number;
}

/** The detector's result with its intermediate decisions (for reports and debugging). */
export interface Detection {
  /** Instance image of the kept particles. */
  labels: LabelImage;
  /** Feature map that was thresholded (particles high), on the binned grid. */
  feature: FloatImage;
  /** Threshold applied to the feature map. */
  thresholdValue: number;
  /** Polarity used ("dark"/"bright"), or null for the texture feature. */
  polarity: "dark" | "bright" | null;
  /** Binning factor the detection ran at (the feature map has the binned size). */
  binning: number;
}

/**
 * Classical particle detection, no model needed: feature map (local contrast energy, or band-passed
 * intensity with the particles' polarity) → automatic threshold → opening and closing → ANTEMA
 * post-processing → each outline moved to its particle's half level (`refineBoundaries`).
 * @param image grey micrograph (any units; only contrast matters)
 */
export function detectParticles(image: FloatImage, options: ClassicDetectorOptions): Detection {
  const {
    feature = "texture",
    polarity = "auto",
    smoothNm = 0.1,
    backgroundNm = 4,
    thresholdMethod = "li",
    openNm = 0.1,
    closeNm = 0.1,
    refine = true,
    minContrastRatio = 1.3,
    binning = "auto",
    refineLevel = feature === "texture" ? 0.25 : 0.5,
    pixelSizeNm,
  } = options;
  const factor =
    binning === "auto"
      ? Math.max(1, Math.floor(AUTO_BIN_PIXEL_NM / pixelSizeNm + 1e-9))
      : Math.max(1, Math.round(binning));
  const full = image;
  // Detection runs on the binned grid; `image` is rebound so every step below sees the binned pixels.
  image = binImage(image, factor);
  const binnedNm = pixelSizeNm * factor;
  const px = (nm: number) => nm / binnedNm;
  let map: FloatImage;
  let used: "dark" | "bright" | null = null;
  switch (feature) {
    case "intensity": {
      map = bandPass(image, px(smoothNm), px(backgroundNm));
      used = polarity === "auto" ? polarityFromSkewness(map.data) : polarity;
      if (used === "dark") for (let p = 0; p < map.data.length; p++) map.data[p] = -map.data[p];
      break;
    }
    case "texture":
      map = localContrast(image, px(smoothNm), px(2 * smoothNm));
      break;
    default:
      return assertUnreachable(feature);
  }
  const thresholdValue = autoThreshold(map.data, thresholdMethod);
  const data = new Uint8Array(map.data.length);
  for (let p = 0; p < data.length; p++) data[p] = map.data[p] > thresholdValue ? 1 : 0;
  let mask: BinaryImage = { data, width: image.width, height: image.height };
  mask = close(open(mask, px(openNm)), px(closeNm));
  const binnedOptions = { ...options, pixelSizeNm: binnedNm };
  // With refinement, border exclusion waits until the outlines are final: the coarse threshold region of a
  // particle close to the border can reach it although the particle does not.
  let labels = postprocess(mask, refine ? { ...binnedOptions, keepBorder: true } : binnedOptions);
  if (refine) {
    // The half-level rule needs a map linear in what was blurred: the energy, not its square root.
    let linear = map.data;
    if (feature === "texture") {
      linear = new Float32Array(map.data.length);
      for (let p = 0; p < linear.length; p++) linear[p] = map.data[p] * map.data[p];
    }
    const blurPx = px(feature === "texture" ? 2 * smoothNm : smoothNm);
    labels = finishRegions(
      refineBoundaries(
        labels,
        { ...map, data: linear },
        { blurPx, level: refineLevel, minRatio: feature === "texture" ? minContrastRatio : undefined },
      ),
      binnedOptions,
    );
  }
  labels = unbinLabels(labels, factor, full.width, full.height);
  return { labels, feature: map, thresholdValue, polarity: used, binning: factor };
}
