import { encode } from "fast-png";
import { inputError, writeFileAtomic } from "../core/index.js";
import type { GreyImage } from "./micrograph.js";
import { checkImage, dataRange } from "./tiffWriter.js";

/** tEXt keyword under which nanocryst records its calibration in PNGs (its own reader honours it). */
export const PNG_CALIBRATION_KEYWORD = "nanocryst-calibration";

/** Options of {@link writePng}. */
export interface PngWriteOptions {
  /** Bits per sample of the grey PNG. */
  bitDepth: 8 | 16;
  /** Data values mapped to black and white; default: the image's minimum and maximum. */
  range?: [number, number];
}

/** The calibration record stored in the PNG's tEXt chunk (JSON). */
export interface PngCalibration {
  /** Pixel size [nm]. */
  pixelSizeNm: { x: number; y: number } | null;
  /** The data values that map to grey level 0 and to the top grey level. */
  range: [number, number];
  bitDepth: 8 | 16;
}

let crcTable: Uint32Array | null = null;

function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Inserts a pHYs chunk (pixels per metre) right after IHDR. Skipped when the density does not fit the
 * chunk's 32-bit field (pixels below ≈0.23 nm): the tEXt calibration still holds the exact value.
 */
function withPhys(png: Uint8Array, pixelSizeNm: { x: number; y: number }): Uint8Array {
  const perMetreX = Math.round(1e9 / pixelSizeNm.x);
  const perMetreY = Math.round(1e9 / pixelSizeNm.y);
  if (perMetreX > 0xffffffff || perMetreY > 0xffffffff || perMetreX < 1 || perMetreY < 1) return png;
  const chunk = new Uint8Array(4 + 4 + 9 + 4);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  view.setUint32(8, perMetreX);
  view.setUint32(12, perMetreY);
  chunk[16] = 1; // unit: metre
  view.setUint32(17, crc32(chunk, 4, 17));
  const afterIhdr = 8 + 4 + 4 + 13 + 4;
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, afterIhdr), 0);
  out.set(chunk, afterIhdr);
  out.set(png.subarray(afterIhdr), afterIhdr + chunk.length);
  return out;
}

/**
 * Encodes a grey image as an 8- or 16-bit grey PNG: values are mapped linearly from `range` to
 * 0…2^bitDepth − 1 (clipped, rounded); the pixel size goes into pHYs (pixels per metre) and, exactly, into
 * a tEXt chunk `nanocryst-calibration` (JSON {@link PngCalibration}).
 */
export function encodePngGrey(image: GreyImage, options: PngWriteOptions): Uint8Array {
  const { bitDepth } = options;
  const [lo, hi] = options.range ?? dataRange(image.data);
  if (!Number.isFinite(lo) || !Number.isFinite(hi))
    throw inputError(`PNG range must be finite, got ${lo}…${hi}`);
  const top = bitDepth === 16 ? 65535 : 255;
  const scale = hi > lo ? top / (hi - lo) : 0;
  const n = image.width * image.height;
  const out = bitDepth === 16 ? new Uint16Array(n) : new Uint8Array(n);
  const src = image.data;
  for (let i = 0; i < n; i++) {
    const v = (src[i] - lo) * scale;
    out[i] = v <= 0 || Number.isNaN(v) ? 0 : v >= top ? top : Math.round(v);
  }
  const calibration: PngCalibration = { pixelSizeNm: image.pixelSizeNm ?? null, range: [lo, hi], bitDepth };
  const png = encode({
    width: image.width,
    height: image.height,
    data: out,
    depth: bitDepth,
    channels: 1,
    text: { [PNG_CALIBRATION_KEYWORD]: JSON.stringify(calibration) },
  });
  return image.pixelSizeNm ? withPhys(png, image.pixelSizeNm) : png;
}

/**
 * Writes a grey PNG with the scale recorded (atomic).
 * @param path target `.png` file
 * @param image grey image; `pixelSizeNm` [nm] is stored in pHYs and in nanocryst's tEXt calibration
 * @param options bit depth and the data range mapped to black…white (default min…max)
 */
export function writePng(path: string, image: GreyImage, options: PngWriteOptions): void {
  checkImage(image, path);
  writeFileAtomic(path, encodePngGrey(image, options));
}

/**
 * Writes an 8-bit RGBA picture (overlays, contact sheets), atomic.
 * @param rgba `width × height × 4` bytes, row-major, R G B A
 */
export function writePngRgb(path: string, rgba: Uint8Array, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw inputError(`cannot write a picture of ${width}×${height} pixels`, path);
  if (rgba.length !== width * height * 4)
    throw inputError(`RGBA data holds ${rgba.length} bytes, expected ${width}×${height}×4`, path);
  writeFileAtomic(path, encode({ width, height, data: rgba, depth: 8, channels: 4 }));
}
