import { squaredDistanceTransform } from "./distanceTransform.js";
import type { BinaryImage } from "./types.js";

/**
 * Binary morphology with a Euclidean disc of radius `radiusPx`, computed exactly through the distance
 * transform (cost independent of the radius): erosion keeps pixels farther than r from the background,
 * dilation adds pixels within r of the foreground. Pixels outside the image are neutral (neither erode nor
 * dilate).
 */
export function erode(mask: BinaryImage, radiusPx: number): BinaryImage {
  const d2 = squaredDistanceTransform(mask, 0);
  const r2 = radiusPx * radiusPx;
  const data = new Uint8Array(d2.length);
  for (let p = 0; p < d2.length; p++) data[p] = d2[p] > r2 ? 1 : 0;
  return { data, width: mask.width, height: mask.height };
}

/** Dilation by a Euclidean disc of radius `radiusPx` (see `erode`). */
export function dilate(mask: BinaryImage, radiusPx: number): BinaryImage {
  const d2 = squaredDistanceTransform(mask, 1);
  const r2 = radiusPx * radiusPx;
  const data = new Uint8Array(d2.length);
  for (let p = 0; p < d2.length; p++) data[p] = d2[p] <= r2 ? 1 : 0;
  return { data, width: mask.width, height: mask.height };
}

/** Opening (erosion then dilation): removes specks and thin bridges narrower than 2r. */
export function open(mask: BinaryImage, radiusPx: number): BinaryImage {
  return radiusPx > 0 ? dilate(erode(mask, radiusPx), radiusPx) : mask;
}

/** Closing (dilation then erosion): bridges gaps and notches narrower than 2r. */
export function close(mask: BinaryImage, radiusPx: number): BinaryImage {
  return radiusPx > 0 ? erode(dilate(mask, radiusPx), radiusPx) : mask;
}
