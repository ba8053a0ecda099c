import { inputError } from "../core/index.js";
import type { GreyImage } from "../io/index.js";

/**
 * The cut-out step of the paper (Methods, "Machine learning procedure"): the particle is isolated from the
 * image and the background outside it (the support) is removed, while the support signal *under* the
 * particle stays. The same function prepares simulated training particles and real particles found in
 * micrographs, so the classifier sees both the same way.
 *
 * What fills the outside: a constant, by default the mean intensity of the background ring just outside
 * the mask (pixels within `ringPx` of it). That is computable on any real micrograph, keeps the cut-out's
 * grey level where the image's was (no artificial black or white edge to learn from), and carries no
 * structure. The image is cropped to the mask's bounding box plus `marginPx` on every side (clipped to
 * the image).
 */
export interface CutOutOptions {
  /**
   * Context kept around the mask's bounding box [px].
   * @default round(0.25 nm / pixel size), at least 2; 6 px when the image has no pixel size
   */
  marginPx?: number;
  /**
   * Width of the background ring whose intensity fills the outside [px].
   * @default round(0.3 nm / pixel size), at least 2; 8 px when the image has no pixel size
   */
  ringPx?: number;
  /**
   * Outside value: the `"ring-mean"` or `"ring-median"` of the background ring, or a fixed number.
   * @default "ring-mean"
   */
  fill?: "ring-mean" | "ring-median" | number;
}

/** A cut-out: the cropped image, its mask, where it sat in the source image, and the fill used. */
export interface CutOut extends GreyImage {
  /** 1 inside the particle, 0 outside; same size as the cut-out. */
  mask: Uint8Array;
  /** Column and row of the cut-out's pixel (0, 0) in the source image [px]. */
  origin: { column: number; row: number };
  /** The value written outside the mask. */
  fillValue: number;
}

/**
 * Cuts a particle out of an image: crop to the mask's bounding box plus a margin, keep the pixels under the
 * mask, and replace all others by one fill value (see {@link CutOutOptions}).
 * @param image the micrograph or simulated field
 * @param mask non-zero on the particle; `image.width × image.height` values
 */
export function cutOutParticle(image: GreyImage, mask: Uint8Array, options: CutOutOptions = {}): CutOut {
  const { width, height, data } = image;
  if (mask.length !== width * height) {
    throw inputError(`mask has ${mask.length} pixels but the image has ${width}×${height}; sizes must match`);
  }
  const pixelNm = image.pixelSizeNm ? (image.pixelSizeNm.x + image.pixelSizeNm.y) / 2 : null;
  const marginPx = options.marginPx ?? (pixelNm ? Math.max(2, Math.round(0.25 / pixelNm)) : 6);
  const ringPx = options.ringPx ?? (pixelNm ? Math.max(2, Math.round(0.3 / pixelNm)) : 8);
  const box = boundingBox(mask, width, height);
  if (!box) throw inputError("the particle mask is empty: nothing to cut out");

  const c0 = Math.max(0, box.c0 - marginPx);
  const r0 = Math.max(0, box.r0 - marginPx);
  const c1 = Math.min(width - 1, box.c1 + marginPx);
  const r1 = Math.min(height - 1, box.r1 + marginPx);
  const fillValue =
    typeof options.fill === "number"
      ? options.fill
      : ringValue(image, mask, box, ringPx, options.fill ?? "ring-mean");

  const w = c1 - c0 + 1;
  const h = r1 - r0 + 1;
  const out = new Float32Array(w * h);
  const outMask = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) {
    const src = (r + r0) * width + c0;
    for (let c = 0; c < w; c++) {
      const inside = mask[src + c] !== 0;
      outMask[r * w + c] = inside ? 1 : 0;
      out[r * w + c] = inside ? data[src + c] : fillValue;
    }
  }
  return {
    data: out,
    width: w,
    height: h,
    pixelSizeNm: image.pixelSizeNm ?? null,
    mask: outMask,
    origin: { column: c0, row: r0 },
    fillValue,
  };
}

interface Box {
  c0: number;
  r0: number;
  c1: number;
  r1: number;
}

function boundingBox(mask: Uint8Array, width: number, height: number): Box | null {
  let c0 = width;
  let r0 = height;
  let c1 = -1;
  let r1 = -1;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      if (mask[r * width + c] === 0) continue;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
      if (r < r0) r0 = r;
      r1 = r;
    }
  }
  return c1 < 0 ? null : { c0, r0, c1, r1 };
}

/**
 * Mean or median of the background pixels within `ringPx` (Euclidean, via a two-pass chamfer distance
 * with weights 1 and √2) of the mask, computed in a window around the mask only, so large micrographs
 * with many particles stay cheap. Falls back to all background pixels in the window, then to the mean
 * of the image, when the mask leaves no ring (it fills the image).
 */
function ringValue(
  image: GreyImage,
  mask: Uint8Array,
  box: Box,
  ringPx: number,
  statistic: "ring-mean" | "ring-median",
): number {
  const { width, height, data } = image;
  const c0 = Math.max(0, box.c0 - ringPx - 1);
  const r0 = Math.max(0, box.r0 - ringPx - 1);
  const w = Math.min(width - 1, box.c1 + ringPx + 1) - c0 + 1;
  const h = Math.min(height - 1, box.r1 + ringPx + 1) - r0 + 1;
  const dist = new Float32Array(w * h);
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) dist[r * w + c] = mask[(r + r0) * width + c + c0] ? 0 : Infinity;
  }
  chamfer(dist, w, h);
  const ring: number[] = [];
  const rest: number[] = [];
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const d = dist[r * w + c];
      if (d === 0) continue;
      const v = data[(r + r0) * width + c + c0];
      if (d <= ringPx) ring.push(v);
      else rest.push(v);
    }
  }
  const values = ring.length > 0 ? ring : rest.length > 0 ? rest : Array.from(data);
  if (statistic === "ring-mean") return values.reduce((s, v) => s + v, 0) / values.length;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

function chamfer(dist: Float32Array, w: number, h: number): void {
  const diag = Math.SQRT2;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const i = r * w + c;
      let d = dist[i];
      if (c > 0) d = Math.min(d, dist[i - 1] + 1);
      if (r > 0) {
        d = Math.min(d, dist[i - w] + 1);
        if (c > 0) d = Math.min(d, dist[i - w - 1] + diag);
        if (c < w - 1) d = Math.min(d, dist[i - w + 1] + diag);
      }
      dist[i] = d;
    }
  }
  for (let r = h - 1; r >= 0; r--) {
    for (let c = w - 1; c >= 0; c--) {
      const i = r * w + c;
      let d = dist[i];
      if (c < w - 1) d = Math.min(d, dist[i + 1] + 1);
      if (r < h - 1) {
        d = Math.min(d, dist[i + w] + 1);
        if (c < w - 1) d = Math.min(d, dist[i + w + 1] + diag);
        if (c > 0) d = Math.min(d, dist[i + w - 1] + diag);
      }
      dist[i] = d;
    }
  }
}
