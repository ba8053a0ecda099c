/**
 * A free particle in its own frame, before it is oriented and placed on a support: positions [Å] around
 * the origin and a crystal domain index per atom (−1 amorphous). All particle builders return this.
 */

/** Atoms of one particle, centred near the origin. */
export interface Particle {
  /** Positions [Å], interleaved xyz. */
  readonly positionsAng: Float64Array;
  /** Crystal domain per atom: 0, 1, … for crystalline units, −1 for amorphous atoms. */
  readonly domain: Int16Array;
  /** Shape parameters actually used (e.g. shells, facet distances, twin planes), for provenance. */
  readonly info: Record<string, number | string>;
}

/** A growable list of atoms with domains, backed by typed arrays. */
export class AtomList {
  private positions = new Float64Array(3 * 256);
  private domains = new Int16Array(256);
  /** Number of atoms added so far. */
  count = 0;

  /** Appends one atom at (x, y, z) [Å] in `domain`. */
  push(x: number, y: number, z: number, domain: number): void {
    if (this.count === this.domains.length) {
      const positions = new Float64Array(this.positions.length * 2);
      positions.set(this.positions);
      this.positions = positions;
      const domains = new Int16Array(this.domains.length * 2);
      domains.set(this.domains);
      this.domains = domains;
    }
    const i = this.count++;
    this.positions[3 * i] = x;
    this.positions[3 * i + 1] = y;
    this.positions[3 * i + 2] = z;
    this.domains[i] = domain;
  }

  /** The atoms as a particle (copies, trimmed to length). */
  toParticle(info: Record<string, number | string>): Particle {
    return {
      positionsAng: this.positions.slice(0, 3 * this.count),
      domain: this.domains.slice(0, this.count),
      info,
    };
  }
}

/** Centroid [Å] of interleaved positions. */
export function centroid(positions: Float64Array): [number, number, number] {
  const n = positions.length / 3;
  let x = 0;
  let y = 0;
  let z = 0;
  for (let i = 0; i < positions.length; i += 3) {
    x += positions[i];
    y += positions[i + 1];
    z += positions[i + 2];
  }
  return n > 0 ? [x / n, y / n, z / n] : [0, 0, 0];
}

/** Largest distance [Å] of an atom from the centroid. */
export function boundingRadiusAng(positions: Float64Array): number {
  const [cx, cy, cz] = centroid(positions);
  let r2 = 0;
  for (let i = 0; i < positions.length; i += 3) {
    const d = (positions[i] - cx) ** 2 + (positions[i + 1] - cy) ** 2 + (positions[i + 2] - cz) ** 2;
    if (d > r2) r2 = d;
  }
  return Math.sqrt(r2);
}

/** Number of distinct crystal domains (ids ≥ 0) among the atoms. */
export function domainCount(domain: Int16Array): number {
  const seen = new Set<number>();
  for (const d of domain) if (d >= 0) seen.add(d);
  return seen.size;
}
