/**
 * Fresnel free-space propagator P(k, Δz) = exp(−iπλΔz k²) (physics.md §3), band-limited to the ⅔-Nyquist disc,
 * cached per (grid, Δz, λ) like abTEM's `FresnelPropagator`.
 */
import { bandLimitMask, type Grid } from "./grid.js";

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
  const p = new Float64Array(2 * nx * ny);
  const a = -Math.PI * wavelengthAng * distanceAng;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const n = j * nx + i;
      if (!mask[n]) continue;
      const phase = a * (kx[i] * kx[i] + ky[j] * ky[j]);
      p[2 * n] = Math.cos(phase);
      p[2 * n + 1] = Math.sin(phase);
    }
  }
  if (perGrid.size > 64) perGrid.clear();
  perGrid.set(key, p);
  return p;
}

/** Multiplies a wave in Fourier space by a complex transfer function, in place. */
export function multiplyComplex(wave: Float64Array, transfer: Float64Array | Float32Array): void {
  for (let n = 0; n < wave.length; n += 2) {
    const re = wave[n];
    const im = wave[n + 1];
    const tr = transfer[n];
    const ti = transfer[n + 1];
    wave[n] = re * tr - im * ti;
    wave[n + 1] = re * ti + im * tr;
  }
}
