/**
 * The simulation grid: a laterally periodic cell sampled on nx × ny points (powers of two for the FFT).
 * Pixel (row j, column i) samples x = i·dx, y = j·dy (physics.md §2: the cell origin sits on the sample
 * point of pixel (0, 0)). Lengths in Å, spatial frequencies in 1/Å without 2π.
 */
import { fftFrequency, isPowerOfTwo } from "../core/index.js";

/** Sampling of one periodic cell. */
export interface Grid {
  /** Columns (along x). */
  readonly nx: number;
  /** Rows (along y). */
  readonly ny: number;
  /** Cell width along x [Å]. */
  readonly lxAng: number;
  /** Cell height along y [Å]. */
  readonly lyAng: number;
  /** Sample spacing along x [Å]. */
  readonly dxAng: number;
  /** Sample spacing along y [Å]. */
  readonly dyAng: number;
  /** Frequency of each FFT column [1/Å]. */
  readonly kx: Float64Array;
  /** Frequency of each FFT row [1/Å]. */
  readonly ky: Float64Array;
  /** The smaller of the two axes' Nyquist frequencies [1/Å]. */
  readonly nyquistInvAng: number;
  /** Radius of the anti-aliasing band limit, ⅔ of the smaller Nyquist frequency [1/Å]. */
  readonly bandLimitInvAng: number;
}

/**
 * A grid of nx × ny samples over an lx × ly cell.
 * @throws RangeError when a size is not a power of two or a length is not positive
 */
export function makeGrid(lxAng: number, lyAng: number, nx: number, ny: number): Grid {
  if (!isPowerOfTwo(nx) || !isPowerOfTwo(ny))
    throw new RangeError(`grid must be powers of two, got ${nx} × ${ny}`);
  if (!(lxAng > 0) || !(lyAng > 0)) throw new RangeError(`cell must be > 0 Å, got ${lxAng} × ${lyAng} Å`);
  const dxAng = lxAng / nx;
  const dyAng = lyAng / ny;
  const kx = Float64Array.from({ length: nx }, (_, i) => fftFrequency(i, nx, dxAng));
  const ky = Float64Array.from({ length: ny }, (_, j) => fftFrequency(j, ny, dyAng));
  const nyquist = Math.min(1 / (2 * dxAng), 1 / (2 * dyAng));
  return {
    nx,
    ny,
    lxAng,
    lyAng,
    dxAng,
    dyAng,
    kx,
    ky,
    nyquistInvAng: nyquist,
    bandLimitInvAng: (2 / 3) * nyquist,
  };
}

/**
 * Smallest power-of-two sample count whose spacing over `lengthAng` is ≤ `maxSpacingAng`
 * (e.g. 60 Å at ≤ 0.12 Å → 512).
 */
export function gridSizeFor(lengthAng: number, maxSpacingAng: number): number {
  let n = 1;
  while (lengthAng / n > maxSpacingAng) n *= 2;
  return n;
}

/** 1 inside the ⅔-Nyquist anti-aliasing disc, 0 outside, per FFT bin (row-major). */
export function bandLimitMask(grid: Grid): Uint8Array {
  const { nx, ny, kx, ky, bandLimitInvAng } = grid;
  const mask = new Uint8Array(nx * ny);
  const k2max = bandLimitInvAng * bandLimitInvAng;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) mask[j * nx + i] = kx[i] * kx[i] + ky[j] * ky[j] <= k2max ? 1 : 0;
  }
  return mask;
}

/**
 * Largest |row| and |column| frequency index inside the band-limit disc: FFT rows and columns beyond them are
 * zero in band-limited data (used to skip work in `Fft2d.forward`/`inverse`).
 */
export function bandLimitIndices(grid: Grid): { maxRow: number; maxColumn: number } {
  return {
    maxRow: Math.floor(grid.bandLimitInvAng * grid.lyAng + 1e-9),
    maxColumn: Math.floor(grid.bandLimitInvAng * grid.lxAng + 1e-9),
  };
}
