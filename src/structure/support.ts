/**
 * Amorphous support films: random sequential addition in a slab spanning the whole cell laterally, with
 * the minimum distance checked across the periodic x/y boundaries so the cell tiles without short pairs.
 * The number of atoms follows a target mass density of carbon; the silicon variant keeps the same
 * positions and only swaps the species (the paper's trick for a stronger background).
 */
import { inputError, type Rng } from "../core/index.js";
import { atomicMassU, GRAM_PER_U, type SupportSpecies, supportZ } from "./elements.js";
import { randomSequentialAddition } from "./rsa.js";

/** Default density of amorphous carbon [g/cm³] (physics.md §7). */
export const CARBON_DENSITY_G_PER_CM3 = 2.0;
/** Default minimum C–C distance of the support [Å] (the paper). */
export const SUPPORT_MIN_DISTANCE_ANG = 1.6;
/** RSA draws allowed per target atom before the density counts as unreachable. */
const DRAWS_PER_ATOM = 40;

/** What support to build. */
export interface SupportOptions {
  /** Species written to the structure; positions do not depend on it. */
  readonly species: SupportSpecies;
  /** Slab thickness along z [Å]; atoms fill z ∈ [0, thickness]. */
  readonly thicknessAng: number;
  /** Lateral periods (cell edges) along x and y [Å]. */
  readonly widthXAng: number;
  readonly widthYAng: number;
  /** Target density of the carbon film [g/cm³]; default 2.0. */
  readonly carbonDensityGPerCm3?: number;
  /** Minimum interatomic distance [Å]; default 1.6. */
  readonly minDistanceAng?: number;
}

/** Support atoms (all of one species) and figures for provenance. */
export interface Support {
  /** Positions [Å], interleaved xyz, x ∈ [0, widthX), y ∈ [0, widthY), z ∈ [0, thickness]. */
  readonly positionsAng: Float64Array;
  /** Atomic number of every atom. */
  readonly z: number;
  /** Number density [atoms/nm³] over the slab volume. */
  readonly atomsPerNm3: number;
  /** Mass density of the film as built [g/cm³] (of silicon for the Si variant). */
  readonly densityGPerCm3: number;
}

/** Builds an amorphous support slab. */
export function buildSupport(options: SupportOptions, rng: Rng): Support {
  const { species, thicknessAng, widthXAng, widthYAng } = options;
  const density = options.carbonDensityGPerCm3 ?? CARBON_DENSITY_G_PER_CM3;
  const minDistanceAng = options.minDistanceAng ?? SUPPORT_MIN_DISTANCE_ANG;
  if (!(thicknessAng > 0))
    throw inputError(`support thickness must be greater than 0 nm, got ${thicknessAng / 10}`);
  if (!(density > 0)) throw inputError(`support density must be greater than 0 g/cm³, got ${density}`);
  const volumeAng3 = widthXAng * widthYAng * thicknessAng;
  const carbonMassG = atomicMassU(6) * GRAM_PER_U;
  const target = Math.round(((density / carbonMassG) * volumeAng3) / 1e24);
  const { positionsAng } = randomSequentialAddition(
    {
      box: {
        originAng: [0, 0, 0],
        sizeAng: [widthXAng, widthYAng, thicknessAng],
        periodic: [true, true, false],
      },
      minDistanceAng,
      maxAtoms: target,
      maxAttempts: DRAWS_PER_ATOM * target + 1000,
    },
    rng,
  );
  const count = positionsAng.length / 3;
  if (count < target) {
    throw inputError(
      `a support density of ${density} g/cm³ cannot be reached with a minimum distance of ` +
        `${minDistanceAng / 10} nm (random sequential addition placed ${count} of ${target} atoms); ` +
        "lower the density or the minimum distance",
    );
  }
  const z = supportZ(species);
  const volumeNm3 = volumeAng3 / 1000;
  return {
    positionsAng,
    z,
    atomsPerNm3: count / volumeNm3,
    densityGPerCm3: (count * atomicMassU(z) * GRAM_PER_U) / (volumeAng3 * 1e-24),
  };
}
