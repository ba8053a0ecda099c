/**
 * Cutting a structure along the beam into slices (physics.md §2): n = max(1, round(L_z/Δz)) equal slices of
 * thickness L_z/n; each atom belongs to the slice holding its centre, with its full projected potential.
 */

/** Atoms grouped by slice. */
export interface Slicing {
  /** Thickness of every slice [Å]. */
  readonly thicknessAng: number;
  /** Atom indices of each slice, in input order. */
  readonly atoms: readonly Int32Array[];
}

/**
 * Groups atoms by slice. Atoms outside [0, L_z) (e.g. displaced by a phonon) join the first or last slice.
 * @param cellZAng cell length along the beam [Å]
 * @param sliceThicknessAng requested slice thickness [Å]
 */
export function sliceAtoms(zAng: Float64Array, cellZAng: number, sliceThicknessAng: number): Slicing {
  if (!(sliceThicknessAng > 0))
    throw new RangeError(`slice thickness must be > 0 Å, got ${sliceThicknessAng}`);
  const n = Math.max(1, Math.round(cellZAng / sliceThicknessAng));
  const thicknessAng = cellZAng / n;
  const counts = new Int32Array(n);
  const which = new Int32Array(zAng.length);
  for (let a = 0; a < zAng.length; a++) {
    const s = Math.min(n - 1, Math.max(0, Math.floor(zAng[a] / thicknessAng)));
    which[a] = s;
    counts[s]++;
  }
  const atoms = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(n);
  for (let a = 0; a < zAng.length; a++) atoms[which[a]][fill[which[a]]++] = a;
  return { thicknessAng, atoms };
}
