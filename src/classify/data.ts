import { existsSync, readdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { inputError } from "../core/index.js";
import { CRYSTAL_CLASSES, type ManifestRow, readManifest } from "../dataset/index.js";
import { INPUT_CROP_PX, INPUT_PIXEL_SIZE_NM } from "./architecture.js";
import { IMAGE_EXTENSIONS, readMaskFile, readParticleFile } from "./imageFiles.js";
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
  /** The class folder it was read from (a nanocryst dataset's own 3-class names). */
  folder: string;
  /** What was simulated and how it was imaged: the sample's row of a nanocryst dataset's manifest. */
  conditions?: ManifestRow;
}

/** Maps a dataset folder (a 3-class name, or "crystalline" for 2 classes) to a model's label index. */
export function labelOf(folder: string, classes: number): number {
  if (folder === "crystalline" && classes === 2) return 1;
  const index = (THREE_CLASSES as readonly string[]).indexOf(folder);
  if (index < 0) throw inputError(`unknown class folder "${folder}"`);
  return classes === 3 ? index : index === 0 ? 0 : 1;
}

/**
 * Folder names read as each class, compared in lower case without spaces, hyphens or underscores: labelled
 * sets made elsewhere name their folders as the paper does ("Amorphous"), or shorter ("mono", "poly"), or
 * "single-crystalline".
 */
const CLASS_FOLDER_NAMES: Record<string, readonly string[]> = {
  amorphous: ["amorphous", "amorph"],
  monocrystalline: [
    "monocrystalline",
    "monocrystal",
    "monocrystals",
    "mono",
    "singlecrystalline",
    "singlecrystal",
    "singlecrystals",
  ],
  polycrystalline: ["polycrystalline", "polycrystal", "polycrystals", "poly"],
  crystalline: ["crystalline", "crystal", "crystals"],
};

/** The class a folder name stands for ({@link CLASS_FOLDER_NAMES}), or null. */
function classOfFolder(name: string): string | null {
  const key = name.toLowerCase().replace(/[\s_-]+/g, "");
  for (const [cls, names] of Object.entries(CLASS_FOLDER_NAMES)) if (names.includes(key)) return cls;
  return null;
}

/** The folders in `dir` that name one of `classes`, as [folder, class] pairs in class order, then by name. */
function classFoldersIn(dir: string, classes: readonly string[]): [string, string][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => [e.name, classOfFolder(e.name)] as [string, string | null])
    .filter((pair): pair is [string, string] => pair[1] !== null && classes.includes(pair[1]))
    .sort(
      (a, b) => classes.indexOf(a[1]) - classes.indexOf(b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
    );
}

/** Options of {@link loadSplit}. */
export interface LoadSplitOptions {
  /** Finds the particle of images without a mask file (default: the classical `particleMask`). */
  locator?: ParticleLocator;
  /** Pixel size of images without a calibration [nm]. */
  pixelSizeNm?: number;
}

/**
 * Loads one split of a dataset directory in ImageFolder layout: `DIR/SPLIT/CLASS/ID.tif` with masks at
 * `DIR/masks/SPLIT/CLASS/ID.png` (used when present, else found by the locator, or by the classical
 * `particleMask` without one), and each sample's manifest row when `DIR/manifest.jsonl` exists. A folder
 * from elsewhere may hold its class folders directly (`DIR/CLASS/ID.png`, masks at `DIR/masks/CLASS/`),
 * whatever the split, and for 2 classes an `amorphous` and a `crystalline` folder; its folders may be named
 * in any case and by the short names of {@link CLASS_FOLDER_NAMES}. Files are read in sorted
 * order, every format `classify` reads. Images without a pixel size get `options.pixelSizeNm`; in a
 * nanocryst dataset (with its `dataset.json`) without it, {@link uncalibratedPixelSizeNm}; elsewhere they
 * are an input error.
 * @param classes 2 or 3 (mono- and polycrystalline merge into "crystalline" for 2)
 */
