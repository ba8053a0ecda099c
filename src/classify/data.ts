import { existsSync, readdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { inputError } from "../core/index.js";
import { CRYSTAL_CLASSES, type ManifestRow, readManifest } from "../dataset/index.js";
import { INPUT_CROP_PX, INPUT_PIXEL_SIZE_NM } from "./architecture.js";
import { readMaskFile, readParticleFile } from "./imageFiles.js";
import { type ParticleLocator, particleMask } from "./locate.js";
import type { ParticleImage } from "./resample.js";

/** The three crystallinity classes (dataset folder names) and the two-class scheme built from them. */
export const THREE_CLASSES = CRYSTAL_CLASSES;
export const TWO_CLASSES = ["amorphous", "crystalline"] as const;

/** Class names of a 2- or 3-class model. */
export function classNames(count: 2 | 3): string[] {
  return count === 3 ? [...THREE_CLASSES] : [...TWO_CLASSES];
}

/**
 * Pixel size given to uncalibrated dataset images (the `pattern` preset has no physical scale): the one
 * that fits the whole image into the network input, which is what the paper's resize to 224 px did.
 */
export function uncalibratedPixelSizeNm(width: number, height: number): number {
  return (INPUT_PIXEL_SIZE_NM * INPUT_CROP_PX) / Math.max(width, height);
}

/** One labelled particle. */
export interface Sample {
  /** Sample id (file name without extension). */
  id: string;
  /** Cut-out file it came from ("" for in-memory samples). */
  file: string;
  particle: ParticleImage;
  /** Index into the model's class list. */
  label: number;
  /** The dataset's own (3-class) folder name. */
  folder: string;
  /** What was simulated and how it was imaged: the sample's row of a nanocryst dataset's manifest. */
  conditions?: ManifestRow;
}

/** Maps a dataset folder (3-class name) to a label index of a 2- or 3-class model. */
export function labelOf(folder: string, classes: number): number {
  const index = (THREE_CLASSES as readonly string[]).indexOf(folder);
  if (index < 0) throw inputError(`unknown class folder "${folder}"`);
  return classes === 3 ? index : index === 0 ? 0 : 1;
}

/**
 * Loads one split of a dataset directory in ImageFolder layout: `DIR/SPLIT/CLASS/ID.tif` with masks at
 * `DIR/masks/SPLIT/CLASS/ID.png` (used when present, else found by `locator`, or by the classical
 * `particleMask` without one), and each sample's manifest row when `DIR/manifest.jsonl` exists. Files are
 * read in sorted order. Images without a pixel size get {@link uncalibratedPixelSizeNm}.
 * @param classes 2 or 3 (mono- and polycrystalline merge into "crystalline" for 2)
 */
export async function loadSplit(
  dir: string,
  split: string,
  classes: 2 | 3,
  locator?: ParticleLocator,
): Promise<Sample[]> {
  const splitDir = join(dir, split);
  if (!existsSync(splitDir))
    throw inputError(
      `no "${split}" split here; expected DIR/${split}/CLASS/ID.tif (a nanocryst dataset)`,
      dir,
    );
  const rows = new Map<string | null, ManifestRow>();
  if (existsSync(join(dir, "manifest.jsonl")))
    for (const row of readManifest(dir)) rows.set(row.files.cutout, row);
  const samples: Sample[] = [];
  for (const folder of THREE_CLASSES) {
    const classDir = join(splitDir, folder);
    if (!existsSync(classDir)) continue;
    const files = readdirSync(classDir)
      .filter((f) => [".tif", ".tiff", ".png"].includes(extname(f).toLowerCase()))
      .sort();
    for (const name of files) {
      const file = join(classDir, name);
      const id = basename(name, extname(name));
      const particle: ParticleImage = await readParticleFile(file);
      if (!particle.pixelSizeNm) {
        const nominal = uncalibratedPixelSizeNm(particle.width, particle.height);
        particle.pixelSizeNm = { x: nominal, y: nominal };
      }
      const maskFile = join(dir, "masks", split, folder, `${id}.png`);
      if (existsSync(maskFile)) {
        const m = await readMaskFile(maskFile);
        if (m.width !== particle.width || m.height !== particle.height)
          throw inputError(
            `mask is ${m.width}×${m.height} but its image is ${particle.width}×${particle.height}`,
            maskFile,
          );
        particle.mask = m.mask;
      } else particle.mask = (locator ? await locator.locate(particle) : particleMask(particle)).mask;
      const conditions = rows.get(`${split}/${folder}/${name}`);
      samples.push({ id, file, particle, label: labelOf(folder, classes), folder, conditions });
    }
  }
  if (samples.length === 0) throw inputError(`the "${split}" split holds no .tif/.png images`, splitDir);
  return samples;
}
