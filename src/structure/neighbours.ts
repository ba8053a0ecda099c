/**
 * A cell list (uniform grid of linked lists) for "is any atom closer than d?" queries in O(1): the
 * workhorse of random sequential addition and of boundary clean-up. Dimensions may be periodic (minimum
 * image), as the lateral directions of a support are.
 */

/** Axis-aligned box, optionally periodic per axis. */
export interface GridBox {
  /** Lower corner [Å]. */
  readonly originAng: readonly [number, number, number];
  /** Edge lengths [Å] (the period along periodic axes). */
  readonly sizeAng: readonly [number, number, number];
  /** Periodic flags per axis. */
  readonly periodic: readonly [boolean, boolean, boolean];
}

/** Points in a grid of cells no smaller than the largest query distance. */
export class CellList {
  private readonly n: [number, number, number];
  private readonly cellAng: [number, number, number];
  private readonly head: Int32Array;
  private readonly stencils: (readonly number[])[][];
  private next: Int32Array;
  private positions: Float64Array;
  /** Number of points added. */
  count = 0;

  /**
   * @param box the region holding (most) points; points outside are kept in the edge cells
   * @param maxQueryAng largest distance [Å] that `anyWithin` will be asked about
   * @param capacity expected number of points (grows as needed)
   */
  constructor(
    readonly box: GridBox,
    readonly maxQueryAng: number,
    capacity = 1024,
  ) {
    this.n = [0, 1, 2].map((a) => Math.max(1, Math.floor(box.sizeAng[a] / maxQueryAng))) as [
      number,
      number,
      number,
    ];
    this.cellAng = [0, 1, 2].map((a) => box.sizeAng[a] / this.n[a]) as [number, number, number];
    this.stencils = [0, 1, 2].map((a) =>
      Array.from({ length: this.n[a] }, (_, c) => stencil(c, this.n[a], box.periodic[a])),
    );
    this.head = new Int32Array(this.n[0] * this.n[1] * this.n[2]).fill(-1);
    this.next = new Int32Array(Math.max(16, capacity));
    this.positions = new Float64Array(3 * Math.max(16, capacity));
  }

  private cellIndex(axis: number, value: number): number {
    const c = Math.floor((value - this.box.originAng[axis]) / this.cellAng[axis]);
    const n = this.n[axis];
    if (this.box.periodic[axis]) return ((c % n) + n) % n;
    return c < 0 ? 0 : c >= n ? n - 1 : c;
  }

  /** Adds a point (x, y, z) [Å]; returns its index. */
  add(x: number, y: number, z: number): number {
    if (this.count === this.next.length) {
      const next = new Int32Array(this.next.length * 2);
      next.set(this.next);
      this.next = next;
      const positions = new Float64Array(this.positions.length * 2);
      positions.set(this.positions);
      this.positions = positions;
    }
    const i = this.count++;
    this.positions[3 * i] = x;
    this.positions[3 * i + 1] = y;
    this.positions[3 * i + 2] = z;
    const cell = (this.cellIndex(0, x) * this.n[1] + this.cellIndex(1, y)) * this.n[2] + this.cellIndex(2, z);
    this.next[i] = this.head[cell];
    this.head[cell] = i;
    return i;
  }

  /** Copy of the stored points [Å], interleaved xyz, in the order added. */
  points(): Float64Array {
    return this.positions.slice(0, 3 * this.count);
  }

  /** True when some stored point lies closer than `distanceAng` (≤ maxQueryAng) to (x, y, z). */
  anyWithin(x: number, y: number, z: number, distanceAng: number): boolean {
    const d2 = distanceAng * distanceAng;
    const ny = this.n[1];
    const nz = this.n[2];
    const [px, py, pz] = this.box.periodic;
    const [lx, ly, lz] = this.box.sizeAng;
    const cx = this.cellIndex(0, x);
    const cy = this.cellIndex(1, y);
    const cz = this.cellIndex(2, z);
    const xs = this.stencils[0][cx];
    const ys = this.stencils[1][cy];
    const zs = this.stencils[2][cz];
    const pos = this.positions;
    for (const ix of xs)
      for (const iy of ys)
        for (const iz of zs) {
          for (let j = this.head[(ix * ny + iy) * nz + iz]; j >= 0; j = this.next[j]) {
            let dx = pos[3 * j] - x;
            let dy = pos[3 * j + 1] - y;
            let dz = pos[3 * j + 2] - z;
            if (px) dx -= lx * Math.round(dx / lx);
            if (py) dy -= ly * Math.round(dy / ly);
            if (pz) dz -= lz * Math.round(dz / lz);
            if (dx * dx + dy * dy + dz * dz < d2) return true;
          }
        }
    return false;
  }
}

// Neighbouring cell indices of cell c along one axis; with fewer than 3 cells along a periodic axis the
// ±1 stencil would visit a cell twice, so each is listed once.
function stencil(c: number, n: number, periodic: boolean): number[] {
  const set = new Set<number>();
  for (let d = -1; d <= 1; d++) {
    const k = c + d;
    if (periodic) set.add(((k % n) + n) % n);
    else if (k >= 0 && k < n) set.add(k);
  }
  return [...set];
}
