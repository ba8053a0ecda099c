/** Small brute-force geometry helpers for the tests (independent of the cell list under test). */

/** Number of neighbours of atom i within `cutoffAng` [Å]. */
export function neighbourCounts(positions: Float64Array, cutoffAng: number): Int32Array {
  const n = positions.length / 3;
  const counts = new Int32Array(n);
  const c2 = cutoffAng * cutoffAng;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d2 =
        (positions[3 * i] - positions[3 * j]) ** 2 +
        (positions[3 * i + 1] - positions[3 * j + 1]) ** 2 +
        (positions[3 * i + 2] - positions[3 * j + 2]) ** 2;
      if (d2 < c2) {
        counts[i]++;
        counts[j]++;
      }
    }
  return counts;
}

/**
 * Smallest distance [Å] between atoms i < j accepted by `pair` (default: all pairs), with minimum-image
 * wrapping along x and y when `periodXY` is given.
 */
export function minimumDistance(
  positions: Float64Array,
  options: { periodXY?: [number, number]; pair?: (i: number, j: number) => boolean } = {},
): number {
  const n = positions.length / 3;
  let best = Number.POSITIVE_INFINITY;
  const [lx, ly] = options.periodXY ?? [0, 0];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (options.pair && !options.pair(i, j)) continue;
      let dx = positions[3 * i] - positions[3 * j];
      let dy = positions[3 * i + 1] - positions[3 * j + 1];
      const dz = positions[3 * i + 2] - positions[3 * j + 2];
      if (lx > 0) dx -= lx * Math.round(dx / lx);
      if (ly > 0) dy -= ly * Math.round(dy / ly);
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < best) best = d2;
    }
  return Math.sqrt(best);
}

/** True when every point of `a` has a point of `b` within `toleranceAng` (same counts assumed). */
export function sameAtomSet(a: Float64Array, b: Float64Array, toleranceAng: number): boolean {
  if (a.length !== b.length) return false;
  const t2 = toleranceAng * toleranceAng;
  for (let i = 0; i < a.length; i += 3) {
    let found = false;
    for (let j = 0; j < b.length && !found; j += 3)
      found = (a[i] - b[j]) ** 2 + (a[i + 1] - b[j + 1]) ** 2 + (a[i + 2] - b[j + 2]) ** 2 < t2;
    if (!found) return false;
  }
  return true;
}
