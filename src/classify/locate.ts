import type { GreyImage } from "../io/index.js";
import { detectParticles } from "../segment/index.js";

/** Where a particle's mask came from when none was given. */
export type MaskSource = "cut-out" | "detected" | "whole image";

/**
 * The particle of a single-particle image that comes without a mask, in the order a microscopist would
 * look for it:
 * - a cut-out (as `cutOutParticle` and the datasets write) has one constant fill value all round its
 *   border: the particle is every pixel that differs from it;
 * - an image of a particle on its support: the particle the classical detector (local contrast energy,
 *   `detectParticles`) finds at the image centre, else the largest one it finds. The network learnt
 *   particles with the support outside the mask set to zero; shown the support as part of the particle,
 *   the shipped model called 64 % of simulated monocrystals polycrystalline (22 % with their true masks);
 * - nothing found: every pixel.
 * @param image with its pixel size (the detector's scales are in nm)
 */
export function particleMask(image: GreyImage): { mask: Uint8Array; source: MaskSource } {
  const cutOut = cutOutMask(image);
  if (cutOut) return { mask: cutOut, source: "cut-out" };
  const { width, height } = image;
  const pixelSizeNm = image.pixelSizeNm ? Math.min(image.pixelSizeNm.x, image.pixelSizeNm.y) : 0;
  if (pixelSizeNm > 0) {
    const { labels, count } = detectParticles(
      { data: image.data, width, height },
      { pixelSizeNm, keepBorder: true, separation: "none" },
    ).labels;
    const centre = labels[Math.floor(height / 2) * width + Math.floor(width / 2)];
    const chosen = centre > 0 ? centre : largestRegion(labels, count);
    if (chosen > 0) {
      const mask = new Uint8Array(width * height);
      for (let p = 0; p < mask.length; p++) mask[p] = labels[p] === chosen ? 1 : 0;
      return { mask, source: "detected" };
    }
  }
  return { mask: new Uint8Array(width * height).fill(1), source: "whole image" };
}

/**
 * The mask a cut-out carries implicitly: when the whole image border holds one value exactly, the particle
 * is every pixel that differs from it; null for any other image.
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
  return mask.includes(1) ? mask : null;
}

function largestRegion(labels: Int32Array, count: number): number {
  const area = new Int32Array(count + 1);
  for (const l of labels) area[l]++;
  let best = 0;
  for (let l = 1; l <= count; l++) if (best === 0 || area[l] > area[best]) best = l;
  return best;
}
