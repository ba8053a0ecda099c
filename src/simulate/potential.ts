/**
 * Projected potential of a slice in real space (physics.md §2, method 1): each element's radial v_z(r) is
 * tabulated once, cut off smoothly at r_c (v and dv/dr → 0), clamped at r ≥ r_min to tame the K₀ log
 * singularity, and each atom's footprint is added into the periodic grid at its exact sub-pixel position.
 * Potentials in V·Å, lengths in Å.
 */
import { besselJ0 } from "./special.js";
import type { Grid } from "./grid.js";
import { FORM_FACTOR_TO_POTENTIAL, type Parametrization, scatteringFactor } from "./scattering.js";

/** Cut-off radius of an atom's projected potential [Å]. */
export const CUTOFF_RADIUS_ANG = 3;
/** Radial table spacing [Å]; linear interpolation between entries. */
const TABLE_STEP_ANG = 0.002;

/** One element's tabulated projected potential. */
export interface RadialPotential {
  readonly z: number;
  /** v_z at r = i·TABLE_STEP_ANG [V·Å], already cut off and clamped; zero at and beyond r_c. */
  readonly table: Float64Array;
  readonly cutoffAng: number;
}

const tableCache = new Map<string, RadialPotential>();

/**
 * The tabulated projected potential of element `z` (cached).
 * @param minRadiusAng r_min of the clamp (physics.md: ≈ 0.1·pixel) [Å]
 * @param debyeWallerAng2 B [Å²]: 0 for the static atom (frozen phonons displace atoms instead); > 0 damps
 *   f_e(q) by exp(−Bq²/4) (the absorptive/Debye–Waller alternative), tabulated by a Hankel transform
 */
export function radialPotential(
  parametrization: Parametrization,
  z: number,
  minRadiusAng: number,
  debyeWallerAng2 = 0,
): RadialPotential {
  const key = `${parametrization}:${z}:${minRadiusAng}:${debyeWallerAng2}`;
  const cached = tableCache.get(key);
  if (cached) return cached;
  const factor = scatteringFactor(parametrization, z);
  const v =
    debyeWallerAng2 > 0
      ? dampedPotential((q) => factor.formFactorAng(q), debyeWallerAng2)
      : (r: number) => factor.projectedPotentialVAng(r);
  const rc = CUTOFF_RADIUS_ANG;
  const h = 1e-4;
  const vc = v(rc);
  const dvc = (v(rc + h) - v(rc - h)) / (2 * h);
  const n = Math.ceil(rc / TABLE_STEP_ANG) + 2;
  const table = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.max(i * TABLE_STEP_ANG, minRadiusAng);
    table[i] = r < rc ? v(r) - vc - (r - rc) * dvc : 0;
  }
  const result = { z, table, cutoffAng: rc };
  tableCache.set(key, result);
  return result;
}

/** v_z(r) = 2π ∫ ṽ(q) e^{−Bq²/4} J₀(2πqr) q dq by Simpson's rule (the damping makes the integrand decay). */
function dampedPotential(formFactor: (q: number) => number, bAng2: number): (r: number) => number {
  const qMax = Math.sqrt((4 * 40) / bAng2);
  const steps = 4000;
  const dq = qMax / steps;
  const weights = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) {
    const q = i * dq;
    const simpson = i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2;
    weights[i] =
      ((simpson * dq) / 3) *
      2 *
      Math.PI *
      q *
      FORM_FACTOR_TO_POTENTIAL *
      formFactor(q) *
      Math.exp((-bAng2 * q * q) / 4);
  }
  return (r) => {
    let sum = 0;
    for (let i = 1; i <= steps; i++) sum += weights[i] * besselJ0(2 * Math.PI * i * dq * r);
    return sum;
  };
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
  const invStep = 1 / TABLE_STEP_ANG;
  for (let a = 0; a < atoms.length; a++) {
    const atom = atoms[a];
    const { table, cutoffAng } = tables.get(numbers[atom])!;
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
      for (let i = i0; i <= i1; i++) {
        const ddx = i * dxAng - x;
        const r2 = ddx * ddx + dy2;
        if (r2 >= rc2) continue;
        const t = Math.sqrt(r2) * invStep;
        const k = t | 0;
        const f = t - k;
        out[row + (((i % nx) + nx) % nx)] += table[k] + f * (table[k + 1] - table[k]);
      }
    }
  }
}
