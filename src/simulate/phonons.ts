/**
 * Thermal vibrations (physics.md §2). Default: frozen phonons — every configuration displaces each atom by
 * an independent Gaussian with u_rms = √(B/8π²) per Cartesian direction, and image intensities are averaged
 * over configurations (this keeps thermal diffuse scattering). Alternative ("absorptive"): one static
 * configuration whose scattering factors are damped by the Debye–Waller factor exp(−Bq²/4); no diffuse
 * scattering and no imaginary absorptive potential.
 */
import type { Rng } from "../core/index.js";
import type { Structure } from "../structure/structure.js";
import type { AtomColumns } from "./multislice.js";

/** The thermal models: frozen phonons (default) or Debye–Waller-damped static potentials. */
export const THERMAL_MODELS = ["frozen-phonon", "absorptive"] as const;
/** How thermal vibration enters the simulation. */
export type ThermalModel = (typeof THERMAL_MODELS)[number];

/** Room-temperature Debye–Waller factors B [Å²] by atomic number: Au 0.6, Si 0.5, amorphous C 0.5. */
export const DEFAULT_DEBYE_WALLER_ANG2: Readonly<Record<number, number>> = { 6: 0.5, 14: 0.5, 79: 0.6 };
/** B [Å²] for elements without an entry. */
export const FALLBACK_DEBYE_WALLER_ANG2 = 0.5;

/** B [Å²] of element `z`: the override if given, else the default table, else 0.5 Å². */
export function debyeWallerAng2(z: number, overrides: Readonly<Record<number, number>> = {}): number {
  return overrides[z] ?? DEFAULT_DEBYE_WALLER_ANG2[z] ?? FALLBACK_DEBYE_WALLER_ANG2;
}

/** The structure's atoms as separate coordinate arrays [Å]. */
export function atomColumns(structure: Structure): AtomColumns {
  const n = structure.numbers.length;
  const xAng = new Float64Array(n);
  const yAng = new Float64Array(n);
  const zAng = new Float64Array(n);
  const p = structure.positionsAng;
  for (let a = 0; a < n; a++) {
    xAng[a] = p[3 * a];
    yAng[a] = p[3 * a + 1];
    zAng[a] = p[3 * a + 2];
  }
  return { xAng, yAng, zAng, numbers: structure.numbers };
}

/**
 * One frozen-phonon configuration: every atom displaced by N(0, u_rms²) along x, y and z,
 * u_rms = √(B/8π²) with B per element.
 * @param only when given, only atoms with `only[a] === 1` move; the others keep their positions
 */
export function displacedConfiguration(
  atoms: AtomColumns,
  rng: Rng,
  overrides: Readonly<Record<number, number>> = {},
  only?: Uint8Array,
): AtomColumns {
  const n = atoms.numbers.length;
  const xAng = new Float64Array(n);
  const yAng = new Float64Array(n);
  const zAng = new Float64Array(n);
  const urms = new Map<number, number>();
  for (let a = 0; a < n; a++) {
    if (only && !only[a]) {
      xAng[a] = atoms.xAng[a];
      yAng[a] = atoms.yAng[a];
      zAng[a] = atoms.zAng[a];
      continue;
    }
    const z = atoms.numbers[a];
    let u = urms.get(z);
    if (u === undefined) {
      u = Math.sqrt(debyeWallerAng2(z, overrides) / (8 * Math.PI * Math.PI));
      urms.set(z, u);
    }
    xAng[a] = atoms.xAng[a] + u * rng.normal();
    yAng[a] = atoms.yAng[a] + u * rng.normal();
    zAng[a] = atoms.zAng[a] + u * rng.normal();
  }
  return { xAng, yAng, zAng, numbers: atoms.numbers };
}
