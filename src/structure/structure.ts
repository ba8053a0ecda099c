/**
 * The atomic model every later stage starts from: an orthorhombic cell, laterally periodic, with atoms
 * that know which part of the specimen they belong to.
 *
 * Lengths are in Å (the unit of the structure file formats and of the physics code); the user interface
 * converts from nm. Geometry follows physics.md §2: the beam travels along +z and enters at z = 0; x is the
 * image column, y the image row.
 */
export interface Structure {
  /** Cell edge lengths along x, y, z [Å]; the cell spans [0, x) × [0, y) × [0, z). */
  readonly cellAng: { readonly x: number; readonly y: number; readonly z: number };
  /** Atomic numbers Z, one per atom. */
  readonly numbers: Uint8Array;
  /** Positions [Å], interleaved x0, y0, z0, x1, ... (length 3 × atom count). */
  readonly positionsAng: Float64Array;
  /** Region code per atom: `REGION.particle` or `REGION.support`. */
  readonly region: Uint8Array;
  /** Crystal domain index per atom (0, 1, 2, ...); −1 for amorphous atoms. */
  readonly domain: Int16Array;
  /** Free-form provenance (shape, parameters, seed, derived figures such as density); JSON-serialisable. */
  readonly info: Record<string, unknown>;
}

/** Region codes stored in `Structure.region`. */
export const REGION = { particle: 0, support: 1 } as const;
/** The region names used in files (extended XYZ `region` column, JSON). */
export type RegionName = keyof typeof REGION;
/** Region name for a stored code. */
export const REGION_NAMES: readonly RegionName[] = ["particle", "support"];

/** Number of atoms in a structure. */
export function atomCount(structure: Structure): number {
  return structure.numbers.length;
}
