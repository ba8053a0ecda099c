import { isPowerOfTwo } from "./fft.js";

/**
 * The scalar JavaScript 2-D FFT that `Fft2d` (WebAssembly SIMD, same algorithm) replaced: the baseline of
 * bench/simulate.ts and an independent check of the kernel in the tests. Same API and conventions as `Fft2d`:
 * interleaved (re, im) `Float64Array`s in row-major order (row = y, column = x), power-of-two sizes, forward
 * unnormalised, inverse divided by width·height.
 *
 * Algorithm (chosen by measurement against fft.js and a transpose-based variant):
 * decimation-in-frequency radix-2² FFTs. Along y (the slow axis) the butterflies are vectorised over whole rows,
 * so each one streams contiguous memory with a constant twiddle, in strips of columns that stay in cache; along
 * x each row is transformed in place (it fits in L1) and reordered; a final row permutation undoes the
 * bit-reversed order along y and applies the inverse's 1/N.
 */
export class ScalarFft2d {
  readonly width: number;
  readonly height: number;
  private readonly planX: Plan;
  private readonly planY: Plan;

  /** @param width columns (power of two) @param height rows (power of two) */
  constructor(width: number, height: number) {
    if (!isPowerOfTwo(width) || !isPowerOfTwo(height)) {
      throw new RangeError(`FFT size must be a power of two, got ${width} × ${height}`);
    }
    this.width = width;
    this.height = height;
    this.planX = makePlan(width);
    this.planY = height === width ? this.planX : makePlan(height);
  }

  /**
   * In-place forward transform, exp(−2πi k·x) kernel.
   * @param maxRowIndex when given, only output rows with |ky index| ≤ maxRowIndex are computed and the others
   *   are set to 0 (for results that are band-limited next anyway; saves their row transforms)
   */
  forward(data: Float64Array, maxRowIndex = this.height): void {
    this.transform(data, -1, 1, this.width, maxRowIndex);
  }

  /**
   * In-place inverse transform, divided by width·height.
   * @param maxColumnIndex when given, the input is known to be 0 in every column with |kx index| > maxColumnIndex
   *   (band-limited data), and those columns are skipped in the first pass
   */
  inverse(data: Float64Array, maxColumnIndex = this.width): void {
    this.transform(data, 1, 1 / (this.width * this.height), maxColumnIndex, this.height);
  }

  private transform(
    data: Float64Array,
    sign: number,
    scale: number,
    maxColumn: number,
    maxRow: number,
  ): void {
    const { width, height } = this;
    if (data.length !== 2 * width * height) {
      throw new RangeError(`FFT buffer holds ${data.length / 2} values, expected ${width * height}`);
    }
    if (2 * maxColumn + 1 >= width) slowAxisFft(data, height, 0, width, this.planY, sign);
    else {
      slowAxisFft(data, height, 0, maxColumn + 1, this.planY, sign, width);
      slowAxisFft(data, height, width - maxColumn, width, this.planY, sign, width);
    }
    rowFfts(data, height, width, this.planX, sign, this.planY.reversed, scale, maxRow);
  }
}

/**
 * Transforms every row in place and, while each pair of rows r ↔ rowOrder[r] is still in cache, swaps them
 * (undoing the y pass's bit-reversed order) and multiplies by `scale`. Rows whose final frequency index exceeds
 * `maxRow` (wrapped) are zeroed instead of transformed.
 */
function rowFfts(
  d: Float64Array,
  rows: number,
  n: number,
  plan: Plan,
  sign: number,
  rowOrder: Uint32Array,
  scale: number,
  maxRow: number,
): void {
  const rowLength = 2 * n;
  // Row r's data ends up in row rowOrder[r], which holds frequency index rowOrder[r] (wrapped).
  const kept = (row: number) => row <= maxRow || row >= rows - maxRow;
  for (let r = 0; r < rows; r++) {
    const partner = rowOrder[r];
    if (partner < r) continue;
    const a = r * rowLength;
    const b = partner * rowLength;
    if (kept(partner)) rowFft(d, a, n, plan, sign);
    else d.fill(0, a, a + rowLength);
    if (partner === r) {
      if (scale !== 1) for (let x = a; x < a + rowLength; x++) d[x] *= scale;
      continue;
    }
    if (kept(r)) rowFft(d, b, n, plan, sign);
    else d.fill(0, b, b + rowLength);
    for (let x = 0; x < rowLength; x++) {
      const t = d[a + x];
      d[a + x] = scale * d[b + x];
      d[b + x] = scale * t;
    }
  }
}

