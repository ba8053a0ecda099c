/**
 * Decahedra: five fcc tetrahedral units sharing a common ⟨110⟩ edge, the five-fold axis (along z here),
 * separated by {111} twin planes. The 7.35° gap of five ideal tetrahedra is closed by a 1.8 % stretch
 * along the circumference, the usual strained model.
 *
 * In unit k (k = 0…4) the sites are i·e1 + j·e2 + l·e3 with e1 = d·ẑ along the axis and
 * e2, e3 = (d·√3/2·ĉ, d/2), ĉ the unit vectors at azimuths 72°·k and 72°·(k + 1) (d = nearest-neighbour
 * distance). Facets as conditions on (i, j, l):
 * - {111} caps: i ≥ 0 and i + j + l ≤ h (h + 1 atoms along the axis),
 * - {100} side facets (Ino truncation): j + l ≤ m,
 * - re-entrant {111} notches at the twin boundaries (Marks): j ≤ c and l ≤ c.
 * Unit k owns its sites with l ≥ 1 (its twin plane at azimuth 72°·(k + 1)); the axis atoms belong to unit 0.
 */
import { AtomList, type Particle } from "../particle.js";

/** Facet parameters of a decahedron (lattice steps). */
export interface DecahedronFacets {
  /** {100} truncation: j + l ≤ m, so a {100} facet is m + 1 atoms wide. */
  readonly m: number;
  /** Axis length: h + 1 atoms along the five-fold axis. */
  readonly h: number;
  /** Marks notch: j ≤ c and l ≤ c; c ≥ m means no notch. */
  readonly c: number;
}

/** Ino decahedron of size n: square {100} facets of n + 1 atoms (m = n, h = 2n), no notches. */
export function inoFacets(n: number): DecahedronFacets {
  return { m: n, h: 2 * n, c: n };
}

/**
 * Marks decahedron of size n (≥ 2): as Ino, with re-entrant notches ⌈n/4⌉ atoms deep at each of the five
 * twin boundaries.
 */
export function marksFacets(n: number): DecahedronFacets {
  return { m: n, h: 2 * n, c: n - Math.max(1, Math.ceil(n / 4)) };
}

/**
 * The decahedron with the given facets, centred on its centroid, five-fold axis along z.
 * @param nearestNeighbourAng bulk nearest-neighbour distance a/√2 [Å]
 */
export function decahedron(facets: DecahedronFacets, nearestNeighbourAng: number): Particle {
  const { m, h, c } = facets;
  const d = nearestNeighbourAng;
  const radial = (d * Math.sqrt(3)) / 2;
  const atoms = new AtomList();
  for (let i = 0; i <= h; i++) atoms.push(0, 0, d * i, 0);
  for (let k = 0; k < 5; k++) {
    const a0 = (2 * Math.PI * k) / 5;
    const a1 = (2 * Math.PI * (k + 1)) / 5;
    const [c0x, c0y, c1x, c1y] = [Math.cos(a0), Math.sin(a0), Math.cos(a1), Math.sin(a1)];
    for (let j = 0; j <= Math.min(m, c); j++)
      for (let l = 1; l <= Math.min(m - j, c); l++)
        for (let i = 0; i + j + l <= h; i++) {
          atoms.push(radial * (j * c0x + l * c1x), radial * (j * c0y + l * c1y), d * (i + (j + l) / 2), k);
        }
  }
  const particle = atoms.toParticle({ decahedronM: m, decahedronH: h, decahedronC: c });
  const p = particle.positionsAng;
  let zMean = 0;
  for (let i = 2; i < p.length; i += 3) zMean += p[i];
  zMean /= p.length / 3;
  for (let i = 2; i < p.length; i += 3) p[i] -= zMean;
  return particle;
}
