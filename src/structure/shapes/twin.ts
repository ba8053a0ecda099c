/**
 * Twinned fcc spheres: a stack of close-packed {111} layers along z whose stacking order reverses at each
 * twin plane (…ABCABACBA…), so each lamella is the mirror image of its neighbour across the shared {111}
 * plane. One twin plane gives a simple twin, n parallel planes a lamellar twin; each lamella is one domain.
 */
import { inputError, type Rng } from "../../core/index.js";
import { AtomList, type Particle } from "../particle.js";

/** Geometry of the close-packed stacking used by the twin builder [Å]. */
export interface StackingGeometry {
  /** In-plane nearest-neighbour distance a/√2 [Å]. */
  readonly nearestNeighbourAng: number;
  /** Spacing of {111} layers a/√3 [Å]. */
  readonly layerSpacingAng: number;
}

/** Stacking geometry of an fcc lattice constant a [Å]. */
export function stackingGeometry(latticeConstantAng: number): StackingGeometry {
  return {
    nearestNeighbourAng: latticeConstantAng / Math.SQRT2,
    layerSpacingAng: latticeConstantAng / Math.sqrt(3),
  };
}

/**
 * In-plane offset [Å] of stacking position s (0 = A, 1 = B, 2 = C): s·(a1 + a2)/3 with the triangular
 * lattice vectors a1 = d·(1, 0), a2 = d·(1/2, √3/2).
 */
export function stackingOffset(s: number, nearestNeighbourAng: number): [number, number] {
  const t = (((s % 3) + 3) % 3) / 3;
  return [t * 1.5 * nearestNeighbourAng, (t * Math.sqrt(3) * nearestNeighbourAng) / 2];
}

/**
 * A sphere of `diameterAng` [Å] cut from a twinned stacking, centred on a site of layer 0.
 * @param twinLayers layer indices (z = index · layer spacing) of the twin planes, ascending; atoms in a twin
 *   plane belong to the lamella below it
 */
export function twinnedSphere(
  geometry: StackingGeometry,
  diameterAng: number,
  twinLayers: readonly number[],
): Particle {
  const { nearestNeighbourAng: d, layerSpacingAng: dz } = geometry;
  const r = diameterAng / 2;
  const r2 = r * r * (1 + 1e-9);
  const layers = Math.floor(r / dz + 1e-9);
  const span = Math.ceil(r / d) + 2;
  const atoms = new AtomList();
  // Stacking position of layer 0 is A; walk up and down from it, reversing direction at twin planes.
  const position = new Map<number, { s: number; domain: number }>();
  position.set(0, { s: 0, domain: twinLayers.filter((t) => t < 0).length });
  for (let k = 1; k <= layers; k++) {
    const below = position.get(k - 1)!;
    const flips = twinLayers.filter((t) => t < k).length;
    position.set(k, { s: below.s + (flips % 2 === 0 ? 1 : -1), domain: flips });
  }
  for (let k = -1; k >= -layers; k--) {
    const above = position.get(k + 1)!;
    const flips = twinLayers.filter((t) => t <= k).length;
    position.set(k, {
      s: above.s - (flips % 2 === 0 ? 1 : -1),
      domain: twinLayers.filter((t) => t < k).length,
    });
  }
  for (let k = -layers; k <= layers; k++) {
    const { s, domain } = position.get(k)!;
    const [ox, oy] = stackingOffset(s, d);
    const z = k * dz;
    for (let i = -span; i <= span; i++)
      for (let j = -span; j <= span; j++) {
        const x = ox + d * (i + j / 2);
        const y = oy + (d * Math.sqrt(3) * j) / 2;
        if (x * x + y * y + z * z <= r2) atoms.push(x, y, z, domain);
      }
  }
  return atoms.toParticle({ twinPlanes: twinLayers.length, twinLayers: twinLayers.join(" ") });
}

/**
 * Draws `count` twin-plane layer indices for a sphere of `diameterAng` [Å]: one plane within r/2 of the
 * centre; several planes at least two layers apart, each lamella inside the sphere.
 */
export function drawTwinLayers(
  count: number,
  diameterAng: number,
  geometry: StackingGeometry,
  rng: Rng,
): number[] {
  const layers = Math.floor(diameterAng / 2 / geometry.layerSpacingAng);
  const reach = count === 1 ? Math.floor(layers / 2) : layers - 1;
  const available = 2 * reach + 1;
  const maxPlanes = Math.floor((available + 1) / 2);
  if (count > maxPlanes) {
    throw inputError(
      `${count} twin planes do not fit in a ${(diameterAng / 10).toFixed(2)} nm particle ` +
        `(at most ${maxPlanes}, two {111} layers apart); use fewer --twin-planes or a larger --diameter`,
    );
  }
  for (let attempt = 0; attempt < 1000; attempt++) {
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(rng.int(available) - reach);
    const sorted = [...chosen].sort((a, b) => a - b);
    if (sorted.every((t, i) => i === 0 || t - sorted[i - 1] >= 2)) return sorted;
  }
  // Dense request: evenly spaced planes always satisfy the spacing.
  return Array.from({ length: count }, (_, i) => -reach + 2 * i);
}
