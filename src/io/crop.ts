import type { GreyImage } from "./micrograph.js";

/**
 * The pixels of `image` in the rectangle of `width × height` pixels starting at (`column`, `row`), copied
 * into an image of their own with the same pixel size. The rectangle must lie inside the image.
 */
export function cropGrey(
  image: GreyImage,
  column: number,
  row: number,
  width: number,
  height: number,
): GreyImage {
  const data = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const from = (row + r) * image.width + column;
    data.set(image.data.subarray(from, from + width), r * width);
  }
  return { data, width, height, pixelSizeNm: image.pixelSizeNm };
}
