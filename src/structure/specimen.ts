/**
 * A complete specimen: a particle in a uniformly random orientation, resting on an amorphous support
 * (or free), centred laterally in a cubic, laterally periodic cell (taller along z only when particle,
 * gap, support and 0.5 nm of vacuum on each side need it). The beam travels along +z; by default
 * the particle sits upstream of the support (smaller z, "entrance" side).
 */
import { inputError, Rng } from "../core/index.js";
import type { ElementSymbol } from "./elements.js";
import { FCC_ELEMENTS } from "./elements.js";
import { equivalentDiameterAng } from "./lattice.js";
import { boundingRadiusAng, centroid, domainCount } from "./particle.js";
import { identity, type Mat3, randomRotation, rotatePositions } from "./rotation.js";
import { buildParticle, type ParticleOptions } from "./shapes/index.js";
import { CARBON_DENSITY_G_PER_CM3, SUPPORT_MIN_DISTANCE_ANG, buildSupport } from "./support.js";
import { REGION, type Structure } from "./structure.js";

/** Default edge of the cubic cell [nm] (the paper's ≈ 6 nm box). */
export const DEFAULT_BOX_NM = 6;
/** Default support thickness [nm]. */
export const DEFAULT_SUPPORT_THICKNESS_NM = 2;
/** Default gap between the particle's nearest atom and the support surface [nm]. */
export const DEFAULT_GAP_NM = 0.25;
/** Smallest distance of any particle atom from the lateral cell edges [nm]. */
export const LATERAL_MARGIN_NM = 0.5;
/** Smallest vacuum above and below the atoms inside the cell [nm]. */
export const VACUUM_NM = 0.5;

/** A support choice: species or none. */
export type SupportChoice = "C" | "Si" | "none";

/** Everything that defines a specimen besides the random seed. */
export interface SpecimenOptions extends ParticleOptions {
  /** Particle element; default "Au". */
  readonly element?: ElementSymbol;
  /** Support film; default "C". */
  readonly support?: SupportChoice;
  /** Support thickness [nm]; default 2. */
  readonly supportThicknessNm?: number;
  /** Target carbon density of the support [g/cm³]; default 2.0. */
  readonly supportDensityGPerCm3?: number;
  /** Minimum distance between support atoms [nm]; default 0.16. */
  readonly supportMinDistanceNm?: number;
  /** Edge of the cubic cell [nm]; default 6. */
  readonly boxNm?: number;
  /** "entrance": particle upstream of the support (smaller z, default); "exit": downstream. */
  readonly particleSide?: "entrance" | "exit";
  /** Gap between the particle's nearest atom and the support surface [nm]; default 0.25. */
  readonly gapNm?: number;
  /** Orient the particle uniformly at random (default true); false keeps its crystal frame. */
  readonly randomOrientation?: boolean;
  /**
   * A particle given by `diameterNm` that does not fit the cell laterally is rebuilt, from the same random
   * draws, with its diameter scaled down until it does (`info.diameterNm` is the one built), instead of
   * failing: an octahedron spans 1.43 times its diameter, so the largest of a drawn range may not fit a
   * cell that every sphere does.
   */
  readonly shrinkToFit?: boolean;
}

/**
 * Builds a specimen (particle on support in a cubic cell); every random draw comes from `rng`.
 *
 * Atoms are listed particle first, then support. `info` records what was built: shape, element, size
 * (`diameterNm` or `shells`), `equivalentDiameterNm` (sphere with as many atoms at bulk density),
 * `particleAtoms`, `domains`, support, `supportAtoms`, `supportThicknessNm`, `supportAtomsPerNm3`,
 * `supportDensityGPerCm3`, `boxNm`, `cellZNm`, `particleSide`, `gapNm`, `orientation` (the row-major
 * rotation from the particle's crystal frame to the cell, 9 numbers) and the shape's own parameters
 * (e.g. `densityAtomsPerNm3` of amorphous particles, `twinLayers`, `polycrystalDomains`).
 */
