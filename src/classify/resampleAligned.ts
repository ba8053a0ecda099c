import type { GreyImage, PixelSizeNm } from "../io/index.js";
import { LANCZOS_TAPS, lanczosWeights } from "./lanczos.js";
import type { Resampled } from "./resample.js";

/** Where the output grid's samples fall on the input image: see `resampleParticle`. */
export interface SamplingGrid {
  /** Mask centroid [input px]. */
  cx: number;
  cy: number;
  /** cos θ / scale and sin θ / scale of the content's rotation θ; one of them is zero here. */
  cos: number;
  sin: number;
  flipX: boolean;
  flipY: boolean;
  /** Samples per output pixel along each axis (area average of k × k). */
  k: number;
  /** Output pixel size [nm]. */
  pixelSizeNm: number;
  cropPx: number;
  /** Input pixel size along x and y [nm]. */
  inPx: PixelSizeNm;
}

/** Per-axis sampling: positions, bilinear and Lanczos taps, reused between calls (no allocation per pixel). */
class AxisSamples {
  inside = new Uint8Array(0);
  lo = new Int32Array(0);
  hi = new Int32Array(0);
  frac = new Float64Array(0);
  taps = new Int32Array(0);
  weights = new Float64Array(0);

  /** Fills the arrays for `count` sample positions `at(s)` [input px] on an axis of `size` pixels. */
  fill(count: number, size: number, at: (s: number) => number): void {
    if (this.lo.length < count) {
      this.inside = new Uint8Array(count);
      this.lo = new Int32Array(count);
      this.hi = new Int32Array(count);
      this.frac = new Float64Array(count);
      this.taps = new Int32Array(count * LANCZOS_TAPS);
      this.weights = new Float64Array(count * LANCZOS_TAPS);
    }
    for (let s = 0; s < count; s++) {
      const x = at(s);
      this.inside[s] = x >= -0.5 && x <= size - 0.5 ? 1 : 0;
      const xc = Math.min(Math.max(x, 0), size - 1);
      const x0 = Math.min(Math.floor(xc), Math.max(size - 2, 0));
      this.lo[s] = x0;
      this.hi[s] = Math.min(x0 + 1, size - 1);
      this.frac[s] = xc - x0;
      lanczosWeights(xc - x0, this.weights, s * LANCZOS_TAPS);
      for (let t = 0; t < LANCZOS_TAPS; t++)
        this.taps[s * LANCZOS_TAPS + t] = Math.min(Math.max(x0 + t - 2, 0), size - 1);
    }
  }
}

const columns = new AxisSamples();
const rows = new AxisSamples();
/** Per input row and column sample: the Lanczos, bilinear and mask interpolation along the row. */
let rowLanczos = new Float64Array(0);
let rowLinear = new Float64Array(0);
let rowMask = new Float64Array(0);
let sumValue = new Float64Array(0);
let sumCover = new Float64Array(0);

/**
 * `resampleParticle` for an output grid aligned with the input's axes (rotation by a multiple of 90°,
 * any mirror and scale): each sample's column depends on one output axis and its row on the other, so the
 * Lanczos-3 and bilinear interpolations split into a pass along the input rows (each row interpolated once
 * at every sample column) and one across them — 6 + 6 multiplications a sample instead of 36. The same
 * values as sampling point by point (the Lanczos sum runs in the same order), to rounding.
 */
export function resampleAligned(particle: GreyImage, mask: Uint8Array, grid: SamplingGrid): Resampled {
  const { data, width: w, height: h } = particle;
  const { cx, cy, cos, sin, flipX, flipY, k, pixelSizeNm, cropPx: n, inPx } = grid;
  const count = n * k;
  const half = (n - 1) / 2;
  // offset of sub-sample s = i·k + a from the centre [nm], before mirror and rotation
  const offset = (s: number) => (Math.floor(s / k) - half + ((s % k) + 0.5) / k - 0.5) * pixelSizeNm;
  const sx = flipX ? -1 : 1;
  const sy = flipY ? -1 : 1;
  // the content turns by +θ, so sample at R(−θ)·(u, v): with sin = 0 column ← u and row ← v, else swapped
  const turned = Math.abs(cos) < Math.abs(sin);
  if (turned) {
    columns.fill(count, w, (s) => cx + (sin * sy * offset(s)) / inPx.x);
    rows.fill(count, h, (s) => cy + (-sin * sx * offset(s)) / inPx.y);
  } else {
    columns.fill(count, w, (s) => cx + (cos * sx * offset(s)) / inPx.x);
    rows.fill(count, h, (s) => cy + (cos * sy * offset(s)) / inPx.y);
  }
  let top = h;
  let bottom = -1;
  for (let q = 0; q < count; q++) {
    if (!rows.inside[q]) continue;
    top = Math.min(top, rows.taps[q * LANCZOS_TAPS]);
    bottom = Math.max(bottom, rows.taps[q * LANCZOS_TAPS + LANCZOS_TAPS - 1], rows.hi[q]);
  }
  const spanRows = Math.max(bottom - top + 1, 0);
  if (rowLanczos.length < spanRows * count) {
    rowLanczos = new Float64Array(spanRows * count);
    rowLinear = new Float64Array(spanRows * count);
    rowMask = new Float64Array(spanRows * count);
  }
  for (let r = top; r <= bottom; r++) {
    const line = r * w;
    const base = (r - top) * count;
    for (let p = 0; p < count; p++) {
      if (!columns.inside[p]) continue;
      let value = 0;
      for (let a = 0; a < LANCZOS_TAPS; a++)
        value += columns.weights[p * LANCZOS_TAPS + a] * data[line + columns.taps[p * LANCZOS_TAPS + a]];
      const f = columns.frac[p];
      const i0 = line + columns.lo[p];
      const i1 = line + columns.hi[p];
      rowLanczos[base + p] = value;
      rowLinear[base + p] = (1 - f) * data[i0] + f * data[i1];
      rowMask[base + p] = (1 - f) * (mask[i0] ? 1 : 0) + f * (mask[i1] ? 1 : 0);
    }
  }
  if (sumValue.length < n * n) {
    sumValue = new Float64Array(n * n);
    sumCover = new Float64Array(n * n);
  }
  sumValue.fill(0, 0, n * n);
  sumCover.fill(0, 0, n * n);
  for (let q = 0; q < count; q++) {
    if (!rows.inside[q]) continue;
    const f = rows.frac[q];
    const lo = (rows.lo[q] - top) * count;
    const hi = (rows.hi[q] - top) * count;
    const outQ = Math.floor(q / k);
    for (let p = 0; p < count; p++) {
      if (!columns.inside[p]) continue;
      const outP = Math.floor(p / k);
      const out = turned ? outP * n + outQ : outQ * n + outP;
      const cover = (1 - f) * rowMask[lo + p] + f * rowMask[hi + p];
      let value: number;
      if (cover < 1e-6) value = (1 - f) * rowLinear[lo + p] + f * rowLinear[hi + p];
      else {
        value = 0;
        for (let b = 0; b < LANCZOS_TAPS; b++)
          value +=
            rows.weights[q * LANCZOS_TAPS + b] *
            rowLanczos[(rows.taps[q * LANCZOS_TAPS + b] - top) * count + p];
      }
      sumValue[out] += value;
      sumCover[out] += cover;
    }
  }
  const image = new Float32Array(n * n);
  const coverage = new Float32Array(n * n);
  const weight = 1 / (k * k);
  for (let i = 0; i < n * n; i++) {
    image[i] = sumValue[i] * weight;
    coverage[i] = sumCover[i] * weight;
  }
  return { image, coverage };
}
