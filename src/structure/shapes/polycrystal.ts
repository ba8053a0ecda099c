/**
 * The paper's polycrystals (physics.md §7): two equally sized fcc spheres in different random orientations,
 * cut along the same plane at a random distance 0…r/2 from the centre; part one of sphere one and part two
 * of sphere two are kept. With 50 % chance a third sphere is joined the same way along a new cut that is
 * not parallel to the first. Atoms of a newly added domain closer than a set distance to an atom already
 * kept are removed, so no boundary holds unphysically short pairs.
 */
import type { Rng } from "../../core/index.js";
import { CellList } from "../neighbours.js";
import { AtomList, type Particle } from "../particle.js";
import { randomRotation, rotatePositions } from "../rotation.js";
import { fccSphere } from "./sphere.js";

/** Default smallest distance between atoms of different domains [Å]. */
export const POLYCRYSTAL_MIN_DISTANCE_ANG = 2.2;
/** Cut normals closer than this angle to the first cut count as parallel [rad]. */
const MIN_CUT_ANGLE_RAD = Math.PI / 6;
/** A domain must keep at least this fraction of the atoms, or the third cut is drawn again. */
const MIN_DOMAIN_FRACTION = 0.05;

/** Options of the polycrystal builder. */
export interface PolycrystalOptions {
  /** Smallest distance between atoms of different domains [Å]; default 2.2. */
  readonly minDistanceAng?: number;
  /** Number of domains; default: 2 or 3 with equal chance, as in the paper. */
  readonly domains?: 2 | 3;
}

/** A 2- or 3-domain polycrystalline sphere of `diameterAng` [Å] from fcc of lattice constant a [Å]. */
export function polycrystal(
  latticeConstantAng: number,
  diameterAng: number,
  rng: Rng,
  options: PolycrystalOptions = {},
): Particle {
  const minDistanceAng = options.minDistanceAng ?? POLYCRYSTAL_MIN_DISTANCE_ANG;
  const domains = options.domains ?? (rng.chance(0.5) ? 3 : 2);
  const r = diameterAng / 2;
  const base = fccSphere(latticeConstantAng, diameterAng).positionsAng;
  const sphere = () => rotatePositions(base, randomRotation(rng), new Float64Array(base.length));
  const first = cut(rng, r);
  let kept = new AtomList();
  const one = sphere();
  for (let i = 0; i < one.length; i += 3)
    if (side(one, i, first) < 0) kept.push(one[i], one[i + 1], one[i + 2], 0);
  kept = join(kept.toParticle({}), sphere(), first, 1, r, minDistanceAng);
  if (domains === 3) {
    const two = kept.toParticle({});
    const three = sphere();
    for (let attempt = 0; ; attempt++) {
      let second = cut(rng, r);
      while (Math.abs(dot(second.normal, first.normal)) > Math.cos(MIN_CUT_ANGLE_RAD)) second = cut(rng, r);
      const trial = new AtomList();
      for (let i = 0; i < two.positionsAng.length; i += 3)
        if (side(two.positionsAng, i, second) < 0)
          trial.push(
            two.positionsAng[i],
            two.positionsAng[i + 1],
            two.positionsAng[i + 2],
            two.domain[i / 3],
          );
      const joined = join(trial.toParticle({}), three, second, 2, r, minDistanceAng);
      const counts = [0, 0, 0];
      const result = joined.toParticle({});
      for (const d of result.domain) counts[d]++;
      if (attempt >= 50 || counts.every((c) => c >= MIN_DOMAIN_FRACTION * result.domain.length)) {
        kept = joined;
        break;
      }
    }
  }
  return kept.toParticle({ polycrystalDomains: domains, boundaryMinDistanceNm: minDistanceAng / 10 });
}

interface Cut {
  normal: [number, number, number];
  offsetAng: number;
}

/** A cut plane with a uniformly random normal at a uniformly random distance 0…r/2 from the centre. */
function cut(rng: Rng, radiusAng: number): Cut {
  const z = 2 * rng.uniform() - 1;
  const phi = 2 * Math.PI * rng.uniform();
  const s = Math.sqrt(1 - z * z);
  return { normal: [s * Math.cos(phi), s * Math.sin(phi), z], offsetAng: rng.uniform() * (radiusAng / 2) };
}

function side(p: Float64Array, i: number, c: Cut): number {
  return p[i] * c.normal[0] + p[i + 1] * c.normal[1] + p[i + 2] * c.normal[2] - c.offsetAng;
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Keeps `existing`, adds the atoms of `added` on the far side of `c` that are not too close to them. */
function join(
  existing: Particle,
  added: Float64Array,
  c: Cut,
  domain: number,
  radiusAng: number,
  minDistanceAng: number,
): AtomList {
  const size = 2 * radiusAng + 2 * minDistanceAng;
  const o = -radiusAng - minDistanceAng;
  const grid = new CellList(
    { originAng: [o, o, o], sizeAng: [size, size, size], periodic: [false, false, false] },
    minDistanceAng,
  );
  const out = new AtomList();
  const p = existing.positionsAng;
  for (let i = 0; i < p.length; i += 3) {
    grid.add(p[i], p[i + 1], p[i + 2]);
    out.push(p[i], p[i + 1], p[i + 2], existing.domain[i / 3]);
  }
  for (let i = 0; i < added.length; i += 3) {
    if (side(added, i, c) < 0) continue;
    if (grid.anyWithin(added[i], added[i + 1], added[i + 2], minDistanceAng)) continue;
    out.push(added[i], added[i + 1], added[i + 2], domain);
  }
  return out;
}
