/**
 * Projected potential of a slice in real space (physics.md §2, method 1, made exact in Fourier space): each
 * element's radial v_z(r) is tabulated once per grid as the Hankel transform of ṽ_z(q) = 47.878·f_e(q),
 * band-limited to the grid (flat up to 0.95 of the Nyquist frequency k_N, a cos² roll-off to 0 at k_N), so
 * that sampling it on the pixels is alias-free and the slice's Fourier coefficients equal ṽ_z(k)·Σ e^{−2πik·r_j}/area
 * inside the flat band (as with a Fourier-space potential). Keeping the potential's content above the ⅔ limit of
 * the transmission function matters: exp(iσv) mixes it back into the band (measured: it halves the change of a
 * gold image when the pixel is halved). The kernel is windowed to zero between r_c − 1 Å and
 * r_c, and each atom's footprint is added at its exact sub-pixel position, wrapping periodically.
 * Potentials in V·Å, lengths in Å.
 */
import type { Grid } from "./grid.js";
import { FORM_FACTOR_TO_POTENTIAL, type Parametrization, scatteringFactor } from "./scattering.js";
import { besselJ0 } from "./special.js";

/** Cut-off radius of an atom's projected potential [Å]. */
export const CUTOFF_RADIUS_ANG = 4;
/** Width of the real-space cos² window ending at the cut-off [Å]. */
const WINDOW_ANG = 1;
/** Fraction of the Nyquist frequency up to which ṽ_z is kept unmodified. */
const FLAT_FRACTION = 0.95;
/** Radial table spacing [Å]; linear interpolation between entries. */
const TABLE_STEP_ANG = 0.002;

/** One element's tabulated projected potential. */
export interface RadialPotential {
  readonly z: number;
  /** v_z at r = i·TABLE_STEP_ANG [V·Å], windowed; zero at and beyond the cut-off. */
  readonly table: Float64Array;
  /**
   * The same on a uniform grid in r² (step `squaredStepAng2`), so deposition needs no square root, as
   * interleaved (value, slope to the next entry) pairs: linear interpolation costs one multiply-add.
   */
  readonly squaredTable: Float64Array;
  readonly squaredStepAng2: number;
  readonly cutoffAng: number;
}

/** Entries of the r²-indexed table (0.001 Å² steps for r_c = 4 Å; the band-limited kernel is smooth in r²). */
const SQUARED_ENTRIES = 16384;

const tableCache = new Map<string, RadialPotential>();

/**
 * The tabulated, band-limited projected potential of element `z` (cached).
 * @param nyquistInvAng the grid's Nyquist frequency k_N (smaller of the two axes) [1/Å]
 * @param debyeWallerAng2 B [Å²]: 0 for the static atom (frozen phonons displace atoms instead); > 0 damps
 *   f_e(q) by exp(−Bq²/4) (the absorptive/Debye–Waller alternative)
 */
export function radialPotential(
  parametrization: Parametrization,
  z: number,
  nyquistInvAng: number,
  debyeWallerAng2 = 0,
): RadialPotential {
  const key = `${parametrization}:${z}:${nyquistInvAng}:${debyeWallerAng2}`;
  const cached = tableCache.get(key);
  if (cached) return cached;
  const factor = scatteringFactor(parametrization, z);
  const flat = FLAT_FRACTION * nyquistInvAng;
  const spectrum = (q: number) => {
    let w = FORM_FACTOR_TO_POTENTIAL * factor.formFactorAng(q) * Math.exp((-debyeWallerAng2 * q * q) / 4);
    if (q > flat) w *= Math.cos((Math.PI / 2) * ((q - flat) / (nyquistInvAng - flat))) ** 2;
    return w;
  };
  const rc = CUTOFF_RADIUS_ANG;
  const table = hankelTable(spectrum, nyquistInvAng, rc);
  for (let i = 0; i < table.length; i++) {
    const r = i * TABLE_STEP_ANG;
    if (r >= rc) table[i] = 0;
    else if (r > rc - WINDOW_ANG)
      table[i] *= Math.cos((Math.PI / 2) * ((r - (rc - WINDOW_ANG)) / WINDOW_ANG)) ** 2;
  }
  const squaredStepAng2 = (rc * rc) / SQUARED_ENTRIES;
  const values = new Float64Array(SQUARED_ENTRIES + 2);
  for (let i = 0; i <= SQUARED_ENTRIES; i++) {
    const t = Math.sqrt(i * squaredStepAng2) / TABLE_STEP_ANG;
    const k = Math.floor(t);
    values[i] = table[k] + (t - k) * (table[k + 1] - table[k]);
  }
  const squaredTable = new Float64Array(2 * (SQUARED_ENTRIES + 1));
  for (let i = 0; i <= SQUARED_ENTRIES; i++) {
    squaredTable[2 * i] = values[i];
    squaredTable[2 * i + 1] = values[i + 1] - values[i];
  }
  const result = { z, table, squaredTable, squaredStepAng2, cutoffAng: rc };
  tableCache.set(key, result);
  return result;
}

