import type { FloatImage } from "./types.js";

/**
 * Subtracts the least-squares plane a + b·x + c·y (x = column, y = row) from an image. Done before a
 * large-σ background blur, so that a tilt in illumination or thickness does not turn into a false rim at
 * the mirrored image borders.
 * @returns a new image with zero mean and no linear trend
 */
export function subtractPlane(image: FloatImage): FloatImage {
  const { data, width, height } = image;
  // Centred coordinates make the normal equations diagonal.
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  let sum = 0;
  let sumX = 0;
  let sumY = 0;
  let xx = 0;
  let yy = 0;
  for (let j = 0; j < height; j++) {
    const y = j - cy;
    for (let i = 0; i < width; i++) {
      const x = i - cx;
      const v = data[j * width + i];
      sum += v;
      sumX += v * x;
      sumY += v * y;
    }
    yy += y * y * width;
  }
  for (let i = 0; i < width; i++) xx += (i - cx) ** 2 * height;
  const a = sum / data.length;
  const b = xx > 0 ? sumX / xx : 0;
  const c = yy > 0 ? sumY / yy : 0;
  const out = new Float32Array(data.length);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++)
      out[j * width + i] = data[j * width + i] - a - b * (i - cx) - c * (j - cy);
  }
  return { data: out, width, height };
}
