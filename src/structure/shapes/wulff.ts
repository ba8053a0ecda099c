/**
 * Single-crystal polyhedra bounded by {100} and {111} facets: one Wulff-type construction,
 * |x|, |y|, |z| ≤ d100 and |x| + |y| + |z| ≤ √3·d111 (cubic axes along x, y, z, a lattice site at the
 * centre). The presets differ only in the ratio ρ = √3·d111 / d100:
 * octahedron 1 (only {111}), truncated octahedron 3/2, cuboctahedron 2, cube 3 (only {100}).
 */
import { fccSites } from "../lattice.js";
import { AtomList, type Particle } from "../particle.js";

/** The named {100}/{111} polyhedra. */
export const WULFF_PRESETS = {
  octahedron: 1,
  "truncated-octahedron": 1.5,
  cuboctahedron: 2,
  cube: 3,
} as const;
/** Name of a {100}/{111} polyhedron preset. */
export type WulffPreset = keyof typeof WULFF_PRESETS;

/** Facet distances from the centre [Å]. */
export interface FacetDistances {
  /** Distance of the {100} facets [Å]. */
  readonly d100Ang: number;
  /** Distance of the {111} facets [Å]. */
  readonly d111Ang: number;
}

/** The fcc sites inside the polyhedron with the given facet distances; one crystal domain (0). */
export function wulffPolyhedron(latticeConstantAng: number, facets: FacetDistances): Particle {
  const { d100Ang, d111Ang } = facets;
  const sum = Math.sqrt(3) * d111Ang * (1 + 1e-9);
  const half = Math.min(d100Ang, sum) * (1 + 1e-9);
  const sites = fccSites(latticeConstantAng, half);
  const atoms = new AtomList();
  for (let i = 0; i < sites.length; i += 3) {
    const x = sites[i];
    const y = sites[i + 1];
    const z = sites[i + 2];
    if (Math.abs(x) + Math.abs(y) + Math.abs(z) <= sum) atoms.push(x, y, z, 0);
  }
  return atoms.toParticle({ d100Nm: d100Ang / 10, d111Nm: d111Ang / 10 });
}

/** Facet distances of a preset with {100} half-width `d100Ang` [Å]. */
export function presetFacets(preset: WulffPreset, d100Ang: number): FacetDistances {
  return { d100Ang, d111Ang: (WULFF_PRESETS[preset] * d100Ang) / Math.sqrt(3) };
}

/**
 * Volume [Å³] of the polyhedron: 8·d100³·F(ρ), where F is the Irwin–Hall distribution function of a sum of
 * three uniform variables (the octant {x, y, z ∈ [0, 1], x + y + z ≤ ρ}).
 */
export function wulffVolumeAng3(facets: FacetDistances): number {
  const rho = Math.min(3, (Math.sqrt(3) * facets.d111Ang) / facets.d100Ang);
  let f = 0;
  const binomial = [1, 3, 3, 1];
  for (let k = 0; k <= Math.floor(rho) && k <= 3; k++) f += (-1) ** k * binomial[k] * (rho - k) ** 3;
  return 8 * facets.d100Ang ** 3 * (f / 6);
}

/** Facet distances of the preset whose volume equals that of a sphere of `diameterAng` [Å]. */
export function presetFacetsForDiameter(preset: WulffPreset, diameterAng: number): FacetDistances {
  const unitVolume = wulffVolumeAng3(presetFacets(preset, 1));
  const sphereVolume = (Math.PI / 6) * diameterAng ** 3;
  return presetFacets(preset, Math.cbrt(sphereVolume / unitVolume));
}
