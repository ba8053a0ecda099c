/** Small structures built in-test from the `Structure` type (no dependency on the structure helper). */
import { Rng } from "../../core/index.js";
import { REGION, type Structure } from "../../structure/structure.js";

/** Au fcc lattice constant [Å] (physics.md §7). */
export const AU_A = 4.0782;

/** A structure from a flat atom list [x, y, z, Z, region] in a cell [Å]. */
export function makeStructure(cell: [number, number, number], atoms: number[][]): Structure {
  const n = atoms.length;
  return {
    cellAng: { x: cell[0], y: cell[1], z: cell[2] },
    numbers: Uint8Array.from(atoms, (a) => a[3]),
    positionsAng: Float64Array.from(atoms.flatMap((a) => [a[0], a[1], a[2]])),
    region: Uint8Array.from(atoms, (a) => a[4] ?? REGION.particle),
    domain: new Int16Array(n),
    info: {},
  };
}

/** Au fcc along [001], filling `cells` × `cells` × `layers` unit cells exactly (periodic cell). */
export function goldCrystal001(cells: number, layers: number): Structure {
  const basis = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const atoms: number[][] = [];
  for (let i = 0; i < cells; i++)
    for (let j = 0; j < cells; j++)
      for (let k = 0; k < layers; k++)
        for (const b of basis)
          atoms.push([(i + b[0]) * AU_A, (j + b[1]) * AU_A, (k + b[2]) * AU_A + 0.5, 79, 0]);
  return makeStructure([cells * AU_A, cells * AU_A, layers * AU_A + 1], atoms);
}

/** A spherical fcc Au particle of radius r [Å] (crystal axes along the cell axes) centred in the cell. */
export function goldSphere(cellAng: number, radiusAng: number): Structure {
  const c = cellAng / 2;
  const n = Math.ceil(radiusAng / AU_A) + 1;
  const atoms: number[][] = [];
  const basis = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  for (let i = -n; i <= n; i++)
    for (let j = -n; j <= n; j++)
      for (let k = -n; k <= n; k++)
        for (const b of basis) {
          const x = (i + b[0]) * AU_A;
          const y = (j + b[1]) * AU_A;
          const z = (k + b[2]) * AU_A;
          if (x * x + y * y + z * z <= radiusAng * radiusAng) atoms.push([c + x, c + y, c + z, 79, 0]);
        }
  return makeStructure([cellAng, cellAng, cellAng], atoms);
}

/** An amorphous Au sphere: random sequential addition with a 2.48 Å minimum distance (physics.md §7). */
export function amorphousGoldSphere(cellAng: number, radiusAng: number, seed: number): Structure {
  const rng = new Rng(["amorphous", seed]);
  const c = cellAng / 2;
  const pts: number[][] = [];
  const target = Math.round(0.047 * (4 / 3) * Math.PI * radiusAng ** 3);
  for (let tries = 0; tries < 200000 && pts.length < target; tries++) {
    const x = rng.range(-radiusAng, radiusAng);
    const y = rng.range(-radiusAng, radiusAng);
    const z = rng.range(-radiusAng, radiusAng);
    if (x * x + y * y + z * z > radiusAng * radiusAng) continue;
    if (pts.some((p) => (p[0] - x) ** 2 + (p[1] - y) ** 2 + (p[2] - z) ** 2 < 2.48 * 2.48)) continue;
    pts.push([x, y, z]);
  }
  return makeStructure(
    [cellAng, cellAng, cellAng],
    pts.map((p) => [c + p[0], c + p[1], c + p[2], 79, 0]),
  );
}

/** A random amorphous carbon slab (1.6 Å minimum distance, ≈ 0.1 atoms/Å³) of thickness t below/after zStart. */
export function carbonSlab(cellAng: number, zStart: number, thicknessAng: number, seed: number): number[][] {
  const rng = new Rng(["carbon", seed]);
  const target = Math.round(0.1 * cellAng * cellAng * thicknessAng);
  const pts: number[][] = [];
  const cellSize = 1.6;
  const nb = Math.ceil(cellAng / cellSize);
  const buckets = new Map<number, number[][]>();
  const key = (i: number, j: number, k: number) => (((i + nb) % nb) * nb + ((j + nb) % nb)) * 1000 + k;
  for (let tries = 0; tries < 50 * target && pts.length < target; tries++) {
    const p = [rng.range(0, cellAng), rng.range(0, cellAng), zStart + rng.range(0, thicknessAng)];
    const bi = Math.floor(p[0] / cellSize);
    const bj = Math.floor(p[1] / cellSize);
    const bk = Math.floor((p[2] - zStart) / cellSize);
    let ok = true;
    for (let di = -1; di <= 1 && ok; di++)
      for (let dj = -1; dj <= 1 && ok; dj++)
        for (let dk = -1; dk <= 1 && ok; dk++)
          for (const q of buckets.get(key(bi + di, bj + dj, bk + dk)) ?? []) {
            let dx = Math.abs(q[0] - p[0]);
            let dy = Math.abs(q[1] - p[1]);
            dx = Math.min(dx, cellAng - dx);
            dy = Math.min(dy, cellAng - dy);
            if (dx * dx + dy * dy + (q[2] - p[2]) ** 2 < 1.6 * 1.6) {
              ok = false;
              break;
            }
          }
    if (!ok) continue;
    pts.push(p);
    const k = key(bi, bj, bk);
    const list = buckets.get(k) ?? [];
    list.push(p);
    buckets.set(k, list);
  }
  return pts.map((p) => [p[0], p[1], p[2], 6, REGION.support]);
}
