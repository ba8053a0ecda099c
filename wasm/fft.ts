/**
 * AssemblyScript source of nanocryst's 2-D complex FFT kernel (compiled to dist/wasm/fft.wasm by
 * `npm run build:wasm`; loaded by src/core/fft.ts, which documents the API, normalisation and memory layout).
 *
 * Same algorithm as the scalar version it replaced: decimation-in-frequency radix-2² butterflies, first along y
 * (the slow axis) vectorised over whole row segments in column strips that stay in L2, then along x row by row
 * with the bit-reversal reordering, then the row permutation that undoes y's bit-reversed order and applies the
 * scale. Every complex value (re, im) is one f64x2 lane pair, so additions are one SIMD op per value and a
 * twiddle multiplication is v·(wr, wr) + swap(v)·(−wi, wi).
 *
 * Stage tables (written by src/core/fft.ts, one per axis and sign) hold, for each radix-2² stage h = n/2, n/8, …
 * (h ≥ 2) and each k < h/2, the six twiddle vectors of `butterfly` (96 bytes), ready to load; bit-reversal tables
 * hold u32 indices.
 */

/** Column strip width of the y pass [bytes] (32 complex values: strip × 512 rows × 16 B = 256 KB). */
const STRIP_BYTES: i32 = 32 * 16;

// @ts-ignore: decorator
@inline
function cmul(v: v128, wr: v128, wi: v128): v128 {
  return f64x2.add(f64x2.mul(v, wr), f64x2.mul(f64x2.shuffle(v, v, 1, 0), wi));
}

/** One radix-2² group: two radix-2 stages on the complex values at byte addresses p0 … p3. */
// @ts-ignore: decorator
@inline
function butterfly(
  p0: usize,
  p1: usize,
  p2: usize,
  p3: usize,
  wr: v128,
  wi: v128,
  vr: v128,
  vi: v128,
  ur: v128,
  ui: v128,
): void {
  const a0 = v128.load(p0);
  const a1 = v128.load(p1);
  const a2 = v128.load(p2);
  const a3 = v128.load(p3);
  const y0 = f64x2.add(a0, a2);
  const y2 = cmul(f64x2.sub(a0, a2), wr, wi);
  const y1 = f64x2.add(a1, a3);
  const y3 = cmul(f64x2.sub(a1, a3), vr, vi);
  v128.store(p0, f64x2.add(y0, y1));
  v128.store(p1, cmul(f64x2.sub(y0, y1), ur, ui));
  v128.store(p2, f64x2.add(y2, y3));
  v128.store(p3, cmul(f64x2.sub(y2, y3), ur, ui));
}

/**
 * DIF FFT of length n along a strided axis, in place: value m of line x sits at base + m·stride + x for every
 * byte offset x in [x0, x1) (step 16). Output in bit-reversed order.
 */
// @ts-ignore: decorator
@inline
function difStrided(base: usize, n: i32, stride: i32, x0: i32, x1: i32, stages: usize): void {
  let t = stages;
  let h = n >> 1;
  for (; h >= 2; h >>= 2) {
    const q = h >> 1;
    for (let k = 0; k < q; k++) {
      // Stage h: W_{2h}^k on (r0, r2) and W_{2h}^{k+q} = W_{2h}^k·(sign·i) on (r1, r3); stage h/2: W_h^k.
      const wr = v128.load(t);
      const wi = v128.load(t, 16);
      const vr = v128.load(t, 32);
      const vi = v128.load(t, 48);
      const ur = v128.load(t, 64);
      const ui = v128.load(t, 80);
      t += 96;
      for (let start = 0; start < n; start += 2 * h) {
        const r0 = base + <usize>((start + k) * stride);
        const r1 = r0 + <usize>(q * stride);
        const r2 = r0 + <usize>(h * stride);
        const r3 = r2 + <usize>(q * stride);
        for (let x = x0; x < x1; x += 16) {
          butterfly(r0 + x, r1 + x, r2 + x, r3 + x, wr, wi, vr, vi, ur, ui);
        }
      }
    }
  }
  if (h === 1) {
    for (let start = 0; start < n; start += 2) {
      const a0 = base + <usize>(start * stride);
      const b0 = a0 + <usize>stride;
      for (let x = x0; x < x1; x += 16) {
        const a = v128.load(a0 + x);
        const b = v128.load(b0 + x);
        v128.store(a0 + x, f64x2.add(a, b));
        v128.store(b0 + x, f64x2.sub(a, b));
      }
    }
  }
}

/**
 * The y pass over byte columns [x0, x1) of `rows` rows of `rowBytes`, in L2-sized strips. With a factor
 * (a second buffer of the same shape, `factor` ≥ 0), each strip is first multiplied by it pointwise, while the
 * strip is being brought into cache anyway.
 */
