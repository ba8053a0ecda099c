import type { BinaryImage } from "../types.js";

/** Test drawing helper: a blank binary canvas. */
export function canvas(width: number, height = width): BinaryImage & { data: Uint8Array } {
  return { data: new Uint8Array(width * height), width, height };
}

/** Sets every pixel whose centre lies in the ellipse (semi-axes a, b px, rotated by angleDeg) to `value`. */
export function fillEllipse(
  image: BinaryImage,
  cx: number,
  cy: number,
  a: number,
  b: number,
  angleDeg = 0,
  value = 1,
): void {
  const c = Math.cos((angleDeg * Math.PI) / 180);
  const s = Math.sin((angleDeg * Math.PI) / 180);
  for (let j = 0; j < image.height; j++) {
    for (let i = 0; i < image.width; i++) {
      const u = (i - cx) * c + (j - cy) * s;
      const v = -(i - cx) * s + (j - cy) * c;
      if ((u / a) ** 2 + (v / b) ** 2 <= 1) image.data[j * image.width + i] = value;
    }
  }
}

/** Sets every pixel whose centre lies in the square of side `side` px centred at (cx, cy), rotated. */
export function fillSquare(image: BinaryImage, cx: number, cy: number, side: number, angleDeg = 0): void {
  const c = Math.cos((angleDeg * Math.PI) / 180);
  const s = Math.sin((angleDeg * Math.PI) / 180);
  for (let j = 0; j < image.height; j++) {
    for (let i = 0; i < image.width; i++) {
      const u = (i - cx) * c + (j - cy) * s;
      const v = -(i - cx) * s + (j - cy) * c;
      if (Math.abs(u) < side / 2 && Math.abs(v) < side / 2) image.data[j * image.width + i] = 1;
    }
  }
}
