/**
 * The camera (physics.md §5): Fourier resampling of the simulated intensity to the camera pixel size, an
 * optional parametric MTF, and Poisson shot noise at a given dose.
 *
 * Resampling evaluates the band-limited trigonometric interpolant of the periodic intensity at x = i·p,
 * y = j·p (i < round(L_x/p), j < round(L_y/p)), keeping only frequencies strictly below the camera's Nyquist
 * frequency 1/(2p). When L/p is not an integer the samples are still exactly p apart; the image then covers
 * round(L/p)·p instead of L and no longer tiles periodically.
 */
import type { Fft2d, Rng } from "../core/index.js";
import type { Grid } from "./grid.js";

/**
 * Parametric detector MTF: MTF(k) = sinc(k_x p)·sinc(k_y p)·g^{(k/k_N)²}, sinc(x) = sin(πx)/(πx), with p the
 * camera pixel, k_N = 1/(2p) its Nyquist frequency and g = `gaussianAtNyquist` ∈ (0, 1].
 */
export interface Mtf {
  readonly gaussianAtNyquist: number;
}

/** An intensity image on camera pixels. */
export interface DetectorImage {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** Camera image size for a cell: round(L/p) pixels per axis. */
export function outputSize(grid: Grid, pixelSizeAng: number): { width: number; height: number } {
  return {
    width: Math.max(1, Math.round(grid.lxAng / pixelSizeAng)),
    height: Math.max(1, Math.round(grid.lyAng / pixelSizeAng)),
  };
}

/**
 * Resamples a periodic intensity (nx·ny on `grid`) to camera pixels of `pixelSizeAng`, applying the MTF if given.
 * @param scratch complex work buffer of 2·nx·ny values (overwritten)
 */
export function resampleIntensity(
  intensity: Float64Array,
  grid: Grid,
  fft: Fft2d,
  pixelSizeAng: number,
  mtf: Mtf | null,
  scratch: Float64Array,
): DetectorImage {
  const { nx, ny, kx, ky } = grid;
  const { width, height } = outputSize(grid, pixelSizeAng);
  for (let p = 0; p < intensity.length; p++) {
    scratch[2 * p] = intensity[p];
    scratch[2 * p + 1] = 0;
  }
  fft.forward(scratch);
  const kNyquist = 1 / (2 * pixelSizeAng);
  // The intensity is real: sum kx ≥ 0 only, doubling kx > 0, and keep the real part at the end.
  const cols = keptBins(kx, nx, kNyquist).filter((i) => kx[i] >= 0);
  const rows = keptBins(ky, ny, kNyquist);
  const g = mtf ? Math.log(mtf.gaussianAtNyquist) : 0;
  // Row pass: for each kept ky, evaluate Σ_kx S(kx, ky) e^{2πi kx x_i} at every output column.
  const colCos = phaseTable(cols, kx, width, pixelSizeAng, Math.cos);
  const colSin = phaseTable(cols, kx, width, pixelSizeAng, Math.sin);
  const partRe = new Float64Array(rows.length * width);
  const partIm = new Float64Array(rows.length * width);
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r];
    for (let c = 0; c < cols.length; c++) {
      const i = cols[c];
      const weight = kx[i] > 0 ? 2 : 1;
      let sr = weight * scratch[2 * (j * nx + i)];
      let si = weight * scratch[2 * (j * nx + i) + 1];
      if (mtf) {
        const k2 = (kx[i] * kx[i] + ky[j] * ky[j]) / (kNyquist * kNyquist);
        const m = sinc(kx[i] * pixelSizeAng) * sinc(ky[j] * pixelSizeAng) * Math.exp(g * k2);
        sr *= m;
        si *= m;
      }
      const base = c * width;
      const out = r * width;
      for (let o = 0; o < width; o++) {
        const cs = colCos[base + o];
        const sn = colSin[base + o];
        partRe[out + o] += sr * cs - si * sn;
        partIm[out + o] += sr * sn + si * cs;
      }
    }
  }
  // Column pass: Re Σ_ky part(ky, x) e^{2πi ky y_j}.
  const rowCos = phaseTable(rows, ky, height, pixelSizeAng, Math.cos);
  const rowSin = phaseTable(rows, ky, height, pixelSizeAng, Math.sin);
  const data = new Float32Array(width * height);
  const acc = new Float64Array(width);
  const norm = 1 / (nx * ny);
  for (let o = 0; o < height; o++) {
    acc.fill(0);
    for (let r = 0; r < rows.length; r++) {
      const cs = rowCos[r * height + o];
      const sn = rowSin[r * height + o];
      const base = r * width;
      for (let i = 0; i < width; i++) acc[i] += partRe[base + i] * cs - partIm[base + i] * sn;
    }
    for (let i = 0; i < width; i++) data[o * width + i] = acc[i] * norm;
  }
  return { data, width, height };
}

/** FFT bins with |k| strictly below `limit`, excluding the grid's own Nyquist bin (kept symmetric). */
function keptBins(k: Float64Array, n: number, limit: number): Int32Array {
  const bins: number[] = [];
  for (let i = 0; i < n; i++) {
    if (n > 1 && i === n / 2) continue;
    if (Math.abs(k[i]) < limit * (1 - 1e-12)) bins.push(i);
  }
  return Int32Array.from(bins);
}

function phaseTable(
  bins: Int32Array,
  k: Float64Array,
  count: number,
  pixelSizeAng: number,
  f: (x: number) => number,
): Float64Array {
  const table = new Float64Array(bins.length * count);
  for (let b = 0; b < bins.length; b++) {
    const w = 2 * Math.PI * k[bins[b]] * pixelSizeAng;
    for (let o = 0; o < count; o++) table[b * count + o] = f(w * o);
  }
  return table;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/**
 * Poisson shot noise in place: counts N = Poisson(I·D·p²), stored back as N/(D·p²) so the mean stays I
 * (vacuum ≈ 1).
 * @param doseEPerA2 electron dose D [e⁻/Å²] (> 0)
 * @param pixelSizeAng camera pixel p [Å]
 */
export function addShotNoise(image: Float32Array, doseEPerA2: number, pixelSizeAng: number, rng: Rng): void {
  if (!(doseEPerA2 > 0)) throw new RangeError(`dose must be > 0 e/Å², got ${doseEPerA2}`);
  const perPixel = doseEPerA2 * pixelSizeAng * pixelSizeAng;
  for (let p = 0; p < image.length; p++) image[p] = rng.poisson(Math.max(0, image[p]) * perPixel) / perPixel;
}
