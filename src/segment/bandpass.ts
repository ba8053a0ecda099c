import { gaussianBlur } from "./gaussian.js";
import { subtractPlane } from "./plane.js";
import type { FloatImage } from "./types.js";

/**
 * Band-pass filter as a difference of Gaussians: the image smoothed at `smoothPx` (removes shot noise and
 * lattice fringes, which are finer than a particle) minus the image smoothed at `backgroundPx` (removes
 * thickness and illumination gradients, which are coarser). What remains is contrast on the particle scale.
 * A fitted plane is removed first so that a tilted background leaves no rim at the mirrored borders.
 * @param smoothPx σ of the fine smoothing [px]
 * @param backgroundPx σ of the background estimate [px], larger than the particles
 */
export function bandPass(image: FloatImage, smoothPx: number, backgroundPx: number): FloatImage {
  image = subtractPlane(image);
  const fine = gaussianBlur(image, smoothPx);
  const coarse = gaussianBlur(image, backgroundPx);
  const data = fine.data;
  for (let p = 0; p < data.length; p++) data[p] -= coarse.data[p];
  return { data, width: image.width, height: image.height };
}

/**
 * Local contrast energy: the variance of the image's fine detail (image minus its `detailPx` smoothing, i.e.
 * noise, fringes and atom-column contrast) averaged over a Gaussian window of `windowPx`, returned as a
 * standard deviation. Crystalline and heavy-atom particles scatter strongly and stand out here whatever the
 * defocus, even where their mean intensity equals the support's.
 */
export function localContrast(image: FloatImage, detailPx: number, windowPx: number): FloatImage {
  const smooth = gaussianBlur(image, detailPx);
  const energy = new Float32Array(image.data.length);
  for (let p = 0; p < energy.length; p++) {
    const d = image.data[p] - smooth.data[p];
    energy[p] = d * d;
  }
  const averaged = gaussianBlur({ data: energy, width: image.width, height: image.height }, windowPx);
  for (let p = 0; p < energy.length; p++) averaged.data[p] = Math.sqrt(Math.max(0, averaged.data[p]));
  return averaged;
}
