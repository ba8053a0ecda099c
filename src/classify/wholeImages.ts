import { existsSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../core/index.js";
import type { Sample } from "./data.js";
import { readParticleFile } from "./imageFiles.js";
import type { ParticleLocator } from "./locate.js";

/**
 * Replaces each sample of a nanocryst dataset split by its whole simulated image
 * (`DIR/fields/SPLIT/CLASS/ID.tif`: the particle on its support, before the cut-out) with the outline
 * `locator` finds there: the particle as `classify` sees an image that comes without a mask. The samples keep
 * their labels and simulation records, so an evaluation keeps its breakdown by condition.
 * @param dir dataset folder the samples were loaded from with `loadSplit`
 * @returns how many samples had a whole image (the others are unchanged)
 */
export async function useWholeImages(
  samples: Sample[],
  dir: string,
  split: string,
  locator: ParticleLocator,
): Promise<number> {
  let replaced = 0;
  for (const sample of samples) {
    const file = join(dir, "fields", split, sample.folder, `${sample.id}.tif`);
    if (!existsSync(file)) continue;
    const image = await readParticleFile(file);
    if (!image.pixelSizeNm) throw inputError("the simulated image has no pixel size", file);
    sample.particle = { ...image, mask: (await locator.locate(image)).mask };
    replaced++;
  }
  return replaced;
}
