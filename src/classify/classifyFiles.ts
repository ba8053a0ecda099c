import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { inputError, NanocrystError } from "../core/index.js";
import { csvField } from "./evaluate.js";
import { IMAGE_EXTENSIONS, readMaskFile, readParticleFile } from "./imageFiles.js";
import { type LocatorOptions, type MaskSource, ParticleLocator, pixelSizeOf } from "./locate.js";
import type { Model } from "./model.js";
import { applyOmissionRule } from "./omission.js";
import { predict } from "./predict.js";
import type { ParticleImage } from "./resample.js";

/** One classified file. */
export interface FileClassification {
  file: string;
  /** Class name or "unknown" (omission rule). */
  label: string;
  confidence: number;
  /** Class probabilities in model class order. */
  probabilities: number[];
  /** Where the particle's mask came from: the mask file, or `ParticleLocator` when none was given. */
  mask: "file" | MaskSource;
  /** The image's pixel size (the smaller side) [nm]. */
  pixelSizeNm: number;
}

/** Options of {@link classifyFiles}; the locator options say how images without a mask find their particle. */
export interface ClassifyFilesOptions extends LocatorOptions {
  /** Pixel size for files without a calibration [nm]. */
  pixelSizeNm?: number;
  /** A mask file (single image) or a folder of masks named like the images. */
  mask?: string;
  /** Omission threshold (0..1). @default 0.8 */
  threshold?: number;
  /** Symmetry views averaged per particle (default: the model's own, see `predict`). */
  views?: 1 | 8;
  /** Particles larger than the network's view window by window (default true, see `predict`). */
  windows?: boolean;
  /**
   * Called for each file that cannot be classified (unreadable, no pixel size, a mask that does not fit),
   * which is then left out; without it the first such file throws.
   */
  onUnreadable?: (file: string, error: NanocrystError) => void;
}

/** Expands files and folders (their image files by extension, sorted) into a list of image files. */
export function expandImageArguments(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw inputError("no such file or folder", path);
    if (statSync(path).isDirectory()) {
      const inside = readdirSync(path)
        .filter((f) => IMAGE_EXTENSIONS.includes(extname(f).toLowerCase()))
        .sort()
        .map((f) => join(path, f));
      if (inside.length === 0) {
        const folders = readdirSync(path, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => e.name)
          .sort();
        const named = folders.slice(0, 3).join(", ") + (folders.length > 3 ? ", …" : "");
        const hint =
          folders.length === 0
            ? ""
            : `; it has sub-folders (${named}): give those, or use \`nanocryst evaluate --data\` for labelled class folders`;
        throw inputError(`no images (${IMAGE_EXTENSIONS.join(" ")}) in this folder${hint}`, path);
      }
      files.push(...inside);
    } else files.push(path);
  }
  return files;
}

/** The mask file of `file`: `mask` itself, or the one named like `file` in the folder `mask`. */
function maskFor(file: string, mask: { path: string; folder: boolean } | null): string | null {
  if (!mask) return null;
  if (!mask.folder) return mask.path;
  const stem = basename(file, extname(file));
  const candidates = [basename(file), ...IMAGE_EXTENSIONS.map((e) => `${stem}${e}`)].map((n) =>
    join(mask.path, n),
  );
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw inputError(`no mask named like ${basename(file)} in the mask folder`, mask.path);
  return found;
}

/** Reads one particle image with its pixel size and mask, with the checks `classify` promises. */
export async function readParticleForClassification(
  file: string,
  maskFile: string | null,
  pixelSizeNm: number | undefined,
): Promise<ParticleImage> {
  const image: ParticleImage = await readParticleFile(file);
  if (!image.pixelSizeNm) {
    if (pixelSizeNm === undefined)
      throw inputError(
        "the file has no pixel size calibration; give --pixel-size NM (e.g. --pixel-size 0.05)",
        file,
      );
    image.pixelSizeNm = { x: pixelSizeNm, y: pixelSizeNm };
  }
  if (maskFile) {
    const m = await readMaskFile(maskFile);
    if (m.width !== image.width || m.height !== image.height)
      throw inputError(
        `mask is ${m.width}×${m.height} px but the image ${basename(file)} is ${image.width}×${image.height} px; they must match`,
        maskFile,
      );
    if (!m.mask.includes(1)) throw inputError("the mask is empty (no non-zero pixel)", maskFile);
    image.mask = m.mask;
  }
  return image;
}

/** Classifies single-particle image files (design.md `nanocryst classify`). */
export async function classifyFiles(
  model: Model,
  paths: readonly string[],
  options: ClassifyFilesOptions = {},
): Promise<FileClassification[]> {
  const files = expandImageArguments(paths);
  let mask: { path: string; folder: boolean } | null = null;
  if (options.mask) {
    if (!existsSync(options.mask)) throw inputError("no such mask file or folder", options.mask);
    mask = { path: options.mask, folder: statSync(options.mask).isDirectory() };
    if (!mask.folder && files.length > 1)
      throw inputError(
        "one mask file given for several images; give a folder of masks named like the images",
        options.mask,
      );
  }
  const kept: string[] = [];
  const particles: ParticleImage[] = [];
  const sources: FileClassification["mask"][] = [];
  const locator = new ParticleLocator(options);
  try {
    for (const f of files) {
      let particle: ParticleImage;
      try {
        particle = await readParticleForClassification(f, maskFor(f, mask), options.pixelSizeNm);
      } catch (error) {
        if (!options.onUnreadable || !(error instanceof NanocrystError) || error.kind !== "input")
          throw error;
        options.onUnreadable(f, error);
        continue;
      }
      if (particle.mask) sources.push("file");
      else {
        const found = await locator.locate(particle);
        particle.mask = found.mask;
        sources.push(found.source);
      }
      kept.push(f);
      particles.push(particle);
    }
  } finally {
    await locator.dispose();
  }
  const probs = await predict(model, particles, { views: options.views, windows: options.windows });
  const decisions = applyOmissionRule(probs, model.classes, options.threshold ?? 0.8);
  return kept.map((file, i) => ({
    file,
    label: decisions[i].label,
    confidence: decisions[i].confidence,
    probabilities: Array.from(probs[i]),
    mask: sources[i],
    pixelSizeNm: pixelSizeOf(particles[i]),
  }));
}

/** CSV with the header `file,label,confidence,p_<class>...` (design.md), 4 decimals. */
export function classificationsCsv(rows: readonly FileClassification[], classes: readonly string[]): string {
  const lines = [["file", "label", "confidence", ...classes.map((c) => `p_${c}`)].join(",")];
  for (const r of rows)
    lines.push(
      [csvField(r.file), r.label, r.confidence.toFixed(4), ...r.probabilities.map((p) => p.toFixed(4))].join(
        ",",
      ),
    );
  return `${lines.join("\n")}\n`;
}

/** JSON array of objects with the CSV columns' fields and `mask`, where the particle's mask came from. */
export function classificationsJson(rows: readonly FileClassification[], classes: readonly string[]): string {
  const objects = rows.map((r) => {
    const o: Record<string, string | number> = {
      file: r.file,
      label: r.label,
      confidence: round4(r.confidence),
    };
    classes.forEach((c, k) => {
      o[`p_${c}`] = round4(r.probabilities[k]);
    });
    o.mask = r.mask;
    return o;
  });
  return `${JSON.stringify(objects, null, 2)}\n`;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
