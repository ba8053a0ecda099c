import jpeg from "jpeg-js";
import { inputError } from "../../core/index.js";
import { expansionLimit, MAX_FRAME_PIXELS } from "../binary.js";
import type { Micrograph } from "../micrograph.js";

/**
 * Reads a baseline or progressive JPEG as grey (luminance of RGB); JPEG carries no calibration nanocryst
 * trusts, so the pixel size comes from `--pixel-size`. jpeg-js's own limits bound resolution and memory.
 */
export function readJpeg(bytes: Uint8Array, path: string): Micrograph {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_FRAME_PIXELS / 1e6,
      maxMemoryUsageInMB: Math.min(2048, expansionLimit(bytes.length) / 2 ** 20),
    });
  } catch (error) {
    throw inputError(
      `corrupt JPEG: ${error instanceof Error ? error.message : String(error)}`.slice(0, 240),
      path,
    );
  }
  const { width, height, data: rgba } = decoded;
  if (!(width >= 1 && height >= 1) || rgba.length < width * height * 4)
    throw inputError("corrupt JPEG: no pixel data", path);
  const n = width * height;
  const data = new Float32Array(n);
  let grey = true;
  for (let i = 0; i < n; i++) {
    const r = rgba[4 * i];
    const g = rgba[4 * i + 1];
    const b = rgba[4 * i + 2];
    if (r !== g || g !== b) grey = false;
    data[i] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  return {
    data,
    width,
    height,
    pixelSizeNm: null,
    dtype: grey ? "uint8" : "rgb",
    kind: "image",
    frames: 1,
    source: { path, format: "jpeg", frame: 0 },
    metadata: {},
    originalMetadata: {},
  };
}
