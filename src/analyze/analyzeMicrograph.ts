import type { Model } from "../classify/index.js";
import {
  autoDetector,
  type DetectorChoice,
  LATTICE_RESOLVING_PIXEL_NM,
  particlesFromModel,
  type SegmentationModel,
} from "../classify/segmentation/index.js";
import { inputError } from "../core/index.js";
import type { GreyImage } from "../io/index.js";
import {
  type ClassicDetectorOptions,
  detectParticles,
  keepRegions,
  type LabelImage,
  measureRegions,
  regionsClearOf,
} from "../segment/index.js";
import { classifyParticles } from "./classifyParticles.js";
import type { ParticleReport } from "./particleReport.js";

/** Settings of one analysis; the detector settings are those of `detectParticles` (lengths in nm). */
export interface AnalyzeOptions extends Omit<ClassicDetectorOptions, "pixelSizeNm"> {
  /** Classifier, or null to detect and measure only (every particle `unclassified`). */
  model: Model | null;
  /** Omission rule: minimum top probability for a class decision (0..1). @default 0.8 */
  threshold?: number;
  /**
   * Segmentation network: when given, particles are found from its probability map (then ANTEMA's
   * post-processing with the settings above); otherwise by the classical detector.
   */
  segmentation?: SegmentationModel | null;
  /**
   * Which detector runs. `auto` uses the network where it was trained — images that resolve the lattice
   * (pixel ≤ {@link LATTICE_RESOLVING_PIXEL_NM}) — and the classical detector on the intensity elsewhere.
   * @default "net" when `segmentation` is given, else "classic"
   */
  detector?: DetectorChoice;
}

/** Everything found in one micrograph. */
export interface MicrographAnalysis {
  /** Name used in tables (the path as given). */
  file: string;
  width: number;
  height: number;
  /** Pixel edge length used for all measurements [nm]. */
  pixelSizeNm: number;
  /** Instance image of the kept particles (k = particle k). */
  labels: LabelImage;
  /** One row per particle, in label order. */
  particles: ParticleReport[];
  /** Detector that found the particles. */
  detector: "net" | "classic";
  /** Particle polarity the detector used ("dark"/"bright"), or null for the texture feature. */
  polarity: "dark" | "bright" | null;
  /** Wall time of detection, measurement and classification [s]. */
  seconds: number;
}

/** How close to pixels without data a kept particle may come [nm]. */
const NO_DATA_MARGIN_NM = 0.1;

/** The isotropic pixel size of an image [nm], or an input error naming the file. */
export function isotropicPixelSizeNm(image: GreyImage, file: string): number {
  const p = image.pixelSizeNm;
  if (!p) {
    throw inputError("the image has no pixel size; give it with --pixel-size NM", file);
  }
  if (!(p.x > 0 && p.y > 0) || Math.abs(p.x - p.y) > 0.01 * Math.max(p.x, p.y)) {
    throw inputError(`pixels are not square (${p.x} × ${p.y} nm); resample the image first`, file);
  }
  return (p.x + p.y) / 2;
}

/**
 * Finds every particle of a micrograph, measures it and classifies it (the paper's Fig. 8 as data):
 * detection (classical, or the segmentation network's probability map) with ANTEMA's post-processing →
 * measurements in nm → cut-out → classifier with the omission rule.
 * @param image micrograph with its pixel size, every pixel finite (see `fillMissingPixels`)
 * @param file name used in the tables
 * @param missing 1 where the file held no data (filled in `image`): particles that meet it are cut by the
 *   edge of the recorded area and are dropped like those at the image border (unless `keepBorder`)
 */
export async function analyzeMicrograph(
  image: GreyImage,
  file: string,
  options: AnalyzeOptions,
  missing: Uint8Array | null = null,
): Promise<MicrographAnalysis> {
  const start = performance.now();
  const pixelSizeNm = isotropicPixelSizeNm(image, file);
  const { model, threshold = 0.8, segmentation = null, detector: choice, ...detector } = options;
  const requested: DetectorChoice = choice ?? (segmentation ? "net" : "classic");
  const used = requested === "auto" ? autoDetector(pixelSizeNm, segmentation !== null) : requested;
  let labels: LabelImage;
  let polarity: "dark" | "bright" | null = null;
  if (used === "net") {
    if (!segmentation) throw new Error("analyzeMicrograph: the net detector needs a segmentation model");
    labels = await particlesFromModel(segmentation, image, pixelSizeNm, detector);
  } else {
    // Without resolved fringes there is no texture: blobs are found on the intensity.
    const feature = detector.feature ?? (pixelSizeNm > LATTICE_RESOLVING_PIXEL_NM ? "intensity" : undefined);
    const detection = detectParticles(image, { ...detector, ...(feature ? { feature } : {}), pixelSizeNm });
    labels = detection.labels;
    polarity = detection.polarity;
  }
  if (missing && !detector.keepBorder) {
    // the detectors drop border particles on their own grid (the network's is 0.1 nm); outlines refined on
    // the image may then end a map pixel short of the edge
    const marginPx = Math.max(1, Math.ceil(NO_DATA_MARGIN_NM / pixelSizeNm));
    labels = keepRegions(labels, regionsClearOf(labels, missing, marginPx));
  }
  const regions = measureRegions(labels, pixelSizeNm);
  const classes = await classifyParticles(image, labels, regions, model, threshold);
  const particles = regions.map((region, k) => ({ ...region, ...classes[k], file, particle: region.label }));
  return {
    file,
    width: image.width,
    height: image.height,
    pixelSizeNm,
    labels,
    particles,
    detector: used,
    polarity,
    seconds: (performance.now() - start) / 1000,
  };
}
