/**
 * The closed set of particle shapes and the one function that builds any of them in its own frame.
 * Sizes: `diameterNm` is the sphere diameter for sphere, twin, polycrystal and amorphous particles; for
 * faceted shapes it is the equal-volume diameter (the sphere holding as many atoms at bulk density), and
 * icosahedra and decahedra take the size nearest to it.
 */
import { assertUnreachable, inputError, type Rng } from "../../core/index.js";
import { type ElementSymbol, FCC_ELEMENTS } from "../elements.js";
import { equivalentDiameterAng, nearestNeighbourAng } from "../lattice.js";
import type { Particle } from "../particle.js";
import { AMORPHOUS_MIN_DISTANCE_ANG, amorphousSphere } from "./amorphous.js";
import { decahedron, inoFacets, marksFacets } from "./decahedron.js";
import { mackayIcosahedron } from "./icosahedron.js";
import { POLYCRYSTAL_MIN_DISTANCE_ANG, polycrystal } from "./polycrystal.js";
import { fccSphere } from "./sphere.js";
import { drawTwinLayers, stackingGeometry, twinnedSphere } from "./twin.js";
import { presetFacets, presetFacetsForDiameter, wulffPolyhedron } from "./wulff.js";

/** Every particle shape nanocryst builds. */
export const STRUCTURE_SHAPES = [
  "sphere",
  "cuboctahedron",
  "truncated-octahedron",
  "octahedron",
  "cube",
  "icosahedron",
  "ino-decahedron",
  "marks-decahedron",
  "twin",
  "polycrystal",
  "amorphous",
] as const;
/** A particle shape. */
export type ShapeName = (typeof STRUCTURE_SHAPES)[number];

/** The paper's crystallinity classes. */
export type Crystallinity = "amorphous" | "monocrystalline" | "polycrystalline";

/** Crystallinity class of each shape; multiply twinned particles count as polycrystalline (the paper). */
export const SHAPE_CRYSTALLINITY: Readonly<Record<ShapeName, Crystallinity>> = {
  sphere: "monocrystalline",
  cuboctahedron: "monocrystalline",
  "truncated-octahedron": "monocrystalline",
  octahedron: "monocrystalline",
  cube: "monocrystalline",
  icosahedron: "polycrystalline",
  "ino-decahedron": "polycrystalline",
  "marks-decahedron": "polycrystalline",
  twin: "polycrystalline",
  polycrystal: "polycrystalline",
  amorphous: "amorphous",
};

/** One line per shape for help texts: what it is and which parameters it takes. */
export const SHAPE_DESCRIPTIONS: Readonly<Record<ShapeName, string>> = {
  sphere: "fcc sphere cut-out of the given diameter (one domain)",
  cuboctahedron: "{100}+{111} cuboctahedron; --shells N gives the closed-shell sizes 13, 55, 147, 309, …",
  "truncated-octahedron": "{111} octahedron with {100} truncations at one third of the edges; --shells N",
  octahedron: "fcc octahedron with 8 {111} facets; --shells N",
  cube: "fcc cube with 6 {100} facets; --shells N (half-width N·a/2)",
  icosahedron: "Mackay icosahedron, 20 twinned tetrahedra; --shells N (13, 55, 147, 309, 561 atoms)",
  "ino-decahedron": "Ino decahedron, 5 twinned units with square {100} facets; --shells N (size)",
  "marks-decahedron":
    "Marks decahedron, Ino with re-entrant {111} notches at the twin planes; --shells N ≥ 2",
  twin: "fcc sphere with --twin-planes N parallel {111} twin planes (1: simple twin; more: lamellar)",
  polycrystal: "paper's recipe: 2 or 3 (50 %) differently oriented fcc spheres joined along random cuts",
  amorphous: "random sequential addition in a sphere, minimum distance 0.248 nm (Au; ×a/a_Au for others)",
};

/** What particle to build. */
export interface ParticleOptions {
  readonly shape: ShapeName;
  /** Diameter [nm] (see the module notes for faceted shapes); ignored when `shells` is given. */
  readonly diameterNm: number;
  /** Particle element; default "Au". */
  readonly element?: ElementSymbol;
  /** Size in shells for polyhedra, icosahedra and decahedra (instead of `diameterNm`). */
  readonly shells?: number;
  /** Number of parallel {111} twin planes of the "twin" shape; default 1. */
  readonly twinPlanes?: number;
  /** Number of domains of a polycrystal; default 2 or 3 with equal chance. */
  readonly polycrystalDomains?: 2 | 3;
  /** Smallest distance across polycrystal boundaries [nm]; default 0.22. */
  readonly boundaryMinDistanceNm?: number;
  /**
   * Minimum distance in amorphous particles [nm]; default 0.248 for gold (Novaes et al.), scaled by the
   * lattice constant for other elements (0.248·a/a_Au) so that all keep gold's packing relative to bulk.
   */
  readonly amorphousMinDistanceNm?: number;
}

