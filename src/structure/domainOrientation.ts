/**
 * The lattice orientation of each crystal domain, read back from the atoms of a finished structure. In fcc
 * an atom's twelve nearest neighbours lie along ⟨110⟩, so a domain's nearest-neighbour bonds fix its
 * rotation up to the cube's symmetry, on which no lattice-fringe question depends. Reading it from the
 * atoms works whatever builder made the domains (stitched spheres, twins, decahedra, strained icosahedra)
 * and after any later orientation of the particle.
 */
import { REGION, type Structure } from "./structure.js";
import type { Mat3 } from "./rotation.js";

/** Bonds within this factor of the ideal nearest-neighbour distance count (icosahedra are strained ≈ 5 %). */
const BOND_TOLERANCE = 0.15;
/** Two bonds count as perpendicular when |cos| is below this. */
const PERPENDICULAR_COS = 0.2;
/** Numeric keys of the neighbour-search cells: indices offset into [0, span). */
const CELL_KEY_OFFSET = 1 << 14;
const CELL_KEY_SPAN = 1 << 15;

/** The twelve ⟨110⟩ unit vectors of the crystal frame. */
const NEIGHBOUR_DIRECTIONS: readonly (readonly [number, number, number])[] = [
  [1, 1, 0],
  [1, -1, 0],
  [1, 0, 1],
  [1, 0, -1],
  [0, 1, 1],
  [0, 1, -1],
].flatMap(([x, y, z]) => {
  const v = [x / Math.SQRT2, y / Math.SQRT2, z / Math.SQRT2] as const;
  return [v, [-v[0], -v[1], -v[2]] as const];
});

/**
 * Rotation (crystal frame → cell, row-major; v_cell = R·v_crystal) of every crystal domain of the particle
 * that has at least one atom with two perpendicular nearest-neighbour bonds; a least-squares fit of all the
 * domain's bonds to ⟨110⟩.
 * @param latticeConstantAng cubic lattice constant [Å]
 * @returns rotations by domain index (absent for domains too small to hold a perpendicular bond pair)
 */
export function domainRotations(structure: Structure, latticeConstantAng: number): Map<number, Mat3> {
  const bonds = domainBonds(structure, latticeConstantAng / Math.SQRT2);
  const rotations = new Map<number, Mat3>();
  for (const [d, list] of bonds) {
    const start = seedRotation(list);
    if (!start) continue;
    let rotation = start;
    // a second pass re-assigns bonds with the refined rotation; strained domains may move a few degrees
    for (let pass = 0; pass < 2; pass++) rotation = fitBonds(list, rotation);
    rotations.set(d, rotation);
  }
  return rotations;
}

/** Unit bond vectors (interleaved xyz) per domain, with the atom each starts from, grouped by domain. */
interface BondList {
  vectors: number[];
  atoms: number[];
}

function domainBonds(structure: Structure, bondAng: number): Map<number, BondList> {
  const { positionsAng: p, region, domain } = structure;
  const maxAng = bondAng * (1 + BOND_TOLERANCE);
  const minAng = bondAng * (1 - BOND_TOLERANCE);
  const cells = new Map<number, number[]>();
  // cell indices stay far inside ±CELL_KEY_OFFSET: a cell is ≈ 3 Å and a specimen a few tens of nm
  const key = (x: number, y: number, z: number) =>
    ((x + CELL_KEY_OFFSET) * CELL_KEY_SPAN + y + CELL_KEY_OFFSET) * CELL_KEY_SPAN + z + CELL_KEY_OFFSET;
  const cellOf = (i: number) => [0, 1, 2].map((a) => Math.floor(p[3 * i + a] / maxAng));
  for (let i = 0; i < domain.length; i++) {
    if (region[i] !== REGION.particle || domain[i] < 0) continue;
    const [cx, cy, cz] = cellOf(i);
    const k = key(cx, cy, cz);
    const list = cells.get(k);
    if (list) list.push(i);
    else cells.set(k, [i]);
  }
  const out = new Map<number, BondList>();
  for (const members of cells.values())
    for (const i of members) {
      const [cx, cy, cz] = cellOf(i);
      for (let dx = -1; dx <= 1; dx++)
        for (let dy = -1; dy <= 1; dy++)
          for (let dz = -1; dz <= 1; dz++)
            for (const j of cells.get(key(cx + dx, cy + dy, cz + dz)) ?? []) {
              if (j <= i || domain[j] !== domain[i]) continue;
              const v = [p[3 * j] - p[3 * i], p[3 * j + 1] - p[3 * i + 1], p[3 * j + 2] - p[3 * i + 2]];
              const length = Math.hypot(v[0], v[1], v[2]);
              if (length < minAng || length > maxAng) continue;
              let bonds = out.get(domain[i]);
              if (!bonds) {
                bonds = { vectors: [], atoms: [] };
                out.set(domain[i], bonds);
              }
              bonds.vectors.push(v[0] / length, v[1] / length, v[2] / length);
              bonds.atoms.push(i);
            }
    }
  return out;
}