/** In-place DIF radix-2² FFT of one row of n complex values starting at `o`, then its bit-reversal reordering. */
function rowFft(d: Float64Array, o: number, n: number, plan: Plan, sign: number): void {
  const { cos, sin, reversed } = plan;
  let h = n >> 1;
  for (; h >= 2; h >>= 2) {
    const q = h >> 1;
    const step1 = n / (2 * h);
    const step2 = n / h;
    for (let k = 0; k < q; k++) {
      const wr = cos[k * step1];
      const wi = sign * sin[k * step1];
      const vr = -sign * wi;
      const vi = sign * wr;
      const ur = cos[k * step2];
      const ui = sign * sin[k * step2];
      for (let start = 0; start < n; start += 2 * h) {
        const i0 = o + 2 * (start + k);
        const i1 = i0 + 2 * q;
        const i2 = i0 + 2 * h;
        const i3 = i2 + 2 * q;
        const a0r = d[i0],
          a0i = d[i0 + 1],
          a1r = d[i1],
          a1i = d[i1 + 1];
        const a2r = d[i2],
          a2i = d[i2 + 1],
          a3r = d[i3],
          a3i = d[i3 + 1];
        const y0r = a0r + a2r,
          y0i = a0i + a2i;
        const e2r = a0r - a2r,
          e2i = a0i - a2i;
        const y2r = e2r * wr - e2i * wi,
          y2i = e2r * wi + e2i * wr;
        const y1r = a1r + a3r,
          y1i = a1i + a3i;
        const e3r = a1r - a3r,
          e3i = a1i - a3i;
        const y3r = e3r * vr - e3i * vi,
          y3i = e3r * vi + e3i * vr;
        d[i0] = y0r + y1r;
        d[i0 + 1] = y0i + y1i;
        const f1r = y0r - y1r,
          f1i = y0i - y1i;
        d[i1] = f1r * ur - f1i * ui;
        d[i1 + 1] = f1r * ui + f1i * ur;
        d[i2] = y2r + y3r;
        d[i2 + 1] = y2i + y3i;
        const f3r = y2r - y3r,
          f3i = y2i - y3i;
        d[i3] = f3r * ur - f3i * ui;
        d[i3 + 1] = f3r * ui + f3i * ur;
      }
    }
  }
  if (h === 1) {
    for (let i = o; i < o + 2 * n; i += 4) {
      const ar = d[i],
        ai = d[i + 1],
        br = d[i + 2],
        bi = d[i + 3];
      d[i] = ar + br;
      d[i + 1] = ai + bi;
      d[i + 2] = ar - br;
      d[i + 3] = ai - bi;
    }
  }
  for (let i = 0; i < n; i++) {
    const j = reversed[i];
    if (i >= j) continue;
    const a = o + 2 * i,
      b = o + 2 * j;
    const tr = d[a],
      ti = d[a + 1];
    d[a] = d[b];
    d[a + 1] = d[b + 1];
    d[b] = tr;
    d[b + 1] = ti;
  }
}

interface Plan {
  readonly log2: number;
  readonly reversed: Uint32Array;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

function makePlan(n: number): Plan {
  const log2 = Math.round(Math.log2(n));
  const reversed = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let x = i;
    let y = 0;
    for (let b = 0; b < log2; b++) {
      y = (y << 1) | (x & 1);
      x >>= 1;
    }
    reversed[i] = y;
  }
  const half = Math.max(1, n / 2);
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  return { log2, reversed, cos, sin };
}

