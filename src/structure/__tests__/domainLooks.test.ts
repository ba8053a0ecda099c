import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { projectedDomainLooks } from "../domainLooks.js";
import { domainRotations } from "../domainOrientation.js";
import { ALL_FRINGE_FAMILIES, visibleReflections } from "../fringes.js";
import { axisAngle, type Mat3, multiply, randomRotation, rotatePositions } from "../rotation.js";
import { fccSphere } from "../shapes/sphere.js";
import { stackingGeometry, twinnedSphere } from "../shapes/twin.js";
import { REGION, type Structure } from "../structure.js";

const AU_ANG = 4.0782;
const AU_NM = AU_ANG / 10;
const DIAMETER_NM = 3;

/** The rotation whose rows are the given crystal directions (normalised; the last one along the beam). */
const rows = (...r: number[][]): Mat3 =>
  Float64Array.from(r.flatMap((v) => v.map((x) => x / Math.hypot(...v))));
const ZONE_011 = rows([1, 0, 0], [0, 1, -1], [0, 1, 1]);
const ZONE_001 = rows([1, 0, 0], [0, 1, 0], [0, 0, 1]);
const ZONE_127 = rows([2, -1, 0], [7, 14, -5], [1, 2, 7]);

function structureOf(positionsAng: Float64Array, domain: Int16Array): Structure {
  const n = domain.length;
  return {
    cellAng: { x: 60, y: 60, z: 60 },
    numbers: new Uint8Array(n).fill(79),
    positionsAng,
    region: new Uint8Array(n).fill(REGION.particle),
    domain,
    info: {},
  };
}

/** A gold sphere whose atoms with x < cutAng come from a crystal in `left`, the others from one in `right`. */
function bicrystal(left: Mat3, right: Mat3, cutAng = 0): Structure {
  const base = fccSphere(AU_ANG, DIAMETER_NM * 10).positionsAng;
  const a = rotatePositions(base, left, new Float64Array(base.length));
  const b = rotatePositions(base, right, new Float64Array(base.length));
  const positions: number[] = [];
  const domains: number[] = [];
  for (let i = 0; i < base.length; i += 3) {
    if (a[i] < cutAng) {
      positions.push(a[i], a[i + 1], a[i + 2]);
      domains.push(0);
    }
    if (b[i] >= cutAng + 1) {
      positions.push(b[i], b[i + 1], b[i + 2]);
      domains.push(1);
    }
  }
  return structureOf(Float64Array.from(positions), Int16Array.from(domains));
}

/** A microscope whose information limit is 0.13 nm: the finer families (≤ 0.123 nm) do not pass. */
const upTo013 = (gx: number, gy: number) => Math.hypot(gx, gy) < 1 / 0.13;
const looks = (s: Structure, pixelSizeNm = 0.02, transmits?: (gx: number, gy: number) => boolean) =>
  projectedDomainLooks(s, { latticeConstantNm: AU_NM, diameterNm: DIAMETER_NM, pixelSizeNm, transmits })
    .distinct;
const seen = (r: Mat3, transmits?: (gx: number, gy: number) => boolean) =>
  visibleReflections({
    rotation: r,
    latticeConstantNm: AU_NM,
    diameterNm: DIAMETER_NM,
    pixelSizeNm: 0.02,
    families: ALL_FRINGE_FAMILIES,
    transmits,
  });
const domainsWithFringes = (s: Structure, transmits?: (gx: number, gy: number) => boolean) =>
  projectedDomainLooks(s, { latticeConstantNm: AU_NM, diameterNm: DIAMETER_NM, pixelSizeNm: 0.02, transmits })
    .withFringes;

describe("crystal domain orientations read from the atoms", () => {
  it("recover a random rotation up to the cube's symmetry: Rfitᵀ·R is a signed permutation", () => {
    const rng = new Rng("domain-orientation");
    for (let trial = 0; trial < 5; trial++) {
      const rotation = randomRotation(rng);
      const p = rotatePositions(fccSphere(AU_ANG, 20).positionsAng, rotation);
      const fitted = domainRotations(structureOf(p, new Int16Array(p.length / 3)), AU_ANG).get(0);
      expect(fitted).toBeDefined();
      const fittedT = Float64Array.from([0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => fitted![3 * c + r])));
      for (const v of multiply(fittedT, rotation))
        expect(Math.min(Math.abs(v), Math.abs(Math.abs(v) - 1))).toBeLessThan(1e-9);
    }
  });
});

