/** A 0/1 image, rows first (pixel (row j, column i) at j·width + i). */
export interface BinaryMask {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Squared distance given to pixels with no target pixel anywhere in the image. */
const FAR = 1e20;

/**
 * Exact squared Euclidean distance transform (Felzenszwalb & Huttenlocher 2012): for every pixel, the
 * squared distance [px²] to the nearest pixel whose value equals `target`. Target pixels get 0. Pixels
 * outside the image do not count as targets, so an image without any target pixel returns 1e20 everywhere.
 * @param mask binary image
 * @param target which pixel value the distance is measured to (0: distance to background)
 */
export function squaredDistanceTransform(mask: BinaryMask, target: 0 | 1 = 0): Float32Array {
  const { data, width, height } = mask;
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const out = new Float32Array(width * height);
  // Rows first into a transposed buffer, so both passes read memory in order.
  const transposed = new Float32Array(width * height);
  for (let j = 0; j < height; j++) {
    const row = j * width;
    for (let i = 0; i < width; i++) f[i] = data[row + i] === target ? 0 : FAR;
    distance1d(f, width, d, v, z);
    for (let i = 0; i < width; i++) transposed[i * height + j] = d[i];
  }
  for (let i = 0; i < width; i++) {
    const col = i * height;
    for (let j = 0; j < height; j++) f[j] = transposed[col + j];
    distance1d(f, height, d, v, z);
    for (let j = 0; j < height; j++) out[j * width + i] = Math.min(d[j], FAR);
  }
  return out;
}

/** Lower envelope of parabolas: d[q] = min_p (q − p)² + f[p], in O(n). */
function distance1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    if (f[q] >= FAR) continue;
    if (f[v[0]] >= FAR) {
      v[0] = q;
      continue;
    }
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (f[v[0]] >= FAR) {
    for (let q = 0; q < n; q++) d[q] = FAR;
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const dq = q - v[k];
    d[q] = dq * dq + f[v[k]];
  }
}