function slowAxis(
  data: usize,
  rows: i32,
  rowBytes: i32,
  x0: i32,
  x1: i32,
  stages: usize,
  factor: isize,
): void {
  for (let s = x0; s < x1; s += STRIP_BYTES) {
    const e = min(s + STRIP_BYTES, x1);
    if (factor >= 0) {
      for (let r = 0; r < rows; r++) {
        const row = <usize>(r * rowBytes);
        for (let x = s; x < e; x += 16) {
          const p = data + row + x;
          const f = v128.load(<usize>factor + row + x);
          const v = v128.load(p);
          // (a + ib)(c + id): (a, b)·(c, c) + (b, a)·(−d, d)
          const re = f64x2.shuffle(f, f, 0, 0);
          const im = f64x2.mul(f64x2.shuffle(f, f, 1, 1), f64x2.replace_lane(f64x2.splat(1), 0, -1));
          v128.store(p, f64x2.add(f64x2.mul(v, re), f64x2.mul(f64x2.shuffle(v, v, 1, 0), im)));
        }
      }
    }
    difStrided(data, rows, rowBytes, s, e, stages);
  }
}

/** One row of n complex values at `row`: DIF FFT, then bit-reversal reordering. */
function rowFft(row: usize, n: i32, stages: usize, reversed: usize): void {
  difStrided(row, n, 16, 0, 16, stages);
  for (let i = 0; i < n; i++) {
    const j = load<u32>(reversed + (<usize>i << 2));
    if (<u32>i >= j) continue;
    const a = row + (<usize>i << 4);
    const b = row + (<usize>j << 4);
    const t = v128.load(a);
    v128.store(a, v128.load(b));
    v128.store(b, t);
  }
}

/**
 * Transforms every row along x and, while each pair of rows r ↔ reversedY[r] is in cache, swaps them (undoing
 * the y pass's bit-reversed order) and multiplies by `scale`. Rows whose final frequency index exceeds maxRow
 * (wrapped) are zeroed instead of transformed.
 */
function rowPass(
  data: usize,
  rows: i32,
  n: i32,
  stagesX: usize,
  reversedX: usize,
  reversedY: usize,
  scale: f64,
  maxRow: i32,
): void {
  const rowBytes = n << 4;
  const scales = f64x2.splat(scale);
  for (let r = 0; r < rows; r++) {
    const partner = <i32>load<u32>(reversedY + (<usize>r << 2));
    if (partner < r) continue;
    const a = data + <usize>(r * rowBytes);
    const b = data + <usize>(partner * rowBytes);
    if (partner <= maxRow || partner >= rows - maxRow) rowFft(a, n, stagesX, reversedX);
    else memory.fill(a, 0, rowBytes);
    if (partner === r) {
      if (scale !== 1) {
        for (let x = 0; x < rowBytes; x += 16) v128.store(a + x, f64x2.mul(scales, v128.load(a + x)));
      }
      continue;
    }
    if (r <= maxRow || r >= rows - maxRow) rowFft(b, n, stagesX, reversedX);
    else memory.fill(b, 0, rowBytes);
    for (let x = 0; x < rowBytes; x += 16) {
      const t = v128.load(a + x);
      v128.store(a + x, f64x2.mul(scales, v128.load(b + x)));
      v128.store(b + x, f64x2.mul(scales, t));
    }
  }
}

/**
 * In-place 2-D FFT of `width` × `height` interleaved complex f64 values at `data` (row-major), multiplied by
 * `scale`; the stage tables carry the sign of the exponent. When `factor` ≥ 0 the input is first multiplied
 * pointwise by the complex buffer at that address in the columns the y pass reads; the other columns are set
 * to zero. Columns with |kx index| > maxColumn are taken as zero on input (skipped by the
 * y pass); output rows with |ky index| > maxRow are set to zero instead of computed.
 */
export function transform(
  data: usize,
  width: i32,
  height: i32,
  scale: f64,
  maxColumn: i32,
  maxRow: i32,
  stagesX: usize,
  reversedX: usize,
  stagesY: usize,
  reversedY: usize,
  factor: isize,
): void {
  const rowBytes = width << 4;
  if (2 * maxColumn + 1 >= width) slowAxis(data, height, rowBytes, 0, rowBytes, stagesY, factor);
  else {
    slowAxis(data, height, rowBytes, 0, (maxColumn + 1) << 4, stagesY, factor);
    slowAxis(data, height, rowBytes, (width - maxColumn) << 4, rowBytes, stagesY, factor);
    // The product is taken as zero in the skipped columns: clear what the input held there.
    if (factor >= 0) {
      const skipped = (width - 2 * maxColumn - 1) << 4;
      for (let r = 0; r < height; r++) memory.fill(data + <usize>(r * rowBytes + ((maxColumn + 1) << 4)), 0, skipped);
    }
  }
  rowPass(data, height, width, stagesX, reversedX, reversedY, scale, maxRow);
}