describe("domains an image can tell apart", () => {
  it("a single crystal is one look, whatever its orientation", () => {
    expect(looks(bicrystal(ZONE_011, ZONE_011))).toBe(1);
    expect(looks(bicrystal(ZONE_127, ZONE_127))).toBe(1);
  });

  it("two domains with different fringes side by side are two", () => {
    expect(looks(bicrystal(ZONE_011, ZONE_001))).toBe(2);
    // the same zone turned 30° about the beam: the same families, at other angles
    expect(looks(bicrystal(ZONE_011, multiply(axisAngle(0, 0, 1, Math.PI / 6), ZONE_011)))).toBe(2);
  });

  it("two domains that both show no fringes look like one crystal", () => {
    const off = multiply(axisAngle(0, 0, 1, 1), ZONE_127);
    expect(seen(ZONE_127, upTo013)).toEqual([]);
    expect(seen(off, upTo013)).toEqual([]);
    expect(looks(bicrystal(ZONE_127, off), 0.02, upTo013)).toBe(1);
    // a microscope that passes the finer fringes shows [127]'s ±(1 3 −1) and ±(4 −2 0): (1 3 −1)·(1 2 7) = 0
    expect(seen(ZONE_127).map((g) => g.family)).toEqual(["311", "311", "420", "420"]);
    expect(looks(bicrystal(ZONE_127, off))).toBe(2);
  });

  it("fringes finer than two pixels do not tell domains apart", () => {
    // [001] shows 200 and 220 (and finer); at 0.11 nm/px none is sampled (d200 = 0.204 nm), as [127] shows none
    expect(looks(bicrystal(ZONE_001, ZONE_127), 0.02, upTo013)).toBe(2);
    expect(looks(bicrystal(ZONE_001, ZONE_127), 0.11)).toBe(1);
  });

  it("a second domain with less than (2·d111)² of projected area to itself is not seen", () => {
    // a cap cut 1.35 nm from the centre of a 1.5 nm radius: ≈ 0.16 nm² of projection, below 0.22 nm²
    expect(looks(bicrystal(ZONE_011, ZONE_001, 13.5))).toBe(1);
    expect(looks(bicrystal(ZONE_011, ZONE_001, 8))).toBe(2);
  });

  it("a twin: two looks seen along the twin plane, one crystal's with the lamellae stacked along the beam", () => {
    const twin = twinnedSphere(stackingGeometry(AU_ANG), DIAMETER_NM * 10, [0]);
    const stacked = structureOf(Float64Array.from(twin.positionsAng), twin.domain);
    // the rim may belong to one lamella; no column shows the second one alone
    expect(looks(stacked)).toBeLessThan(2);
    // the builder stacks {111} along z with a ⟨110⟩ along x: turn x onto the beam
    const edgeOn = rotatePositions(Float64Array.from(twin.positionsAng), axisAngle(0, 1, 0, -Math.PI / 2));
    expect(looks(structureOf(edgeOn, twin.domain))).toBe(2);
  });

  it("counts the domains whose lattice shows at all, told apart or not", () => {
    const off = multiply(axisAngle(0, 0, 1, 1), ZONE_127);
    // neither half shows fringes through a 0.13 nm information limit: nothing tells it from an amorphous particle
    expect(domainsWithFringes(bicrystal(ZONE_127, off), upTo013)).toBe(0);
    expect(domainsWithFringes(bicrystal(ZONE_011, off), upTo013)).toBe(1);
    expect(domainsWithFringes(bicrystal(ZONE_011, ZONE_001), upTo013)).toBe(2);
    // lamellae stacked along [111] both show their {220} fringes, one over the other
    const twin = twinnedSphere(stackingGeometry(AU_ANG), DIAMETER_NM * 10, [0]);
    expect(domainsWithFringes(structureOf(Float64Array.from(twin.positionsAng), twin.domain), upTo013)).toBe(
      2,
    );
  });
});
