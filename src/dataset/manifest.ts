import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inputError, writeFileAtomic } from "../core/index.js";
import type { SampleLabel, Split, SupportMaterial } from "./classes.js";
import type { SampleFamily } from "./presets.js";

/** A value drawn for a sample (numbers in the unit named by the key, e.g. `defocusNm`). */
export type ParamValue = number | string | boolean | null;

/**
 * One sample of a dataset: one line of `manifest.jsonl`, one row of `manifest.csv`, and the content of
 * the sample's record file `records/ID.json`. File paths are relative to the dataset folder, `/`-separated.
 */
export interface ManifestRow {
  /** Sample id, `s` + zero-padded index; ids sort like indices. */
  id: string;
  /** Position of the sample in the preset's plan (what `--shard I/N` distributes). */
  index: number;
  split: Split;
  label: SampleLabel;
  /** Particle shape (`sphere`, `icosahedron`, `polycrystal`, ...) or pattern kind. */
  subtype: string;
  support: SupportMaterial;
  family: SampleFamily;
  /** Pixel size of the images [nm]; null for the (unitless) pattern preset. */
  pixelSizeNm: number | null;
  /** Cut-out size [px]. */
  width: number;
  height: number;
  /** Every value drawn for this sample (imaging, specimen, pattern), flat, keys with units. */
  params: Record<string, ParamValue>;
  files: {
    /** `SPLIT/CLASS/ID.tif`: the cut-out, float32, ImageJ calibration; null for the fields preset. */
    cutout: string | null;
    /** `masks/SPLIT/CLASS/ID.png`: the particle mask of the cut-out (8-bit, 255 = particle); null for fields. */
    mask: string | null;
    /**
     * `fields/SPLIT/CLASS/ID.tif`: the full simulated field; null for patterns. Fields preset:
     * `SPLIT/ID.tif`, the micrograph.
     */
    field: string | null;
    /**
     * `field-masks/SPLIT/CLASS/ID.png`: the particle mask of the full field; null for patterns. Fields
     * preset: `SPLIT/ID.instances.png`, the 16-bit instance image (0 = support, k = particle k).
     */
    fieldMask: string | null;
    /** Fields preset: `SPLIT/ID.truth.csv`, one row per particle (as `particles`). */
    truth?: string;
    /** Fields preset: `SPLIT/ID.microscope.json`, the imaging values of the micrograph. */
    microscope?: string;
  };
  /** Fields preset: every particle of the micrograph with its exact ground truth (ids as in the instances). */
  particles?: FieldParticleTruth[];
}

/** Ground truth of one particle of a simulated field (lengths in nm, centroid from the image's top left). */
export interface FieldParticleTruth {
  /** Its value in the instance image. */
  id: number;
  shape: string;
  /** amorphous, monocrystalline or polycrystalline. */
  label: string;
  /** Diameter asked of the structure builder [nm]. */
  diameterNm: number;
  /** Equivalent circular diameter of its pixels in the micrograph [nm]. */
  ecdNm: number;
  centroidXNm: number;
  centroidYNm: number;
  /** Cut by the image border. */
  touchesBorder: boolean;
  /** Placed in contact with another particle. */
  touching: boolean;
}

/** Columns of `manifest.csv` before the parameter columns (which follow, sorted by name). */
export const MANIFEST_BASE_COLUMNS = [
  "id",
  "index",
  "split",
  "label",
  "subtype",
  "support",
  "family",
  "pixelSizeNm",
  "width",
  "height",
  "file_cutout",
  "file_mask",
  "file_field",
  "file_fieldMask",
] as const;

/** Serialises rows (already sorted by id) as JSON lines. */
export function manifestJsonl(rows: readonly ManifestRow[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join("");
}

/** Serialises rows as CSV: base columns, then the union of all parameter names, sorted. */
export function manifestCsv(rows: readonly ManifestRow[]): string {
  const paramNames = [...new Set(rows.flatMap((r) => Object.keys(r.params)))].sort();
  const lines = [[...MANIFEST_BASE_COLUMNS, ...paramNames].join(",")];
  for (const r of rows) {
    const base: ParamValue[] = [
      r.id,
      r.index,
      r.split,
      r.label,
      r.subtype,
      r.support,
      r.family,
      r.pixelSizeNm,
      r.width,
      r.height,
      r.files.cutout,
      r.files.mask,
      r.files.field,
      r.files.fieldMask,
    ];
    lines.push([...base, ...paramNames.map((k) => r.params[k] ?? null)].map(csvCell).join(","));
  }
  return `${lines.join("\n")}\n`;
}

function csvCell(value: ParamValue | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes `manifest.jsonl` and `manifest.csv` of a dataset folder (atomically). */
export function writeManifest(dir: string, rows: readonly ManifestRow[]): void {
  writeFileAtomic(join(dir, "manifest.jsonl"), manifestJsonl(rows));
  writeFileAtomic(join(dir, "manifest.csv"), manifestCsv(rows));
}

/**
 * Reads a dataset's manifest (`DIR/manifest.jsonl`), one row per sample, sorted by id. File paths in
 * `row.files` are relative to `dir`.
 */
export function readManifest(dir: string): ManifestRow[] {
  const path = join(dir, "manifest.jsonl");
  if (!existsSync(path)) {
    throw inputError(
      "no manifest.jsonl here; make a dataset with `nanocryst dataset generate` (or finish an interrupted one by re-running it)",
      dir,
    );
  }
  const rows: ManifestRow[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((line, n) => {
      if (line.trim() === "") return;
      try {
        rows.push(JSON.parse(line) as ManifestRow);
      } catch {
        throw inputError(
          `line ${n + 1} is not valid JSON; regenerate the manifest by re-running the command`,
          path,
        );
      }
    });
  return rows;
}
