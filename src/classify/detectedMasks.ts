import { existsSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../core/index.js";
import type { Sample } from "./data.js";
import { readMaskFile, readParticleFile } from "./imageFiles.js";
import { type ParticleLocator, pixelSizeOf } from "./locate.js";
import type { ParticleImage } from "./resample.js";

/**
 * Support kept around the union of the two outlines [nm]: more than the largest outward boundary shift the
 * augmentation draws (0.4 nm at strength 1), so a grown mask takes in real support, as a detector's does.
 */
const SUPPORT_MARGIN_NM = 0.6;

/**
 * Replaces each sample of a nanocryst dataset split by its whole simulated image (`DIR/fields/SPLIT/CLASS/ID.tif`,
 * cropped to the particle with {@link SUPPORT_MARGIN_NM} of support) with two outlines: its true mask
 * (`DIR/field-masks/…`) and the one `locator` finds there, as `classify` and `analyze` find it on images
 * that come without a mask. Training then draws the found one half the time (`drawAugmentation`), and a
 * grown boundary takes in real support instead of the cut-out's constant fill.
 * Samples without a whole image are returned unchanged.
 * @param dir dataset folder the samples were loaded from with `loadSplit`
 * @returns how many samples got a found outline
 */
export async function useDetectedMasks(
  samples: Sample[],
  dir: string,
  split: string,
  locator: ParticleLocator,
): Promise<number> {
  let found = 0;
  for (const sample of samples) {
    const fieldFile = join(dir, "fields", split, sample.folder, `${sample.id}.tif`);
    const maskFile = join(dir, "field-masks", split, sample.folder, `${sample.id}.png`);
    if (!existsSync(fieldFile) || !existsSync(maskFile)) continue;
    const field = await readParticleFile(fieldFile);
    const truth = await readMaskFile(maskFile);
    if (truth.width !== field.width || truth.height !== field.height)
      throw inputError(
        `mask is ${truth.width}×${truth.height} but its image is ${field.width}×${field.height}`,
        maskFile,
      );
    if (!field.pixelSizeNm) throw inputError("the simulated image has no pixel size", fieldFile);
    const detected = await locator.locate(field);
    sample.particle = cropToOutlines({ ...field, mask: truth.mask, detectedMask: detected.mask });
    found++;
  }
  return found;
}

/** The image and both outlines cropped to the outlines' union bounding box plus the support margin. */
export function cropToOutlines(
  particle: ParticleImage & { mask: Uint8Array; detectedMask: Uint8Array },
): ParticleImage {
  const { width, height, mask, detectedMask } = particle;
  const marginPx = Math.ceil(SUPPORT_MARGIN_NM / pixelSizeOf(particle));
  let c0 = width;
  let c1 = -1;
  let r0 = height;
  let r1 = -1;
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++)
      if (mask[r * width + c] || detectedMask[r * width + c]) {
        c0 = Math.min(c0, c);
        c1 = Math.max(c1, c);
        r0 = Math.min(r0, r);
        r1 = Math.max(r1, r);
      }
  if (c1 < 0) return particle;
  c0 = Math.max(0, c0 - marginPx);
  r0 = Math.max(0, r0 - marginPx);
  c1 = Math.min(width - 1, c1 + marginPx);
  r1 = Math.min(height - 1, r1 + marginPx);
  const w = c1 - c0 + 1;
  const h = r1 - r0 + 1;
  const crop = <T extends Float32Array | Uint8Array>(src: T, out: T): T => {
    for (let r = 0; r < h; r++)
      out.set(src.subarray((r0 + r) * width + c0, (r0 + r) * width + c0 + w), r * w);
    return out;
  };
  return {
    data: crop(particle.data, new Float32Array(w * h)),
    width: w,
    height: h,
    pixelSizeNm: particle.pixelSizeNm,
    mask: crop(mask, new Uint8Array(w * h)),
    detectedMask: crop(detectedMask, new Uint8Array(w * h)),
  };
}
