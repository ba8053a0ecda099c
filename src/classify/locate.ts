import type { GreyImage } from "../io/index.js";
import { detectParticles, findHoles, type LabelImage } from "../segment/index.js";
// the layer's own files rather than its barrel, which also loads the simulator (for training data): input
// preparation imports this module in every worker of preparePool.ts
import { autoDetector, type DetectorChoice, LATTICE_RESOLVING_PIXEL_NM } from "./segmentation/detector.js";
import { loadSegmentationModel, type SegmentationModel } from "./segmentation/model.js";
import { particlesFromModel } from "./segmentation/predict.js";

/** Where a particle's mask came from when none was given. */
export type MaskSource = "cut-out" | "net" | "classic" | "whole image";

/** A particle's mask and how it was found. */
export interface LocatedParticle {
  mask: Uint8Array;
  source: MaskSource;
}

/**
 * The particle of a single-particle image that comes without a mask, in the order a microscopist would
 * look for it, with the classical detector only (synchronous; {@link ParticleLocator} also uses the network):
 * - a cut-out (as `cutOutParticle` and the datasets write) has one constant fill value all round its
 *   border: the particle is every pixel that differs from it;
 * - an image of a particle on its support: the particle the classical detector (local contrast energy,
 *   `detectParticles`) finds at the image centre, else the largest one it finds. The network learnt
 *   particles with the support outside the mask set to zero; shown the support as part of the particle,
 *   the shipped model called 64 % of simulated monocrystals polycrystalline (22 % with their true masks);
 * - nothing found: every pixel.
 * @param image with its pixel size (the detector's scales are in nm)
 */
export function particleMask(image: GreyImage): LocatedParticle {
  const cutOut = cutOutMask(image);
  return cutOut ? { mask: cutOut, source: "cut-out" } : classicParticle(image);
}

/** The classical detector's particle at the image centre (else the largest), else the whole image. */
function classicParticle(image: GreyImage): LocatedParticle {
  const pixelSizeNm = pixelSizeOf(image);
  if (pixelSizeNm > 0) {
    const { labels } = detectParticles(
      { data: image.data, width: image.width, height: image.height },
      { pixelSizeNm, keepBorder: true, separation: "none" },
    );
    const mask = centralParticle(labels);
    if (mask) return { mask, source: "classic" };
  }
  return { mask: new Uint8Array(image.width * image.height).fill(1), source: "whole image" };
}

/** Options of {@link ParticleLocator}. */
export interface LocatorOptions {
  /**
   * `net`: the segmentation network; `classic`: the classical detector; `auto`: the network on images that
   * resolve the lattice (pixel ≤ {@link LATTICE_RESOLVING_PIXEL_NM}), where it was trained. @default "auto"
   */
  detector?: DetectorChoice;
  /** Segmentation model folder (default: the shipped one), loaded when first needed. */
  segmentationModelDir?: string;
}

/**
 * Finds the particle of mask-less single-particle images as {@link particleMask} does, but with the
 * segmentation network where it applies: on 1,508 whole simulated particle images its masks overlap the
 * true ones by IoU ≥ 0.75 for 90 % of them (the classical detector's 0.15), and the default 3-class model
 * classifies 84.8 % of them right with its masks (88.1 % with the true ones). Where the network finds
 * nothing, the classical detector tries.
 * Call `dispose` when done.
 */
export class ParticleLocator {
  private segmentation: Promise<SegmentationModel> | null = null;

  constructor(private readonly options: LocatorOptions = {}) {}

  /** The particle's mask and how it was found. */
  async locate(image: GreyImage): Promise<LocatedParticle> {
    const cutOut = cutOutMask(image);
    if (cutOut) return { mask: cutOut, source: "cut-out" };
    const pixelSizeNm = pixelSizeOf(image);
    const choice = this.options.detector ?? "auto";
    const detector = choice === "auto" ? autoDetector(pixelSizeNm, true) : choice;
    if (detector === "net" && pixelSizeNm > 0) {
      this.segmentation ??= loadSegmentationModel(this.options.segmentationModelDir);
      const model = await this.segmentation;
      const mask = centralParticle(await particlesFromModel(model, image, pixelSizeNm, { keepBorder: true }));
      if (mask) return { mask, source: "net" };
    }
    return classicParticle(image);
  }

  /** Releases the segmentation network, if it was loaded. */
  async dispose(): Promise<void> {
    if (this.segmentation) (await this.segmentation).network.dispose();
    this.segmentation = null;
  }
}

/**
 * The mask a cut-out carries implicitly: when the whole image border holds one value exactly, the particle
 * is every pixel that differs from it, with the pixels it encloses: an 8-bit cut-out stretched to the full
 * grey range has particle pixels at the fill value (black on black), which are no hole in the particle.
 * Null for any other image.
 */
export function cutOutMask(image: GreyImage): Uint8Array | null {
  const { data, width, height } = image;
  const fill = data[0];
  for (let c = 0; c < width; c++)
    if (data[c] !== fill || data[(height - 1) * width + c] !== fill) return null;
  for (let r = 0; r < height; r++)
    if (data[r * width] !== fill || data[r * width + width - 1] !== fill) return null;
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = data[i] !== fill ? 1 : 0;
  if (!mask.includes(1)) return null;
  const { filled } = findHoles({ labels: Int32Array.from(mask), width, height, count: 1 });
  for (let i = 0; i < mask.length; i++) mask[i] = filled.labels[i] > 0 ? 1 : 0;
  return mask;
}

/** The image's smaller pixel side [nm], or 0 when it has no calibration. */
export function pixelSizeOf(image: GreyImage): number {
  return image.pixelSizeNm ? Math.min(image.pixelSizeNm.x, image.pixelSizeNm.y) : 0;
}

/** The region at the image centre, else the largest region; null when there is none. */
function centralParticle({ labels, width, height, count }: LabelImage): Uint8Array | null {
  let chosen = labels[Math.floor(height / 2) * width + Math.floor(width / 2)];
  if (chosen === 0) {
    const area = new Int32Array(count + 1);
    for (const l of labels) area[l]++;
    for (let l = 1; l <= count; l++) if (chosen === 0 || area[l] > area[chosen]) chosen = l;
  }
  if (chosen === 0) return null;
  const mask = new Uint8Array(width * height);
  for (let p = 0; p < mask.length; p++) mask[p] = labels[p] === chosen ? 1 : 0;
  return mask;
}
