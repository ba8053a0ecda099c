import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decode } from "tiff";
import { inputError } from "../core/index.js";
import { writePngRgb } from "../io/index.js";
import { CRYSTAL_CLASSES } from "./classes.js";
import { FONT } from "./font5x7.js";
import { type ManifestRow, readManifest } from "./manifest.js";
import { Raster } from "./raster.js";

/** Options of {@link writePreview}. */
export interface PreviewOptions {
  /** Samples shown per class. @default 8 */
  perClass?: number;
  /** Tile edge [px]. @default 120 */
  tilePx?: number;
}

const LABEL_LINES = 4;
const GAP = 6;
const HEADER = FONT.lineHeight + 6;

/**
 * Writes a contact sheet of a dataset: one row per class, `perClass` cut-outs spread evenly over the
 * class's samples (sorted by id), each contrast-stretched to its 1st–99th percentile and labelled with its
 * id, subtype, support and main drawn parameters.
 */
export function writePreview(
  dir: string,
  outPath: string,
  options: PreviewOptions = {},
): { width: number; height: number; samples: number } {
  const { perClass = 8, tilePx = 120 } = options;
  const rows = readManifest(dir);
  const cellW = tilePx + GAP;
  const cellH = tilePx + LABEL_LINES * FONT.lineHeight + GAP;
  const width = GAP + perClass * cellW;
  // A fields dataset has one row of micrographs; the class datasets one row per class.
  const labels: readonly string[] = rows.some((r) => r.label === "field") ? ["field"] : CRYSTAL_CLASSES;
  const height = labels.length * (HEADER + cellH) + GAP;
  const sheet = new Raster(width, height, [250, 250, 250]);
  let shown = 0;
  labels.forEach((label, k) => {
    const y0 = GAP + k * (HEADER + cellH);
    const members = rows.filter((r) => r.label === label);
    sheet.drawText(`${label} (${members.length} samples)`, GAP, y0, [20, 20, 120]);
    pickSpread(members, perClass).forEach((row, j) => {
      const x = GAP + j * cellW;
      const y = y0 + HEADER;
      const image = readCutout(dir, row);
      const [lo, hi] = percentiles(image.data, 0.01, 0.99);
      sheet.fillRect(x, y, tilePx, tilePx, [0, 0, 0]);
      sheet.drawGrey(image, x, y, tilePx, lo, hi);
      labelLines(row).forEach((line, n) => {
        sheet.drawText(line, x, y + tilePx + 2 + n * FONT.lineHeight, [0, 0, 0], tilePx);
      });
      shown++;
    });
  });
  writePngRgb(outPath, sheet.data, width, height);
  return { width, height, samples: shown };
}

function pickSpread(rows: ManifestRow[], n: number): ManifestRow[] {
  if (rows.length <= n) return rows;
  return Array.from({ length: n }, (_, k) => rows[Math.floor((k * rows.length) / n)]);
}

function readCutout(dir: string, row: ManifestRow): { data: Float32Array; width: number; height: number } {
  const path = join(dir, row.files.cutout ?? row.files.field ?? "");
  const ifd = decode(readFileSync(path))[0];
  if (!ifd) throw inputError("holds no image", path);
  return { data: Float32Array.from(ifd.data as ArrayLike<number>), width: ifd.width, height: ifd.height };
}

function percentiles(data: Float32Array, lo: number, hi: number): [number, number] {
  const sorted = Float32Array.from(data).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return [at(lo), at(hi)];
}

function num(value: unknown, digits: number): string {
  return typeof value === "number" ? value.toFixed(digits) : "?";
}

function labelLines(row: ManifestRow): string[] {
  const p = row.params;
  if (row.pixelSizeNm === null) {
    const wave = p["wave0.frequencyRadPerPx"] ?? p["patch0.wave0.frequencyRadPerPx"];
    return [
      row.id,
      row.subtype,
      wave === undefined ? `dots ${p.dots ?? "?"}` : `f ${num(wave, 2)} rad/px`,
      `noise ${num(p.noiseDensity, 2)}`,
    ];
  }
  const zone = typeof p.zoneAxis === "string" && p.zoneAxis !== "random" ? ` [${p.zoneAxis}]` : "";
  return [
    `${row.id} ${row.support}${zone}`,
    row.subtype,
    `d ${num(p.diameterNm, 1)} t ${num(p.supportThicknessNm, 1)} nm`,
    `C1 ${num(p.defocusNm, 1)} C3 ${num(p.csUm, 0)}`,
  ];
}
