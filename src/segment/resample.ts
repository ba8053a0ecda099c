import type { FloatImage } from "./types.js";

/**
 * Samples an image on another pixel grid by bilinear interpolation (low-pass it first when coarsening): output pixel (i, j) has its centre at input
 * coordinates ((i + ½)·ratio − ½, (j + ½)·ratio − ½), clamped to the image.
 * @param ratio input pixels per output pixel (below 1 enlarges)
 */
export function resampleBilinear(
  image: FloatImage,
  ratio: number,
  width: number,
  height: number,
): Float32Array {
  const out = new Float32Array(width * height);
  const xs = axis(width, ratio, image.width);
  const ys = axis(height, ratio, image.height);
  for (let j = 0; j < height; j++) {
    const y0 = ys.index[j];
    const y1 = Math.min(image.height - 1, y0 + 1);
    const fy = ys.weight[j];
    for (let i = 0; i < width; i++) {
      const x0 = xs.index[i];
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = xs.weight[i];
      const d = image.data;
      const top = d[y0 * image.width + x0] * (1 - fx) + d[y0 * image.width + x1] * fx;
      const bottom = d[y1 * image.width + x0] * (1 - fx) + d[y1 * image.width + x1] * fx;
      out[j * width + i] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** Lower neighbour and interpolation weight of every output pixel along one axis. */
function axis(n: number, ratio: number, size: number): { index: Int32Array; weight: Float32Array } {
  const index = new Int32Array(n);
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = Math.min(size - 1, Math.max(0, (i + 0.5) * ratio - 0.5));
    index[i] = Math.min(size - 1, Math.floor(x));
    weight[i] = x - index[i];
  }
  return { index, weight };
}
