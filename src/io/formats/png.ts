import { decode } from "fast-png";
import { inputError } from "../../core/index.js";
import type { Micrograph, StoredDtype } from "../micrograph.js";
import { PNG_CALIBRATION_KEYWORD } from "../pngWriter.js";
import { expansionLimit, MAX_FRAME_PIXELS } from "../binary.js";

/** Reads width and height from the IHDR chunk so absurd sizes are refused before decoding. */
function ihdrSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.length >= 24
    ? { width: view.getUint32(16), height: view.getUint32(20) }
    : { width: 0, height: 0 };
}

/** nanocryst's own calibration record, when present and sane. */
function ownCalibration(text: Record<string, string>): { x: number; y: number } | null {
  const raw = text[PNG_CALIBRATION_KEYWORD];
  if (!raw) return null;
  try {
    const p = JSON.parse(raw)?.pixelSizeNm;
    return p && Number(p.x) > 0 && Number(p.y) > 0 && Number.isFinite(p.x) && Number.isFinite(p.y)
      ? { x: Number(p.x), y: Number(p.y) }
      : null;
  } catch {
    return null;
  }
}

/**
 * Sets fully transparent pixels to NaN, the readers' "no data": a particle cut out onto a transparent
 * background carries its mask in the alpha channel. An image transparent everywhere keeps its values (an
 * exporter that wrote alpha 0 throughout meant no mask).
 * @param channels 2 (grey + alpha) or 4 (RGBA); alpha is the last channel
 */
function markTransparent(data: Float32Array, src: ArrayLike<number>, channels: number): void {
  let transparent = 0;
  for (let i = 0; i < data.length; i++) if (src[i * channels + channels - 1] === 0) transparent++;
  if (transparent === 0 || transparent === data.length) return;
  for (let i = 0; i < data.length; i++) if (src[i * channels + channels - 1] === 0) data[i] = Number.NaN;
}

/**
 * Reads a PNG (1–16-bit grey, grey+alpha, RGB(A) as luminance, palette as luminance; fully transparent
 * pixels are NaN, no data). The pixel size is only
 * taken from nanocryst's own tEXt calibration: pHYs is usually a screen density, so it is reported, not used.
 */
export function readPng(bytes: Uint8Array, path: string): Micrograph {
  const { width, height } = ihdrSize(bytes);
  if (!(width >= 1 && height >= 1) || width * height > MAX_FRAME_PIXELS) {
    throw inputError(`PNG header gives ${width}×${height} pixels: not a readable image`, path);
  }
  // IHDR bytes 24–25: bit depth and colour type → bytes per pixel of the inflated image.
  const channels = [1, 0, 3, 1, 2, 0, 4][bytes[25]] ?? 4;
  const inflated = width * height * channels * Math.ceil((bytes[24] || 8) / 8);
  if (inflated > expansionLimit(bytes.length)) {
    throw inputError(
      `PNG claims ${width}×${height} pixels from ${bytes.length} bytes: damaged or a decompression bomb`,
      path,
    );
  }
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes);
  } catch (error) {
    throw inputError(`corrupt PNG: ${error instanceof Error ? error.message : String(error)}`, path);
  }
  const n = width * height;
  const pngChannels = png.channels;
  if (png.width !== width || png.height !== height || png.data.length < n * pngChannels)
    throw inputError("corrupt PNG: pixel data shorter than the header says", path);
  const data = new Float32Array(n);
  const src = png.data;
  let dtype: StoredDtype = png.depth === 16 ? "uint16" : "uint8";
  if (png.palette) {
    dtype = "rgb";
    const palette = png.palette;
    for (let i = 0; i < n; i++) {
      const c = palette[src[i]] ?? [0, 0, 0];
      data[i] = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
    }
  } else if (pngChannels >= 3) {
    const c = pngChannels;
    dtype = png.depth === 16 ? "rgb48" : c === 4 ? "rgba" : "rgb";
    for (let i = 0; i < n; i++)
      data[i] = 0.299 * src[i * c] + 0.587 * src[i * c + 1] + 0.114 * src[i * c + 2];
  } else if (pngChannels === 2) {
    for (let i = 0; i < n; i++) data[i] = src[2 * i];
  } else data.set(src.subarray(0, n));
  if (pngChannels === 2 || pngChannels === 4) markTransparent(data, src, pngChannels);
  const pixelSizeNm = ownCalibration(png.text);
  return {
    data,
    width,
    height,
    pixelSizeNm,
    dtype,
    kind: "image",
    frames: 1,
    source: { path, format: "png", frame: 0 },
    metadata: pixelSizeNm ? { pixelUnit: "nm" } : {},
    originalMetadata: {
      depth: png.depth,
      channels: pngChannels,
      text: png.text,
      resolution: png.resolution ?? null,
    },
  };
}