export function buildSpecimen(options: SpecimenOptions, rng: Rng): Structure {
  const element = options.element ?? "Au";
  const support = options.support ?? "C";
  const boxNm = options.boxNm ?? DEFAULT_BOX_NM;
  const thicknessNm = support === "none" ? 0 : (options.supportThicknessNm ?? DEFAULT_SUPPORT_THICKNESS_NM);
  const gapNm = support === "none" ? 0 : (options.gapNm ?? DEFAULT_GAP_NM);
  const side = options.particleSide ?? "entrance";
  if (!(boxNm > 0)) throw inputError(`box size must be greater than 0 nm, got ${boxNm}`);
  if (support !== "none" && !(thicknessNm > 0))
    throw inputError(`support thickness must be greater than 0 nm, got ${options.supportThicknessNm}`);
  if (!(gapNm >= 0)) throw inputError(`gap must be ≥ 0 nm, got ${gapNm}`);
  const boxAng = boxNm * 10;

  // the particle's stream as `rng.fork("particle")` makes it, kept so that a shrunk rebuild draws the same
  const particleSeed = rng.nextUint32();
  let diameterNm = options.diameterNm;
  let particle = buildParticle({ ...options, element }, new Rng([particleSeed, "particle"]));
  let radiusAng = boundingRadiusAng(particle.positionsAng);
  const needed = () => 2 * (radiusAng / 10 + LATERAL_MARGIN_NM);
  const shrinkable = options.shrinkToFit && options.shells === undefined && diameterNm !== undefined;
  for (let attempt = 0; attempt < 5 && shrinkable && diameterNm !== undefined; attempt++) {
    if (needed() <= boxNm + 1e-9) break;
    diameterNm *= (0.995 * (boxNm - 2 * LATERAL_MARGIN_NM)) / ((2 * radiusAng) / 10);
    particle = buildParticle({ ...options, element, diameterNm }, new Rng([particleSeed, "particle"]));
    radiusAng = boundingRadiusAng(particle.positionsAng);
  }
  const needLateralNm = needed();
  if (needLateralNm > boxNm + 1e-9) {
    throw inputError(
      `a ${options.shape} of ${(2 * radiusAng) / 10 < 0.01 ? "0" : ((2 * radiusAng) / 10).toFixed(2)} nm ` +
        `does not fit in a ${boxNm} nm cell with ${LATERAL_MARGIN_NM} nm to the edges; ` +
        `use --box ${Math.ceil(needLateralNm * 10) / 10} or more, or a smaller --diameter`,
    );
  }
  const rotation: Mat3 =
    options.randomOrientation === false ? identity() : randomRotation(rng.fork("orientation"));
  const p = rotatePositions(particle.positionsAng, rotation, new Float64Array(particle.positionsAng.length));
  const [cx, cy] = centroid(p);
  let zMin = Number.POSITIVE_INFINITY;
  let zMax = Number.NEGATIVE_INFINITY;
  for (let i = 2; i < p.length; i += 3) {
    zMin = Math.min(zMin, p[i]);
    zMax = Math.max(zMax, p[i]);
  }
  const particleHeightAng = p.length > 0 ? zMax - zMin : 0;
  const stackAng = particleHeightAng + (gapNm + thicknessNm) * 10;
  // The cell is cubic unless particle + gap + support + vacuum need more room along the beam (a 3 nm
  // particle on a 3 nm film in the paper's 6 nm box): then only its z edge grows, which leaves the lateral
  // periodicity and the image field unchanged.
  const cellZAng = Math.max(boxAng, stackAng + 2 * VACUUM_NM * 10);
  // Centre the particle + support stack along z so that both vacuum layers are equal.
  const stackStart = (cellZAng - stackAng) / 2;
  const particleStart = side === "entrance" ? stackStart : stackStart + (thicknessNm + gapNm) * 10;
  const supportStart = side === "entrance" ? stackStart + particleHeightAng + gapNm * 10 : stackStart;

  const supportAtoms =
    support === "none"
      ? undefined
      : buildSupport(
          {
            species: support,
            thicknessAng: thicknessNm * 10,
            widthXAng: boxAng,
            widthYAng: boxAng,
            carbonDensityGPerCm3: options.supportDensityGPerCm3 ?? CARBON_DENSITY_G_PER_CM3,
            minDistanceAng: (options.supportMinDistanceNm ?? SUPPORT_MIN_DISTANCE_ANG / 10) * 10,
          },
          rng.fork("support"),
        );
  const nParticle = p.length / 3;
  const nSupport = supportAtoms ? supportAtoms.positionsAng.length / 3 : 0;
  const n = nParticle + nSupport;
  const numbers = new Uint8Array(n);
  const positionsAng = new Float64Array(3 * n);
  const region = new Uint8Array(n);
  const domain = new Int16Array(n);
  numbers.fill(FCC_ELEMENTS[element].z, 0, nParticle);
  domain.set(particle.domain);
  for (let i = 0; i < nParticle; i++) {
    positionsAng[3 * i] = p[3 * i] - cx + boxAng / 2;
    positionsAng[3 * i + 1] = p[3 * i + 1] - cy + boxAng / 2;
    positionsAng[3 * i + 2] = p[3 * i + 2] - zMin + particleStart;
  }
  if (supportAtoms) {
    const s = supportAtoms.positionsAng;
    numbers.fill(supportAtoms.z, nParticle);
    region.fill(REGION.support, nParticle);
    domain.fill(-1, nParticle);
    for (let i = 0; i < nSupport; i++) {
      const o = 3 * (nParticle + i);
      positionsAng[o] = s[3 * i];
      positionsAng[o + 1] = s[3 * i + 1];
      positionsAng[o + 2] = s[3 * i + 2] + supportStart;
    }
  }
  const info: Record<string, number | string> = {
    shape: options.shape,
    element,
    ...(options.shells !== undefined ? { shells: options.shells } : { diameterNm }),
    equivalentDiameterNm: round(
      equivalentDiameterAng(nParticle, FCC_ELEMENTS[element].latticeConstantAng) / 10,
    ),
    particleAtoms: nParticle,
    domains: domainCount(particle.domain),
    support,
    supportAtoms: nSupport,
    supportThicknessNm: thicknessNm,
    boxNm,
    cellZNm: round(cellZAng / 10),
    particleSide: side,
    gapNm,
    orientation: Array.from(rotation, (v) => round(v)).join(" "),
    ...particle.info,
  };
  if (supportAtoms) {
    info.supportAtomsPerNm3 = round(supportAtoms.atomsPerNm3);
    info.supportDensityGPerCm3 = round(supportAtoms.densityGPerCm3);
  }
  return { cellAng: { x: boxAng, y: boxAng, z: cellZAng }, numbers, positionsAng, region, domain, info };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
