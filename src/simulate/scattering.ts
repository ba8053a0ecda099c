/**
 * Electron scattering factors f_e(q) of neutral atoms and the projected potentials that follow from them
 * (physics.md §2; tables and references in `data/scattering/`). q = |k| = 1/d in 1/Å without 2π; f_e in Å;
 * projected potentials v_z in V·Å.
 */
import { readFileSync } from "node:fs";
import { inputError, packagePath } from "../core/index.js";
import { besselK0, besselK1 } from "./special.js";

/** The published parametrizations shipped in `data/scattering/`. */
export const PARAMETRIZATIONS = ["kirkland", "lobato"] as const;
/** Kirkland (2010, Appendix C; the default) or Lobato & Van Dyck (2014). */
export type Parametrization = (typeof PARAMETRIZATIONS)[number];

/** Bohr radius a₀ [Å]. */
const BOHR_ANG = 0.529177;
/** e²/(4πε₀) expressed as e·(1 V·Å) [V·Å]. */
const ELECTRON_CHARGE_V_ANG = 14.3996;
/** ṽ_z(q) = 2πa₀e·f_e(q) ≈ 47.878·f_e [V·Å³ per Å]. */
export const FORM_FACTOR_TO_POTENTIAL = 2 * Math.PI * BOHR_ANG * ELECTRON_CHARGE_V_ANG;

/** One element's scattering factor and its closed-form projected potential. */
export interface ScatteringFactor {
  readonly z: number;
  readonly symbol: string;
  readonly parametrization: Parametrization;
  /** f_e(q) [Å] at spatial frequency q [1/Å]. */
  formFactorAng(q: number): number;
  /** Projected potential v_z(r) [V·Å] of one atom at distance r [Å] (> 0) from its column. */
  projectedPotentialVAng(r: number): number;
}

interface Table {
  readonly elements: Record<string, { Z: number; a: number[]; b: number[]; c?: number[]; d?: number[] }>;
}

const tables = new Map<Parametrization, Table>();
const factors = new Map<string, ScatteringFactor>();

function table(parametrization: Parametrization): Table {
  let t = tables.get(parametrization);
  if (!t) {
    const path = packagePath("data", "scattering", `${parametrization}.json`);
    t = JSON.parse(readFileSync(path, "utf8")) as Table;
    tables.set(parametrization, t);
  }
  return t;
}

/**
 * The scattering factor of element `z` in the chosen parametrization (cached).
 * @throws NanocrystError (input) when the table has no entry for `z`
 */
export function scatteringFactor(parametrization: Parametrization, z: number): ScatteringFactor {
  const key = `${parametrization}:${z}`;
  const cached = factors.get(key);
  if (cached) return cached;
  const entry = Object.entries(table(parametrization).elements).find(([, e]) => e.Z === z);
  if (!entry)
    throw inputError(`no ${parametrization} scattering factor for atomic number ${z} (H to Lr only)`);
  const [symbol, e] = entry;
  const factor =
    parametrization === "kirkland"
      ? kirkland(symbol, z, e.a, e.b, e.c ?? [], e.d ?? [])
      : lobato(symbol, z, e.a, e.b);
  factors.set(key, factor);
  return factor;
}

/** f_e = Σ a/(q² + b) + Σ c·exp(−d q²); v_z = 4π²a₀e Σ a K₀(2πr√b) + 2π²a₀e Σ (c/d) exp(−π²r²/d). */
function kirkland(
  symbol: string,
  z: number,
  a: number[],
  b: number[],
  c: number[],
  d: number[],
): ScatteringFactor {
  const k0 = 2 * Math.PI * FORM_FACTOR_TO_POTENTIAL;
  const g0 = Math.PI * FORM_FACTOR_TO_POTENTIAL;
  return {
    z,
    symbol,
    parametrization: "kirkland",
    formFactorAng(q) {
      const q2 = q * q;
      let f = 0;
      for (let i = 0; i < a.length; i++) f += a[i] / (q2 + b[i]);
      for (let i = 0; i < c.length; i++) f += c[i] * Math.exp(-d[i] * q2);
      return f;
    },
    projectedPotentialVAng(r) {
      let v = 0;
      for (let i = 0; i < a.length; i++) v += k0 * a[i] * besselK0(2 * Math.PI * r * Math.sqrt(b[i]));
      for (let i = 0; i < c.length; i++)
        v += g0 * (c[i] / d[i]) * Math.exp((-Math.PI * Math.PI * r * r) / d[i]);
      return v;
    },
  };
}

/**
 * f_e = Σ a (2 + b q²)/(1 + b q²)² = Σ a [1/(1 + b q²) + 1/(1 + b q²)²]; its 2-D Fourier transform gives
 * v_z = 2πa₀e Σ a [(2π/b) K₀(2πr/√b) + (2π² r / b^{3/2}) K₁(2πr/√b)].
 */
function lobato(symbol: string, z: number, a: number[], b: number[]): ScatteringFactor {
  return {
    z,
    symbol,
    parametrization: "lobato",
    formFactorAng(q) {
      const q2 = q * q;
      let f = 0;
      for (let i = 0; i < a.length; i++) {
        const t = 1 + b[i] * q2;
        f += (a[i] * (2 + b[i] * q2)) / (t * t);
      }
      return f;
    },
    projectedPotentialVAng(r) {
      let v = 0;
      for (let i = 0; i < a.length; i++) {
        const x = (2 * Math.PI * r) / Math.sqrt(b[i]);
        v +=
          a[i] *
          (((2 * Math.PI) / b[i]) * besselK0(x) + ((2 * Math.PI * Math.PI * r) / b[i] ** 1.5) * besselK1(x));
      }
      return FORM_FACTOR_TO_POTENTIAL * v;
    },
  };
}
