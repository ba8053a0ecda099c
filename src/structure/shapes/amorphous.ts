/**
 * Amorphous particles: random sequential addition (RSA) in a sphere with a minimum distance of 2.48 Å
 * (Novaes et al., PRL 90 (2003) 036101; physics.md §7), driven close to saturation (jamming, packing
 * fraction ≈ 0.38) in two stages: plain RSA draws, then draws restricted to the voxels that an atom could
 * still occupy, refined until none is left — saturated RSA without the slow tail of plain draws
 * (Zhang & Torquato, PRE 88 (2013) 053312).
 */
import type { Rng } from "../../core/index.js";
import { CellList } from "../neighbours.js";
import type { Particle } from "../particle.js";

/** Default minimum distance between atoms of an amorphous particle [Å]. */
export const AMORPHOUS_MIN_DISTANCE_ANG = 2.48;

/** Plain RSA draws per atom of a jammed packing, before the voxel stage. */
const DRAWS_PER_JAMMED_ATOM = 4;
/** Initial voxel edge of the saturation stage, as a fraction of the minimum distance. */
const VOXEL_FRACTION = 0.25;
/** Voxels are refined until their edge falls below this fraction of the minimum distance. */
const FINEST_VOXEL_FRACTION = 1e-3;
/** Random draws per still-available voxel at each refinement level. */
const DRAWS_PER_VOXEL = 2;
/** Packing fraction of saturated RSA of hard spheres (Torquato et al., PRE 74 (2006) 061308). */
const RSA_JAMMING_PACKING = 0.3841;

/**
 * An amorphous sphere of `diameterAng` [Å] (atom centres within the radius); domain −1 for all atoms.
 * `info.densityAtomsPerNm3` is the number of atoms per volume of that sphere. The interior reaches
 * saturated RSA (≈ 47.7 atoms/nm³ for 2.48 Å); the outermost layer packs denser because surface atoms have
 * no neighbours outside, so a 3 nm particle holds ≈ 56 atoms/nm³ over its sphere (crystal: 59).
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
  saturate(r, minDistanceAng, grid, tryAdd, rng);
  const positionsAng = grid.points();
  const count = positionsAng.length / 3;
  return {
    positionsAng,
    domain: new Int16Array(count).fill(-1),
    info: { densityAtomsPerNm3: count / (volume / 1000), minDistanceNm: minDistanceAng / 10 },
  };
}

/**
 * Zhang–Torquato saturation: keep the voxels not yet fully covered by an exclusion sphere, draw random
 * points in them, then halve the voxels and repeat until none is left (or they are vanishingly small).
 * Voxels are stored as their lower corners, interleaved xyz.
 */
function saturate(
  r: number,
  minDistanceAng: number,
  grid: CellList,
  tryAdd: (x: number, y: number, z: number) => void,
  rng: Rng,
): void {
  let size = VOXEL_FRACTION * minDistanceAng;
  const n = Math.ceil((2 * r) / size);
  let corners = new Float64Array(3 * n * n * n);
  let count = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      for (let k = 0; k < n; k++) {
        corners[3 * count] = -r + i * size;
        corners[3 * count + 1] = -r + j * size;
        corners[3 * count + 2] = -r + k * size;
        count++;
      }
  // Compacts `corners` in place to the voxels an atom centre could still occupy; returns their count.
  const keepAvailable = (total: number, edge: number) => {
    const half = (edge * Math.sqrt(3)) / 2;
    const reach = (r + half) ** 2;
    let kept = 0;
    for (let v = 0; v < 3 * total; v += 3) {
      const cx = corners[v] + edge / 2;
      const cy = corners[v + 1] + edge / 2;
      const cz = corners[v + 2] + edge / 2;
      if (cx * cx + cy * cy + cz * cz > reach) continue;
      if (grid.anyWithin(cx, cy, cz, minDistanceAng - half)) continue;
      corners[3 * kept] = corners[v];
      corners[3 * kept + 1] = corners[v + 1];
      corners[3 * kept + 2] = corners[v + 2];
      kept++;
    }
    return kept;
  };
  count = keepAvailable(count, size);
  while (count > 0 && size > FINEST_VOXEL_FRACTION * minDistanceAng) {
    for (let t = 0; t < DRAWS_PER_VOXEL * count; t++) {
      const v = 3 * rng.int(count);
      tryAdd(
        corners[v] + size * rng.uniform(),
        corners[v + 1] + size * rng.uniform(),
        corners[v + 2] + size * rng.uniform(),
      );
    }
    count = keepAvailable(count, size);
    const h = size / 2;
    const children = new Float64Array(24 * count);
    for (let v = 0; v < count; v++)
      for (let c = 0; c < 8; c++) {
        const o = 3 * (8 * v + c);
        children[o] = corners[3 * v] + (c & 1) * h;
        children[o + 1] = corners[3 * v + 1] + ((c >> 1) & 1) * h;
        children[o + 2] = corners[3 * v + 2] + ((c >> 2) & 1) * h;
      }
    corners = children;
    size = h;
    count = keepAvailable(8 * count, size);
  }
}
