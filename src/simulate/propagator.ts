/**
 * Fresnel free-space propagator P(k, Δz) = exp(−iπλΔz k²) (physics.md §3), band-limited to the ⅔-Nyquist disc,
 * cached per (grid, Δz, λ) like abTEM's `FresnelPropagator`.
 */
import { bandLimitIndices, bandLimitMask, type Grid } from "./grid.js";
import { writePhasor } from "./transmission.js";

const cache = new WeakMap<Grid, Map<string, Float64Array>>();
const masks = new WeakMap<Grid, Uint8Array>();

/** The grid's ⅔-Nyquist anti-aliasing mask (cached). */
export function cachedBandLimit(grid: Grid): Uint8Array {
  let mask = masks.get(grid);
  if (!mask) {
    mask = bandLimitMask(grid);
    masks.set(grid, mask);
  }
  return mask;
}

/**
 * The propagator over `distanceAng` as interleaved complex values per FFT bin (zero outside the band limit).
 * @param distanceAng Δz [Å] (> 0 forward along the beam)
 * @param wavelengthAng λ [Å]
 */
export function fresnelPropagator(grid: Grid, distanceAng: number, wavelengthAng: number): Float64Array {
  let perGrid = cache.get(grid);
  if (!perGrid) {
    perGrid = new Map();
    cache.set(grid, perGrid);
  }
  const key = `${distanceAng.toPrecision(12)}:${wavelengthAng.toPrecision(12)}`;
  const cached = perGrid.get(key);
  if (cached) return cached;
  const { nx, ny, kx, ky } = grid;
  const mask = cachedBandLimit(grid);
  const { maxRow } = bandLimitIndices(grid);
  const p = new Float64Array(2 * nx * ny);
  const a = -Math.PI * wavelengthAng * distanceAng;
  for (let j = 0; j < ny; j++) {
    if (j > maxRow && j < ny - maxRow) continue;
    for (let i = 0; i < nx; i++) {
      const n = j * nx + i;
      if (mask[n]) writePhasor(p, 2 * n, a * (kx[i] * kx[i] + ky[j] * ky[j]), 1);
    }
  }
  if (perGrid.size > 64) perGrid.clear();
  perGrid.set(key, p);
  return p;
}

/** Multiplies a wave by a complex function pointwise, in place. */
export function multiplyComplex(wave: Float64Array, transfer: Float64Array): void {
  for (let n = 0; n < wave.length; n += 2) {
    const re = wave[n];
    const im = wave[n + 1];
    const tr = transfer[n];
    const ti = transfer[n + 1];
    wave[n] = re * tr - im * ti;
    wave[n + 1] = re * ti + im * tr;
  }
}

/**
 * out = wave · transfer for a Fourier-space wave and a transfer function that is zero outside the band
 * (|row index| ≤ maxRow, |column index| ≤ maxColumn). The wave must be zero in the rows outside the band (as
 * `Fft2d.forward(wave, maxRow)` leaves it); only the band's values are multiplied, the rest of `out` is zeroed,
 * so the result suits `Fft2d.inverse(out, maxColumn)`. `out` may be `wave` (in place).
 */
export function multiplyBandLimited(
  out: Float64Array,
  wave: Float64Array,
  transfer: Float64Array,
  grid: Grid,
  band: { readonly maxRow: number; readonly maxColumn: number },
): void {
  const { nx, ny } = grid;
  const { maxRow, maxColumn } = band;
  if (2 * maxRow + 1 >= ny || 2 * maxColumn + 1 >= nx) {
    if (out !== wave) out.set(wave);
    multiplyComplex(out, transfer);
    return;
  }
  for (let j = 0; j < ny; j++) {
    const row = 2 * j * nx;
    if (j > maxRow && j < ny - maxRow) {
      // Already zero when in place.
      if (out !== wave) out.fill(0, row, row + 2 * nx);
      continue;
    }
    multiplySpan(out, wave, transfer, row, row + 2 * (maxColumn + 1));
    out.fill(0, row + 2 * (maxColumn + 1), row + 2 * (nx - maxColumn));
    multiplySpan(out, wave, transfer, row + 2 * (nx - maxColumn), row + 2 * nx);
  }
}

/** out[n] = wave[n]·transfer[n] for the complex values at doubles [start, end). */
function multiplySpan(
  out: Float64Array,
  wave: Float64Array,
  transfer: Float64Array,
  start: number,
  end: number,
): void {
  for (let n = start; n < end; n += 2) {
    const re = wave[n];
    const im = wave[n + 1];
    const tr = transfer[n];
    const ti = transfer[n + 1];
    out[n] = re * tr - im * ti;
    out[n + 1] = re * ti + im * tr;
  }
}
