/**
 * The face-centred cubic lattice: sites, number density and the diameter of a sphere holding a given number
 * of atoms at bulk density (how nanocryst compares the size of faceted particles with spheres).
 */

/** Atoms per cubic unit cell of fcc. */
const ATOMS_PER_CUBIC_CELL = 4;

/**
 * All fcc sites (x, y, z) [Å] with |x|, |y|, |z| ≤ halfExtentAng, with a site at the origin and the cubic
 * axes along x, y, z. Sites are integer multiples of a/2 with an even coordinate sum.
 */
export function fccSites(latticeConstantAng: number, halfExtentAng: number): Float64Array {
  const h = latticeConstantAng / 2;
  const n = Math.floor(halfExtentAng / h + 1e-9);
  const side = 2 * n + 1;
  const out = new Float64Array(3 * Math.ceil((side * side * side) / 2));
  let k = 0;
  for (let i = -n; i <= n; i++)
    for (let j = -n; j <= n; j++)
      for (let l = -n; l <= n; l++) {
        if (((i + j + l) & 1) !== 0) continue;
        out[k++] = i * h;
        out[k++] = j * h;
        out[k++] = l * h;
      }
  return out.subarray(0, k);
}

/** Bulk number density of an fcc crystal [atoms/Å³]. */
export function fccNumberDensity(latticeConstantAng: number): number {
  return ATOMS_PER_CUBIC_CELL / latticeConstantAng ** 3;
}

/** Nearest-neighbour distance a/√2 [Å]. */
export function nearestNeighbourAng(latticeConstantAng: number): number {
  return latticeConstantAng / Math.SQRT2;
}

/** Diameter [Å] of the sphere that holds `atoms` atoms at bulk fcc density (equal-volume diameter). */
export function equivalentDiameterAng(atoms: number, latticeConstantAng: number): number {
  return Math.cbrt((6 * atoms) / (Math.PI * fccNumberDensity(latticeConstantAng)));
}
