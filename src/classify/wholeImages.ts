import { existsSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../core/index.js";
import type { Sample } from "./data.js";
import { readMaskFile, readParticleFile } from "./imageFiles.js";
import type { ParticleLocator } from "./locate.js";

/** How closely the found outlines match the true masks, over the samples that have both. */
export interface OutlineAgreement {
  count: number;
  /** Median intersection over union. */
  iouMedian: number;
  /** Median and 90th percentile of |ECD found / ECD true − 1|, ECD from the mask areas. */
  ecdErrorMedian: number;
  ecdErrorP90: number;
}

/**
 * Replaces each sample of a nanocryst dataset split by its whole simulated image
 * (`DIR/fields/SPLIT/CLASS/ID.tif`: the particle on its support, before the cut-out) with the outline
 * `locator` finds there: the particle as `classify` sees an image that comes without a mask. The samples keep
 * their labels and simulation records, so an evaluation keeps its breakdown by condition. Where the true
 * mask of the whole image exists (`DIR/field-masks/…/ID.png`), the found outline is compared with it.
 * @param dir dataset folder the samples were loaded from with `loadSplit`
 * @returns how many samples had a whole image (the others are unchanged), and the outlines' agreement with
 *   the true masks (null when no true mask was found)
 */
export async function useWholeImages(
  samples: Sample[],
  dir: string,
  split: string,
  locator: ParticleLocator,
): Promise<{ replaced: number; agreement: OutlineAgreement | null }> {
  let replaced = 0;
  const ious: number[] = [];
  const ecdErrors: number[] = [];
  for (const sample of samples) {
    const file = join(dir, "fields", split, sample.folder, `${sample.id}.tif`);
    if (!existsSync(file)) continue;
    const image = await readParticleFile(file);
    if (!image.pixelSizeNm) throw inputError("the simulated image has no pixel size", file);
    const { mask } = await locator.locate(image);
    sample.particle = { ...image, mask };
    replaced++;
    const maskFile = join(dir, "field-masks", split, sample.folder, `${sample.id}.png`);
    if (!existsSync(maskFile)) continue;
    const truth = await readMaskFile(maskFile);
    if (truth.mask.length !== mask.length)
      throw inputError(
        `mask is ${truth.width}×${truth.height} but its image is ${image.width}×${image.height}`,
        maskFile,
      );
    let both = 0;
    let trueArea = 0;
    let foundArea = 0;
    for (let i = 0; i < mask.length; i++) {
      both += mask[i] & truth.mask[i];
      trueArea += truth.mask[i];
      foundArea += mask[i];
    }
    if (trueArea === 0) continue;
    ious.push(both / (trueArea + foundArea - both));
    ecdErrors.push(Math.abs(Math.sqrt(foundArea / trueArea) - 1));
  }
  return { replaced, agreement: ious.length > 0 ? agreementOf(ious, ecdErrors) : null };
}

function agreementOf(ious: number[], ecdErrors: number[]): OutlineAgreement {
  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(q * (sorted.length - 1))];
  };
  return {
    count: ious.length,
    iouMedian: quantile(ious, 0.5),
    ecdErrorMedian: quantile(ecdErrors, 0.5),
    ecdErrorP90: quantile(ecdErrors, 0.9),
  };
}