export async function loadSplit(
  dir: string,
  split: string,
  classes: 2 | 3,
  options: LoadSplitOptions = {},
): Promise<Sample[]> {
  const folders: string[] = classes === 2 ? [...THREE_CLASSES, "crystalline"] : [...THREE_CLASSES];
  const flat = !existsSync(join(dir, split)) && classFoldersIn(dir, folders).length > 0;
  const splitDir = flat ? dir : join(dir, split);
  if (!existsSync(splitDir))
    throw inputError(
      `no "${split}" split here; expected DIR/${split}/CLASS/ID.tif (a nanocryst dataset) or class folders (${folders.join(", ")}, in any case, or amorph, mono, poly) in DIR`,
      dir,
    );
  const classFolders = classFoldersIn(splitDir, [...folders, "crystalline"]);
  if (classes === 3 && classFolders.some(([, cls]) => cls === "crystalline"))
    throw inputError(
      'a "crystalline" folder has two of the three classes in it; evaluate it with a 2-class model',
      splitDir,
    );
  const nanocrystDataset = existsSync(join(dir, "dataset.json"));
  const rows = new Map<string | null, ManifestRow>();
  if (existsSync(join(dir, "manifest.jsonl")))
    for (const row of readManifest(dir)) rows.set(row.files.cutout, row);
  const samples: Sample[] = [];
  for (const [folder, cls] of classFolders) {
    if (!folders.includes(cls)) continue;
    const classDir = join(splitDir, folder);
    const files = readdirSync(classDir)
      .filter((f) => IMAGE_EXTENSIONS.includes(extname(f).toLowerCase()))
      .sort();
    for (const name of files) {
      const file = join(classDir, name);
      const id = basename(name, extname(name));
      const particle: ParticleImage = await readParticleFile(file);
      if (!particle.pixelSizeNm) {
        if (options.pixelSizeNm === undefined && !nanocrystDataset)
          throw inputError("the image has no pixel size calibration; give --pixel-size NM", file);
        const nominal = options.pixelSizeNm ?? uncalibratedPixelSizeNm(particle.width, particle.height);
        particle.pixelSizeNm = { x: nominal, y: nominal };
      }
      const maskFile = join(dir, "masks", ...(flat ? [] : [split]), folder, `${id}.png`);
      if (existsSync(maskFile)) {
        const m = await readMaskFile(maskFile);
        if (m.width !== particle.width || m.height !== particle.height)
          throw inputError(
            `mask is ${m.width}×${m.height} but its image is ${particle.width}×${particle.height}`,
            maskFile,
          );
        particle.mask = m.mask;
      } else
        particle.mask = (
          options.locator ? await options.locator.locate(particle) : particleMask(particle)
        ).mask;
      const conditions = rows.get(`${split}/${folder}/${name}`);
      samples.push({ id, file, particle, label: labelOf(cls, classes), folder, conditions });
    }
  }
  if (samples.length === 0)
    throw inputError(`no images (${IMAGE_EXTENSIONS.join(" ")}) in the class folders here`, splitDir);
  return samples;
}

/** The splits of a nanocryst dataset, in the order `loadSplits` reads them for "all". */
export const SPLITS = ["train", "val", "test"] as const;

/**
 * {@link loadSplit} for one split, or for "all": the three splits together (a set no model was trained on),
 * or, for a folder of class folders from elsewhere, which has no splits, those folders once.
 */
export async function loadSplits(
  dir: string,
  split: (typeof SPLITS)[number] | "all",
  classes: 2 | 3,
  options: LoadSplitOptions = {},
): Promise<Sample[]> {
  if (split !== "all") return loadSplit(dir, split, classes, options);
  const present = SPLITS.filter((s) => existsSync(join(dir, s)));
  const samples: Sample[] = [];
  for (const s of present.length > 0 ? present : ["test"])
    samples.push(...(await loadSplit(dir, s, classes, options)));
  return samples;
}

/**
 * {@link loadSplits} of several folders, joined in order. With `onlyWherePresent`, a folder without `DIR/split`
 * adds nothing instead of being an input error (the test split, which a training set may lack).
 */
export async function loadSplitsOf(
  dirs: readonly string[],
  split: (typeof SPLITS)[number] | "all",
  classes: 2 | 3,
  options: LoadSplitOptions = {},
  onlyWherePresent = false,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (const dir of dirs)
    if (!onlyWherePresent || existsSync(join(dir, split)))
      samples.push(...(await loadSplits(dir, split, classes, options)));
  return samples;
}
