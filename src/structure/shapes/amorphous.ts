/**
 * Amorphous particles: random sequential addition (RSA) in a sphere with a minimum distance of 2.48 Å
 * (Novaes et al., PRL 90 (2003) 036101; physics.md §7), driven close to saturation (jamming, packing
 * fraction ≈ 0.38) in two stages: plain RSA draws, then one sweep over a fine voxel grid in random order
 * that tries a random point in every voxel still free — the usual way to reach saturated RSA without the
 * slow tail of plain draws (Zhang & Torquato, PRE 88 (2013) 053312).
 */
import type { Rng } from "../../core/index.js";
import { CellList } from "../neighbours.js";
import type { Particle } from "../particle.js";

/** Default minimum distance between atoms of an amorphous particle [Å]. */
export const AMORPHOUS_MIN_DISTANCE_ANG = 2.48;

/** Plain RSA draws per atom of a jammed packing, before the voxel sweep. */
const DRAWS_PER_JAMMED_ATOM = 10;
/** Voxel edge of the saturation sweep, as a fraction of the minimum distance. */
const VOXEL_FRACTION = 0.2;
/** Packing fraction of saturated RSA of hard spheres (Torquato et al., PRE 74 (2006) 061308). */
const RSA_JAMMING_PACKING = 0.3841;

/**
 * An amorphous sphere of `diameterAng` [Å] (atom centres within the radius); domain −1 for all atoms.
 * `info.densityAtomsPerNm3` is the number of atoms per volume of that sphere.
 */
export function amorphousSphere(
  diameterAng: number,
  rng: Rng,
  minDistanceAng = AMORPHOUS_MIN_DISTANCE_ANG,
): Particle {
  const r = diameterAng / 2;
  const r2 = r * r;
  const grid = new CellList(
    { originAng: [-r, -r, -r], sizeAng: [2 * r, 2 * r, 2 * r], periodic: [false, false, false] },
    minDistanceAng,
  );
  const volume = (4 / 3) * Math.PI * r ** 3;
  const jammed = (RSA_JAMMING_PACKING * volume) / ((Math.PI / 6) * minDistanceAng ** 3);
  const draws = Math.ceil(DRAWS_PER_JAMMED_ATOM * jammed);
  const tryAdd = (x: number, y: number, z: number) => {
    if (x * x + y * y + z * z <= r2 && !grid.anyWithin(x, y, z, minDistanceAng)) grid.add(x, y, z);
  };
  for (let k = 0; k < draws; k++)
    tryAdd(r * (2 * rng.uniform() - 1), r * (2 * rng.uniform() - 1), r * (2 * rng.uniform() - 1));
  const voxel = VOXEL_FRACTION * minDistanceAng;
  const n = Math.ceil((2 * r) / voxel);
  const order = new Int32Array(n * n * n);
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (const v of order) {
    const ix = Math.floor(v / (n * n));
    const iy = Math.floor(v / n) % n;
    const iz = v % n;
    tryAdd(
      -r + voxel * (ix + rng.uniform()),
      -r + voxel * (iy + rng.uniform()),
      -r + voxel * (iz + rng.uniform()),
    );
  }
  const positionsAng = grid.points();
  const count = positionsAng.length / 3;
  return {
    positionsAng,
    domain: new Int16Array(count).fill(-1),
    info: { densityAtomsPerNm3: count / (volume / 1000), minDistanceNm: minDistanceAng / 10 },
  };
}