/** Complex columns per cache strip (strip × rows × 16 bytes stays in L2). */
const STRIP = 32;

/**
 * Decimation-in-frequency FFT along the slow axis of `n` rows of `m` complex values, in place, for the columns
 * firstColumn ≤ c < endColumn; the output rows are in bit-reversed frequency order. Pairs of radix-2 stages are fused (radix-2²) and applied to whole row
 * segments, one strip of columns at a time.
 */
function slowAxisFft(
  d: Float64Array,
  n: number,
  firstColumn: number,
  endColumn: number,
  plan: Plan,
  sign: number,
  m = endColumn,
): void {
  const rowLength = 2 * m;
  const { cos, sin } = plan;
  for (let x0 = 2 * firstColumn; x0 < 2 * endColumn; x0 += 2 * STRIP) {
    const x1 = Math.min(x0 + 2 * STRIP, 2 * endColumn);
    let h = n >> 1;
    for (; h >= 2; h >>= 2) {
      const q = h >> 1;
      const step1 = n / (2 * h);
      const step2 = n / h;
      for (let k = 0; k < q; k++) {
        // Stage h: W_{2h}^k on rows (r0, r2) and W_{2h}^{k+q} = W_{2h}^k·(sign·i) on (r1, r3); stage h/2: W_h^k.
        const wr = cos[k * step1];
        const wi = sign * sin[k * step1];
        const vr = -sign * wi;
        const vi = sign * wr;
        const ur = cos[k * step2];
        const ui = sign * sin[k * step2];
        for (let start = 0; start < n; start += 2 * h) {
          const r0 = (start + k) * rowLength;
          const r1 = r0 + q * rowLength;
          const r2 = r0 + h * rowLength;
          const r3 = r2 + q * rowLength;
          for (let x = x0; x < x1; x += 2) {
            const i0 = r0 + x;
            const i1 = r1 + x;
            const i2 = r2 + x;
            const i3 = r3 + x;
            const a0r = d[i0];
            const a0i = d[i0 + 1];
            const a1r = d[i1];
            const a1i = d[i1 + 1];
            const a2r = d[i2];
            const a2i = d[i2 + 1];
            const a3r = d[i3];
            const a3i = d[i3 + 1];
            const y0r = a0r + a2r;
            const y0i = a0i + a2i;
            const e2r = a0r - a2r;
            const e2i = a0i - a2i;
            const y2r = e2r * wr - e2i * wi;
            const y2i = e2r * wi + e2i * wr;
            const y1r = a1r + a3r;
            const y1i = a1i + a3i;
            const e3r = a1r - a3r;
            const e3i = a1i - a3i;
            const y3r = e3r * vr - e3i * vi;
            const y3i = e3r * vi + e3i * vr;
            d[i0] = y0r + y1r;
            d[i0 + 1] = y0i + y1i;
            const f1r = y0r - y1r;
            const f1i = y0i - y1i;
            d[i1] = f1r * ur - f1i * ui;
            d[i1 + 1] = f1r * ui + f1i * ur;
            d[i2] = y2r + y3r;
            d[i2 + 1] = y2i + y3i;
            const f3r = y2r - y3r;
            const f3i = y2i - y3i;
            d[i3] = f3r * ur - f3i * ui;
            d[i3 + 1] = f3r * ui + f3i * ur;
          }
        }
      }
    }
    if (h === 1) {
      for (let start = 0; start < n; start += 2) {
        const a0 = start * rowLength;
        const b0 = a0 + rowLength;
        for (let x = x0; x < x1; x += 2) {
          const a = a0 + x;
          const b = b0 + x;
          const ar = d[a];
          const ai = d[a + 1];
          const br = d[b];
          const bi = d[b + 1];
          d[a] = ar + br;
          d[a + 1] = ai + bi;
          d[b] = ar - br;
          d[b + 1] = ai - bi;
        }
      }
    }
  }
}
