/**
 * What an HRTEM image of a particle can show of its crystal domains: whether any shows a lattice (what tells
 * a crystal from an amorphous particle), and how many it can tell apart (what a microscopist needs to see
 * to call a particle polycrystalline). A domain shows as itself only where it fills the projected column
 * (projectedDomains.ts), and there only through the lattice fringes its orientation lets through
 * (fringes.ts: every family from {111} to {420} that the pixel samples and the microscope transmits). Two
 * domains that both show no fringes, or the same fringes (a twin seen with only the twin-plane fringes),
 * look like one crystal.
 */
import { domainRotations } from "./domainOrientation.js";
import {
  ALL_FRINGE_FAMILIES,
  type FringeVisibilityOptions,
  type VisibleReflection,
  visibleReflections,
} from "./fringes.js";
import { type ProjectedDomainAreas, projectedDomainAreas } from "./projectedDomains.js";
import type { Structure } from "./structure.js";

/** Two reflections are the same fringes when their g differ by less than this fraction of |g| (≈ 3°). */
const SAME_REFLECTION = 0.05;

/** Settings of {@link projectedDomainLooks}. */
export interface DistinctDomainOptions {
  /** Cubic lattice constant [nm]. */
  latticeConstantNm: number;
  /** Thickness the beam crosses, the particle's diameter [nm]. */
  diameterNm: number;
  /** Image pixel size [nm]. */
  pixelSizeNm: number;
  /** Whether the microscope transfers a frequency of the image plane (see `FringeVisibilityOptions`). */
  transmits?: FringeVisibilityOptions["transmits"];
  /**
   * Smallest projected area a domain must have to itself to be told apart, and must cover to show its
   * fringes [nm²]; default (2·d₁₁₁)², a patch two {111} fringes wide each way.
   */
  minOwnAreaNm2?: number;
}

/** What an image of a particle can show of its crystal domains. */
export interface ProjectedDomainLooks {
  /**
   * Different looks among the domains with at least `minOwnAreaNm2` of projection to themselves: domains look
   * alike when they show the same set of fringes (none counts as one look). 1 for a single crystal and for
   * a polycrystal that looks like one; 2 or more when the image can show that the particle is polycrystalline.
   */
  distinct: number;
  /**
   * Domains covering at least `minOwnAreaNm2` of the projection (alone or under others) that show some
   * fringes: 0 when the image shows no lattice at all, so nothing tells the particle from an amorphous one.
   */
  withFringes: number;
}

/**
 * The looks of a particle's crystal domains in projection (all 0 without crystal domains).
 * @param areas the structure's `projectedDomainAreas`, when the caller has them already
 */
export function projectedDomainLooks(
  structure: Structure,
  options: DistinctDomainOptions,
  areas: ProjectedDomainAreas = projectedDomainAreas(structure),
): ProjectedDomainLooks {
  const { latticeConstantNm, diameterNm, pixelSizeNm } = options;
  const d111 = latticeConstantNm / Math.sqrt(3);
  const minAreaNm2 = options.minOwnAreaNm2 ?? (2 * d111) ** 2;
  const { sharesByDomain, coverByDomain, particleAreaNm2 } = areas;
  const rotations = domainRotations(structure, latticeConstantNm * 10);
  const looks: VisibleReflection[][] = [];
  let withFringes = 0;
  sharesByDomain.forEach((share, d) => {
    const rotation = rotations.get(d);
    if (coverByDomain[d] * particleAreaNm2 < minAreaNm2 || !rotation) return;
    const seen = visibleReflections({
      rotation,
      latticeConstantNm,
      diameterNm,
      pixelSizeNm,
      families: ALL_FRINGE_FAMILIES,
      transmits: options.transmits,
    });
    if (seen.length > 0) withFringes++;
    if (share * particleAreaNm2 >= minAreaNm2 && !looks.some((look) => sameFringes(look, seen)))
      looks.push(seen);
  });
  return { distinct: looks.length, withFringes };
}

function sameFringes(a: VisibleReflection[], b: VisibleReflection[]): boolean {
  return a.every((g) => b.some((h) => close(g, h))) && b.every((g) => a.some((h) => close(g, h)));
}

function close(g: VisibleReflection, h: VisibleReflection): boolean {
  return Math.hypot(g.gx - h.gx, g.gy - h.gy) < SAME_REFLECTION * Math.hypot(g.gx, g.gy);
}