/**
 * v(r) = 2π ∫₀^{q_max} ṽ(q) J₀(2πqr) q dq on r = 0, TABLE_STEP_ANG, … (Simpson's rule; the q step resolves
 * J₀'s oscillation at the largest r).
 */
function hankelTable(spectrum: (q: number) => number, qMax: number, rMax: number): Float64Array {
  const steps = 2 * Math.ceil((qMax * rMax * 24) / 2);
  const dq = qMax / steps;
  const weights = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) {
    const q = i * dq;
    const simpson = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    weights[i] = ((simpson * dq) / 3) * 2 * Math.PI * q * spectrum(q);
  }
  const n = Math.ceil(rMax / TABLE_STEP_ANG) + 2;
  const table = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const r = t * TABLE_STEP_ANG;
    let sum = 0;
    for (let i = 1; i <= steps; i++) sum += weights[i] * besselJ0(2 * Math.PI * i * dq * r);
    table[t] = sum;
  }
  return table;
}

/**
 * Adds the projected potential of the listed atoms into `out` (nx·ny, row-major, V·Å), wrapping periodically.
 * @param atoms indices into `xAng`/`yAng`/`numbers`
 * @param tables the radial potential per atomic number
 */
export function depositSlice(
  grid: Grid,
  atoms: ArrayLike<number>,
  xAng: Float64Array,
  yAng: Float64Array,
  numbers: Uint8Array,
  tables: Map<number, RadialPotential>,
  out: Float64Array,
): void {
  const { nx, ny, dxAng, dyAng } = grid;
  for (let a = 0; a < atoms.length; a++) {
    const atom = atoms[a];
    const { squaredTable: table, squaredStepAng2, cutoffAng } = tables.get(numbers[atom])!;
    const invStep = 1 / squaredStepAng2;
    const x = xAng[atom];
    const y = yAng[atom];
    const rc2 = cutoffAng * cutoffAng;
    const j0 = Math.ceil((y - cutoffAng) / dyAng);
    const j1 = Math.floor((y + cutoffAng) / dyAng);
    const i0 = Math.ceil((x - cutoffAng) / dxAng);
    const i1 = Math.floor((x + cutoffAng) / dxAng);
    for (let j = j0; j <= j1; j++) {
      const ddy = j * dyAng - y;
      const dy2 = ddy * ddy;
      if (dy2 >= rc2) continue;
      const row = (((j % ny) + ny) % ny) * nx;
      const dxHalf = Math.sqrt(rc2 - dy2);
      const iStart = Math.max(i0, Math.ceil((x - dxHalf) / dxAng));
      const iEnd = Math.min(i1, Math.floor((x + dxHalf) / dxAng));
      // A footprint crossing the cell edge is added in up to three unwrapped runs of columns.
      for (let shift = -nx; shift <= nx; shift += nx) {
        const from = Math.max(iStart, -shift);
        const to = Math.min(iEnd, nx - 1 - shift);
        for (let i = from; i <= to; i++) {
          const ddx = i * dxAng - x;
          const r2 = ddx * ddx + dy2;
          if (r2 >= rc2) continue;
          const t = r2 * invStep;
          const k = t | 0;
          out[row + shift + i] += table[2 * k] + (t - k) * table[2 * k + 1];
        }
      }
    }
  }
}