/**
 * A first rotation from one atom's two perpendicular bonds u1, u2: taken as [110] and [1−10], they give
 * x = (u1 + u2)/√2 and y = (u1 − u2)/√2 of the crystal frame.
 */
function seedRotation(bonds: BondList): Mat3 | null {
  const { vectors, atoms } = bonds;
  for (let a = 0; a < atoms.length; a++)
    for (let b = a + 1; b < atoms.length && atoms[b] === atoms[a]; b++) {
      const u = vectors.slice(3 * a, 3 * a + 3);
      const w = vectors.slice(3 * b, 3 * b + 3);
      if (Math.abs(u[0] * w[0] + u[1] * w[1] + u[2] * w[2]) > PERPENDICULAR_COS) continue;
      const x = [0, 1, 2].map((k) => (u[k] + w[k]) / Math.SQRT2);
      const y = [0, 1, 2].map((k) => (u[k] - w[k]) / Math.SQRT2);
      const z = [x[1] * y[2] - x[2] * y[1], x[2] * y[0] - x[0] * y[2], x[0] * y[1] - x[1] * y[0]];
      // columns x, y, z: the images of the crystal axes
      return orthonormalise(Float64Array.of(x[0], y[0], z[0], x[1], y[1], z[1], x[2], y[2], z[2]));
    }
  return null;
}

/**
 * The rotation that best maps ⟨110⟩ onto the bonds (orthogonal Procrustes): each bond is paired with the
 * ⟨110⟩ direction that `rotation` carries closest to it, and R maximises Σ bond · R·direction, i.e. R is the
 * orthogonal factor of Σ bond ⊗ direction.
 */
function fitBonds(bonds: BondList, rotation: Mat3): Mat3 {
  const m = new Float64Array(9);
  const v = bonds.vectors;
  for (let b = 0; b < v.length; b += 3) {
    let best = NEIGHBOUR_DIRECTIONS[0];
    let bestDot = -Infinity;
    for (const c of NEIGHBOUR_DIRECTIONS) {
      let dot = 0;
      for (let r = 0; r < 3; r++)
        dot += v[b + r] * (rotation[3 * r] * c[0] + rotation[3 * r + 1] * c[1] + rotation[3 * r + 2] * c[2]);
      if (dot > bestDot) {
        bestDot = dot;
        best = c;
      }
    }
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m[3 * r + c] += v[b + r] * best[c];
  }
  return orthonormalise(m);
}

/** The orthogonal factor of the polar decomposition of a non-singular matrix (Newton: X ← (X + X⁻ᵀ)/2). */
function orthonormalise(m: Mat3): Mat3 {
  let x = Float64Array.from(m);
  for (let k = 0; k < 30; k++) {
    const inverseT = inverseTranspose(x);
    const next = x.map((v, i) => (v + inverseT[i]) / 2);
    const change = next.reduce((s, v, i) => s + Math.abs(v - x[i]), 0);
    x = next;
    if (change < 1e-13) break;
  }
  return x;
}

function inverseTranspose(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  // the cofactor matrix divided by the determinant is (m⁻¹)ᵀ
  return Float64Array.of(
    (e * i - f * h) / det,
    -(d * i - f * g) / det,
    (d * h - e * g) / det,
    -(b * i - c * h) / det,
    (a * i - c * g) / det,
    -(a * h - b * g) / det,
    (b * f - c * e) / det,
    -(a * f - c * d) / det,
    (a * e - b * d) / det,
  );
}
