import { REGION, type Structure } from "./structure.js";

/** Side of the projected cells [nm]: about one resolution element of a 300 kV HRTEM. */
export const PROJECTED_CELL_NM = 0.2;

/** A cell belongs to a domain that holds at least this fraction of the particle atoms in its column. */
const OWNER_FRACTION = 0.8;

/**
 * How much of a particle's projected area each crystal domain has to itself, largest first.
 *
 * HRTEM images a projection along the beam (z). Where two domains lie on top of each other, a column shows
 * both lattices superposed, or one lattice over the blur of an off-zone domain; only where a domain fills
 * the column does the image show that domain alone. A polycrystal whose second domain lies under the first
 * therefore looks like a single crystal, whatever its label. The particle's projection is divided into
 * {@link PROJECTED_CELL_NM} cells; a cell belongs to the domain holding ≥ 80 % of the particle atoms in
 * it, otherwise to none.
 * @returns shares of the projected particle area (cells with particle atoms), one per crystal domain
 *   (domain index ≥ 0), in decreasing order; empty without crystal atoms
 */
export function projectedDomainShares(structure: Structure, cellNm = PROJECTED_CELL_NM): number[] {
  return sharesLargestFirst(projectedDomainAreas(structure, cellNm));
}

/** The domains' own shares of the projected area, in decreasing order (see {@link projectedDomainShares}). */
export function sharesLargestFirst(areas: ProjectedDomainAreas): number[] {
  return areas.sharesByDomain.slice().sort((a, b) => b - a);
}

/** Projected areas of a particle's crystal domains (see {@link projectedDomainShares}). */
export interface ProjectedDomainAreas {
  /** Share of the projected particle area each domain has to itself, indexed by domain. */
  sharesByDomain: number[];
  /** Share of the projected particle area each domain covers at all (alone or with others), by domain. */
  coverByDomain: number[];
  /** The particle's projected area [nm²]: cells holding particle atoms. */
  particleAreaNm2: number;
}

/** Each domain's own share of the projected area, by domain index, and the projected area [nm²]. */
export function projectedDomainAreas(structure: Structure, cellNm = PROJECTED_CELL_NM): ProjectedDomainAreas {
  const cellAng = cellNm * 10;
  const columns = new Map<number, number[]>();
  let domains = 0;
  const { positionsAng, region, domain } = structure;
  const crystal = (i: number) => region[i] === REGION.particle && domain[i] >= 0;
  // cells counted from the particle's own corner, so atoms outside the periodic cell keep distinct keys
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  for (let i = 0; i < domain.length; i++)
    if (crystal(i)) {
      minX = Math.min(minX, positionsAng[3 * i]);
      maxX = Math.max(maxX, positionsAng[3 * i]);
      minY = Math.min(minY, positionsAng[3 * i + 1]);
    }
  const stride = Math.floor((maxX - minX) / cellAng) + 1;
  for (let i = 0; i < domain.length; i++) {
    if (!crystal(i)) continue;
    const key =
      Math.floor((positionsAng[3 * i + 1] - minY) / cellAng) * stride +
      Math.floor((positionsAng[3 * i] - minX) / cellAng);
    let counts = columns.get(key);
    if (!counts) {
      counts = [];
      columns.set(key, counts);
    }
    counts[domain[i]] = (counts[domain[i]] ?? 0) + 1;
    domains = Math.max(domains, domain[i] + 1);
  }
  const owned = new Array<number>(domains).fill(0);
  const covered = new Array<number>(domains).fill(0);
  for (const counts of columns.values()) {
    let total = 0;
    let best = 0;
    counts.forEach((c, d) => {
      total += c;
      covered[d]++;
      if (c > (counts[best] ?? 0)) best = d;
    });
    if ((counts[best] ?? 0) >= OWNER_FRACTION * total) owned[best]++;
  }
  return {
    sharesByDomain: owned.map((o) => o / columns.size),
    coverByDomain: covered.map((c) => c / columns.size),
    particleAreaNm2: columns.size * cellNm ** 2,
  };
}