const SHELL_SHAPES: readonly ShapeName[] = [
  "cuboctahedron",
  "truncated-octahedron",
  "octahedron",
  "cube",
  "icosahedron",
  "ino-decahedron",
  "marks-decahedron",
];

/** Builds a particle centred near the origin in its crystal frame (not yet randomly oriented). */
export function buildParticle(options: ParticleOptions, rng: Rng): Particle {
  const { shape, shells } = options;
  const element = FCC_ELEMENTS[options.element ?? "Au"];
  if (!element) throw inputError(`unknown element "${options.element}"; use one of Au, Ag, Pt, Pd, Cu`);
  const a = element.latticeConstantAng;
  const nn = nearestNeighbourAng(a);
  const diameterAng = options.diameterNm * 10;
  if (shells !== undefined) {
    if (!SHELL_SHAPES.includes(shape))
      throw inputError(`--shells applies to ${SHELL_SHAPES.join(", ")}; not to ${shape}`);
    const min = shape === "marks-decahedron" ? 2 : 1;
    if (!Number.isInteger(shells) || shells < min || shells > 40)
      throw inputError(`shells must be a whole number from ${min} to 40 for ${shape}, got ${shells}`);
  } else if (!(diameterAng > 0)) {
    throw inputError(`particle diameter must be greater than 0 nm, got ${options.diameterNm}`);
  }
  const nearest = (build: (n: number) => Particle, nMin: number) =>
    shells !== undefined ? build(shells) : nearestSize(build, nMin, diameterAng, a);
  switch (shape) {
    case "sphere":
      return fccSphere(a, diameterAng);
    case "cuboctahedron":
    case "truncated-octahedron":
    case "octahedron":
    case "cube":
      return wulffPolyhedron(
        a,
        shells !== undefined
          ? presetFacets(shape, (shells * a) / 2)
          : presetFacetsForDiameter(shape, diameterAng),
      );
    case "icosahedron":
      return nearest((n) => mackayIcosahedron(n, nn), 1);
    case "ino-decahedron":
      return nearest((n) => decahedron(inoFacets(n), nn), 1);
    case "marks-decahedron":
      return nearest((n) => decahedron(marksFacets(n), nn), 2);
    case "twin": {
      const geometry = stackingGeometry(a);
      const planes = options.twinPlanes ?? 1;
      if (!Number.isInteger(planes) || planes < 1)
        throw inputError(`twin planes must be a whole number ≥ 1, got ${planes}`);
      return twinnedSphere(geometry, diameterAng, drawTwinLayers(planes, diameterAng, geometry, rng));
    }
    case "polycrystal":
      return polycrystal(a, diameterAng, rng, {
        domains: options.polycrystalDomains,
        minDistanceAng: (options.boundaryMinDistanceNm ?? POLYCRYSTAL_MIN_DISTANCE_ANG / 10) * 10,
      });
    case "amorphous":
      return amorphousSphere(
        diameterAng,
        rng,
        options.amorphousMinDistanceNm !== undefined
          ? options.amorphousMinDistanceNm * 10
          : (AMORPHOUS_MIN_DISTANCE_ANG * a) / FCC_ELEMENTS.Au.latticeConstantAng,
      );
    default:
      return assertUnreachable(shape);
  }
}

/** The size n ≥ nMin whose equal-volume diameter is nearest to `diameterAng`. */
function nearestSize(
  build: (n: number) => Particle,
  nMin: number,
  diameterAng: number,
  latticeConstantAng: number,
): Particle {
  let best = build(nMin);
  let bestError = Math.abs(equivalentDiameterAng(best.domain.length, latticeConstantAng) - diameterAng);
  for (let n = nMin + 1; n <= 40; n++) {
    const candidate = build(n);
    const size = equivalentDiameterAng(candidate.domain.length, latticeConstantAng);
    const error = Math.abs(size - diameterAng);
    if (error < bestError) {
      best = candidate;
      bestError = error;
    }
    if (size > diameterAng) break;
  }
  return best;
}
