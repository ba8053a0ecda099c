/**
 * Mackay icosahedra: a central atom and closed shells; shell k has 10k² + 2 atoms on the flat faces of an
 * icosahedron with k + 1 atoms per edge, giving 13, 55, 147, 309, 561, 923 atoms for 1–6 shells. The
 * particle is 20 slightly strained fcc tetrahedra sharing the centre; each is one crystal domain.
 */
import { AtomList, type Particle } from "../particle.js";

const PHI = (1 + Math.sqrt(5)) / 2;
/** Circumradius / edge of a regular icosahedron. */
const CIRCUMRADIUS_PER_EDGE = Math.sqrt(PHI * Math.sqrt(5)) / 2;
/**
 * Radial shell spacing per nearest-neighbour distance: the radial bonds are compressed and the bonds within
 * a shell stretched by the same fraction ε = (1 − R/e)/(1 + R/e) ≈ 2.5 %.
 */
export const ICOSAHEDRON_RADIAL_STRAIN = (1 - CIRCUMRADIUS_PER_EDGE) / (1 + CIRCUMRADIUS_PER_EDGE);

interface Polyhedron {
  vertices: number[][];
  faces: [number, number, number][];
}

let unitIcosahedron: Polyhedron | undefined;

/** Unit-circumradius icosahedron: 12 vertices and 20 faces (vertex triples). */
function icosahedron(): Polyhedron {
  if (unitIcosahedron) return unitIcosahedron;
  const raw: number[][] = [];
  for (const s1 of [-1, 1])
    for (const s2 of [-1, 1]) raw.push([0, s1, s2 * PHI], [s1, s2 * PHI, 0], [s2 * PHI, 0, s1]);
  const norm = Math.hypot(1, PHI);
  const vertices = raw.map((v) => v.map((c) => c / norm));
  const edge2 = (2 / norm) ** 2;
  const close = (a: number[], b: number[]) =>
    Math.abs((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2 - edge2) < 1e-9;
  const faces: [number, number, number][] = [];
  for (let i = 0; i < 12; i++)
    for (let j = i + 1; j < 12; j++)
      for (let k = j + 1; k < 12; k++)
        if (
          close(vertices[i], vertices[j]) &&
          close(vertices[j], vertices[k]) &&
          close(vertices[i], vertices[k])
        )
          faces.push([i, j, k]);
  unitIcosahedron = { vertices, faces };
  return unitIcosahedron;
}

/** Atom count of a Mackay icosahedron with `shells` closed shells: (10n³ + 15n² + 11n + 3)/3. */
export function mackayAtomCount(shells: number): number {
  return (10 * shells ** 3 + 15 * shells ** 2 + 11 * shells + 3) / 3;
}

/**
 * A Mackay icosahedron with `shells` shells around a central atom at the origin.
 * @param nearestNeighbourAng bulk nearest-neighbour distance a/√2 [Å]; radial bonds are (1 − ε) times it
 */
export function mackayIcosahedron(shells: number, nearestNeighbourAng: number): Particle {
  const { vertices, faces } = icosahedron();
  const spacing = nearestNeighbourAng * (1 - ICOSAHEDRON_RADIAL_STRAIN);
  const atoms = new AtomList();
  atoms.push(0, 0, 0, 0);
  const seen = new Set<string>();
  for (let k = 1; k <= shells; k++) {
    faces.forEach(([a, b, c], face) => {
      for (let i = 0; i <= k; i++)
        for (let j = 0; i + j <= k; j++) {
          const l = k - i - j;
          // Atoms on edges and vertices are shared by faces; the first face listing them owns them.
          const key = `${k}:${[
            [a, i],
            [b, j],
            [c, l],
          ]
            .filter(([, w]) => w > 0)
            .sort((p, q) => p[0] - q[0])
            .join(";")}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const p = [0, 1, 2].map(
            (d) => spacing * (i * vertices[a][d] + j * vertices[b][d] + l * vertices[c][d]),
          );
          atoms.push(p[0], p[1], p[2], face);
        }
    });
  }
  return atoms.toParticle({ shells });
}
