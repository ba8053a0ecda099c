/**
 * Random sequential addition (RSA): draw uniform random positions in a region and keep each one that is
 * no closer than a minimum distance to every atom kept before (Novaes et al., PRL 90 (2003) 036101; the
 * amorphous models of the paper). Used for amorphous particles and amorphous supports.
 */
import type { Rng } from "../core/index.js";
import { CellList, type GridBox } from "./neighbours.js";

/** What to fill and when to stop. */
export interface RsaOptions {
  /** Bounding box of the region (periodic axes wrap). */
  readonly box: GridBox;
  /** Optional extra acceptance test for a drawn point (e.g. inside a sphere); the box is always used. */
  readonly inside?: (x: number, y: number, z: number) => boolean;
  /** Minimum distance between atom centres [Å]. */
  readonly minDistanceAng: number;
  /** Stop once this many atoms are placed. */
  readonly maxAtoms: number;
  /** Stop after this many draws in total (a bound on the work near jamming). */
  readonly maxAttempts: number;
}

/** Positions [Å] (interleaved xyz) and the number of draws used. */
export interface RsaResult {
  readonly positionsAng: Float64Array;
  readonly attempts: number;
}

/** Fills the region by random sequential addition. */
export function randomSequentialAddition(options: RsaOptions, rng: Rng): RsaResult {
  const { box, inside, minDistanceAng, maxAtoms, maxAttempts } = options;
  const grid = new CellList(box, minDistanceAng, Math.min(maxAtoms, 1 << 16));
  const [ox, oy, oz] = box.originAng;
  const [lx, ly, lz] = box.sizeAng;
  let attempts = 0;
  while (grid.count < maxAtoms && attempts < maxAttempts) {
    attempts++;
    const x = ox + lx * rng.uniform();
    const y = oy + ly * rng.uniform();
    const z = oz + lz * rng.uniform();
    if (inside && !inside(x, y, z)) continue;
    if (grid.anyWithin(x, y, z, minDistanceAng)) continue;
    grid.add(x, y, z);
  }
  return { positionsAng: grid.points(), attempts };
}
