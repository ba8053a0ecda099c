import { fillMissingPixels, type GreyImage, readMicrograph } from "../io/index.js";

/** File name extensions of the particle images `classify`, `evaluate` and `train` take from folders. */
export const IMAGE_EXTENSIONS = [
  ".tif",
  ".tiff",
  ".png",
  ".jpg",
  ".jpeg",
  ".dm3",
  ".dm4",
  ".mrc",
  ".ser",
  ".emd",
  ".npy",
];

/**
 * Reads a single-particle image with its calibration through the io layer (every format `readMicrograph`
 * knows: DM3/DM4, TIFF, MRC, SER, EMD, PNG, JPEG, NPY). The file's own pixel size is kept; a missing one stays
 * null for the caller to fill from `--pixel-size`. Pixels without a finite value (a float cut-out whose
 * surroundings were set to NaN, dead pixels) take the mean of the others: a NaN-filled cut-out becomes one
 * with a constant fill, which `cutOutMask` recognises, and no NaN reaches the network.
 * @param file path, named in every error
 */
export async function readParticleFile(file: string): Promise<GreyImage> {
  const m = await readMicrograph(file);
  const { image } = fillMissingPixels({ data: m.data, width: m.width, height: m.height }, file);
  return { ...image, pixelSizeNm: m.pixelSizeNm ?? null };
}

/** Reads a mask file (any image format); non-zero pixels are the particle, those without data are not. */
export async function readMaskFile(
  file: string,
): Promise<{ mask: Uint8Array; width: number; height: number }> {
  const image = await readMicrograph(file);
  const mask = new Uint8Array(image.data.length);
  for (let i = 0; i < mask.length; i++)
    mask[i] = image.data[i] !== 0 && Number.isFinite(image.data[i]) ? 1 : 0;
  return { mask, width: image.width, height: image.height };
}
