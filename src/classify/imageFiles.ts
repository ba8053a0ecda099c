import { inputError } from "../core/index.js";
import { type GreyImage, readMicrograph } from "../io/index.js";

/**
 * Reads a single-particle image with its calibration through the io layer (every format `readMicrograph`
 * knows: DM3/DM4, TIFF, MRC, SER, EMD, PNG, JPEG). The file's own pixel size is kept; a missing one stays
 * null for the caller to fill from `--pixel-size`. Pixels without a finite value (a float cut-out whose
 * surroundings were set to NaN, dead pixels) take the mean of the others: a NaN-filled cut-out becomes one
 * with a constant fill, which `cutOutMask` recognises, and no NaN reaches the network.
 * @param file path, named in every error
 */
export async function readParticleFile(file: string): Promise<GreyImage> {
  const m = await readMicrograph(file);
  return {
    data: withMissingPixelsFilled(m.data, file),
    width: m.width,
    height: m.height,
    pixelSizeNm: m.pixelSizeNm ?? null,
  };
}

/** `data`, or a copy whose non-finite pixels hold the mean of the finite ones. */
function withMissingPixelsFilled(data: Float32Array, file: string): Float32Array {
  let sum = 0;
  let finite = 0;
  for (const v of data)
    if (Number.isFinite(v)) {
      sum += v;
      finite++;
    }
  if (finite === data.length) return data;
  if (finite === 0) throw inputError("no pixel has a finite value (all NaN or infinite)", file);
  const mean = sum / finite;
  return data.map((v) => (Number.isFinite(v) ? v : mean));
}

/** Reads a mask file (any image format); non-zero pixels are the particle. */
export async function readMaskFile(
  file: string,
): Promise<{ mask: Uint8Array; width: number; height: number }> {
  const image = await readMicrograph(file);
  const mask = new Uint8Array(image.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = image.data[i] !== 0 ? 1 : 0;
  return { mask, width: image.width, height: image.height };
}
