import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { decode as decodePng } from "fast-png";
import { decode as decodeTiff } from "tiff";
import { inputError } from "../core/index.js";
import type { GreyImage, PixelSizeNm } from "../io/index.js";

/**
 * Reads a single-particle image (TIFF int/float, PNG 8/16-bit grey) with its calibration: ImageJ TIFF
 * (`unit=` in the description, XResolution = pixels per unit) or nanocryst's PNG calibration text / pHYs.
 * A small reader of classify's own for the cut-outs until the io layer's `readMicrograph` covers them.
 * @param file path, named in every error
 */
export function readParticleFile(file: string): GreyImage {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw inputError(
      `cannot read the image: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      file,
    );
  }
  const ext = extname(file).toLowerCase();
  try {
    if (ext === ".png") return readPng(bytes);
    if (ext === ".tif" || ext === ".tiff") return readTiff(bytes);
  } catch (error) {
    throw inputError(
      `not a readable ${ext.slice(1).toUpperCase()} image (${(error as Error).message})`,
      file,
    );
  }
  throw inputError("unsupported image type; give a .tif, .tiff or .png file", file);
}

function readTiff(bytes: Uint8Array): GreyImage {
  const ifd = decodeTiff(bytes, { pages: [0] })[0];
  if (ifd.samplesPerPixel !== 1) throw new Error(`${ifd.samplesPerPixel} samples per pixel, expected grey`);
  const data = Float32Array.from(ifd.data as ArrayLike<number>);
  return { data, width: ifd.width, height: ifd.height, pixelSizeNm: tiffPixelSize(ifd) };
}

const UNIT_NM: Record<string, number> = {
  nm: 1,
  nanometer: 1,
  µm: 1000,
  um: 1000,
  micron: 1000,
  "\\u00B5m": 1000,
  A: 0.1,
  Å: 0.1,
};

function tiffPixelSize(ifd: {
  imageDescription?: string;
  xResolution: number;
  yResolution: number;
}): PixelSizeNm | null {
  const unit = /unit=([^\n]+)/.exec(ifd.imageDescription ?? "")?.[1]?.trim();
  const factor = unit ? UNIT_NM[unit] : undefined;
  if (!factor || !(ifd.xResolution > 0)) return null;
  const y = ifd.yResolution > 0 ? ifd.yResolution : ifd.xResolution;
  return { x: factor / ifd.xResolution, y: factor / y };
}

function readPng(bytes: Uint8Array): GreyImage {
  const png = decodePng(bytes);
  const channels = png.channels;
  const n = png.width * png.height;
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (channels <= 2) data[i] = png.data[i * channels];
    else
      data[i] =
        0.299 * png.data[i * channels] +
        0.587 * png.data[i * channels + 1] +
        0.114 * png.data[i * channels + 2];
  }
  let pixelSizeNm: PixelSizeNm | null = null;
  const text = png.text?.["nanocryst-calibration"];
  if (text) pixelSizeNm = (JSON.parse(text) as { pixelSizeNm: PixelSizeNm | null }).pixelSizeNm;
  else if (png.resolution && png.resolution.unit === 1 && png.resolution.x > 0)
    pixelSizeNm = { x: 1e9 / png.resolution.x, y: 1e9 / (png.resolution.y || png.resolution.x) };
  return { data, width: png.width, height: png.height, pixelSizeNm };
}

/** Reads a mask file (PNG or TIFF); non-zero pixels are the particle. */
export function readMaskFile(file: string): { mask: Uint8Array; width: number; height: number } {
  const image = readParticleFile(file);
  const mask = new Uint8Array(image.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = image.data[i] !== 0 ? 1 : 0;
  return { mask, width: image.width, height: image.height };
}
