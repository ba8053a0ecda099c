import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { FCC_ELEMENTS } from "../elements.js";
import { axisAngle, rotatePositions } from "../rotation.js";
import { decahedron, inoFacets, marksFacets } from "../shapes/decahedron.js";
import { ICOSAHEDRON_RADIAL_STRAIN, mackayAtomCount, mackayIcosahedron } from "../shapes/icosahedron.js";
import { buildParticle } from "../shapes/index.js";
import { stackingGeometry, stackingOffset, twinnedSphere } from "../shapes/twin.js";
import { minimumDistance, neighbourCounts, sameAtomSet } from "./geometry.js";

const A_AU = FCC_ELEMENTS.Au.latticeConstantAng;
const NN_AU = A_AU / Math.SQRT2;

describe("Mackay icosahedra", () => {
  it("have 13, 55, 147, 309, 561 atoms for 1–5 shells", () => {
    const counts = [1, 2, 3, 4, 5].map((n) => mackayIcosahedron(n, NN_AU).domain.length);
    expect(counts).toEqual([13, 55, 147, 309, 561]);
    expect(counts).toEqual([1, 2, 3, 4, 5].map(mackayAtomCount));
  });

  it("consist of 20 tetrahedral domains with bonds within ±2.6 % of the bulk distance", () => {
    const p = mackayIcosahedron(4, NN_AU);
    expect(new Set(p.domain).size).toBe(20);
    expect(minimumDistance(p.positionsAng) / NN_AU).toBeCloseTo(1 - ICOSAHEDRON_RADIAL_STRAIN, 6);
    // centre atom: 12 neighbours, as in bulk fcc
    expect(neighbourCounts(p.positionsAng, NN_AU * 1.1)[0]).toBe(12);
  });

  it("each domain is one tetrahedron: its atoms lie in the cone of one face, a different face per domain", () => {
    const p = mackayIcosahedron(3, NN_AU);
    const pos = p.positionsAng;
    const radius = (i: number) => Math.hypot(pos[3 * i], pos[3 * i + 1], pos[3 * i + 2]);
    const rMax = Math.max(...Array.from(p.domain, (_, i) => radius(i)));
    const vertices = Array.from(p.domain, (_, i) => i).filter((i) => radius(i) > rMax - 1e-6);
    expect(vertices).toHaveLength(12);
    const v = (i: number) => [pos[3 * i], pos[3 * i + 1], pos[3 * i + 2]];
    const dist = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    const edge = Math.min(...vertices.slice(1).map((j) => dist(v(vertices[0]), v(j))));
    const faces: number[][][] = [];
    for (const a of vertices)
      for (const b of vertices)
        for (const c of vertices)
          if (
            a < b &&
            b < c &&
            [dist(v(a), v(b)), dist(v(b), v(c)), dist(v(a), v(c))].every((d) => d < edge * 1.01)
          )
            faces.push([v(a), v(b), v(c)]);
    expect(faces).toHaveLength(20);
    // barycentric weights of point q in the cone spanned by a, b, c (Cramer's rule)
    const det = (a: number[], b: number[], c: number[]) =>
      a[0] * (b[1] * c[2] - b[2] * c[1]) -
      a[1] * (b[0] * c[2] - b[2] * c[0]) +
      a[2] * (b[0] * c[1] - b[1] * c[0]);
    const inCone = (q: number[], [a, b, c]: number[][]) => {
      const d = det(a, b, c);
      return [det(q, b, c) / d, det(a, q, c) / d, det(a, b, q) / d].every((w) => w > -1e-9);
    };
    const used = new Set<number>();
    for (let domain = 0; domain < 20; domain++) {
      const atoms = Array.from(p.domain, (_, i) => i).filter(
        (i) => p.domain[i] === domain && radius(i) > 1e-9,
      );
      const face = faces.findIndex((f) => atoms.every((i) => inCone(v(i), f)));
      expect(face).toBeGreaterThanOrEqual(0);
      used.add(face);
    }
    expect(used.size).toBe(20);
  });

  it("are chosen by the nearest equal-volume diameter", () => {
    const p = buildParticle({ shape: "icosahedron", diameterNm: 2.15 }, new Rng(1));
    expect(p.domain.length).toBe(309);
  });
});

describe("decahedra", () => {
  for (const [name, facets] of [
    ["Ino", inoFacets(3)],
    ["Marks", marksFacets(4)],
  ] as const) {
    it(`${name}: five-fold symmetric about the axis, each unit one domain`, () => {
      const p = decahedron(facets, NN_AU);
      const rotated = rotatePositions(
        p.positionsAng,
        axisAngle(0, 0, 1, (2 * Math.PI) / 5),
        new Float64Array(p.positionsAng.length),
      );
      expect(sameAtomSet(rotated, p.positionsAng, 1e-6)).toBe(true);
      // a 36° rotation is not a symmetry
      const half = rotatePositions(
        p.positionsAng,
        axisAngle(0, 0, 1, Math.PI / 5),
        new Float64Array(p.positionsAng.length),
      );
      expect(sameAtomSet(half, p.positionsAng, 1e-3)).toBe(false);
      expect(new Set(p.domain).size).toBe(5);
      // each unit is the previous one rotated by 72° (unit 0 also owns the axis atoms, so start at 1)
      const unit = (k: number) => p.positionsAng.filter((_, i) => p.domain[Math.floor(i / 3)] === k);
      for (let k = 2; k < 5; k++) {
        const u0 = Float64Array.from(unit(k - 1));
        const u1 = Float64Array.from(unit(k));
        expect(
          sameAtomSet(
            rotatePositions(u0, axisAngle(0, 0, 1, (2 * Math.PI) / 5), new Float64Array(u0.length)),
            u1,
            1e-6,
          ),
        ).toBe(true);
      }
    });
  }

  it("have nearest-neighbour distances within 2 % of bulk (the strained model)", () => {
    const p = decahedron(inoFacets(3), NN_AU).positionsAng;
    expect(minimumDistance(p) / NN_AU).toBeGreaterThan(0.999);
    const counts = neighbourCounts(p, NN_AU * 1.02);
    const mid = neighbourCounts(p, NN_AU * 1.1);
    expect(Array.from(counts)).toEqual(Array.from(mid)); // no bond between 1.02 d and 1.1 d
  });

  it("Marks notches remove atoms from the Ino shape of the same size", () => {
    expect(decahedron(marksFacets(4), NN_AU).domain.length).toBeLessThan(
      decahedron(inoFacets(4), NN_AU).domain.length,
    );
  });

  it("Ino decahedra with square {100} facets share the icosahedral magic numbers 13, 55, 147, 309", () => {
    const counts = [1, 2, 3, 4].map((n) => decahedron(inoFacets(n), NN_AU).domain.length);
    expect(counts).toEqual([13, 55, 147, 309]);
  });

  it("each decahedral unit lies in its 72° wedge between two twin planes", () => {
    const p = decahedron(marksFacets(4), NN_AU);
    for (let i = 0; i < p.domain.length; i++) {
      const [x, y] = [p.positionsAng[3 * i], p.positionsAng[3 * i + 1]];
      if (Math.hypot(x, y) < 1e-9) continue; // axis atoms are shared by all units
      // unit k owns the twin plane at 72°·(k + 1), so the plane at 0° counts as 360° (unit 4)
      let azimuth = (Math.atan2(y, x) + 2 * Math.PI) % (2 * Math.PI);
      if (azimuth < 1e-9) azimuth = 2 * Math.PI;
      const k = p.domain[i];
      expect(azimuth).toBeGreaterThan((k * 2 * Math.PI) / 5 + 1e-9);
      expect(azimuth).toBeLessThanOrEqual(((k + 1) * 2 * Math.PI) / 5 + 1e-9);
    }
  });

  it("the regular decahedron has the magic numbers 7, 23, 54", () => {
    const counts = [1, 2, 3].map((n) => decahedron({ m: n, h: n, c: n }, NN_AU).domain.length);
    expect(counts).toEqual([7, 23, 54]);
  });
});

describe("{111} twins", () => {
  const geometry = stackingGeometry(A_AU);
  const dz = geometry.layerSpacingAng;

  /** True when (x, y, z) is a site of the untwinned lattice that continues layer 0 (A) as …ABCABC…. */
  function onParentLattice(x: number, y: number, z: number): boolean {
    const k = Math.round(z / dz);
    if (Math.abs(z - k * dz) > 1e-6) return false;
    const [ox, oy] = stackingOffset(k, NN_AU);
    const j = (y - oy) / ((NN_AU * Math.sqrt(3)) / 2);
    const i = (x - ox) / NN_AU - j / 2;
    return Math.abs(j - Math.round(j)) < 1e-6 && Math.abs(i - Math.round(i)) < 1e-6;
  }

  it("the twin is the mirror image of its parent across the {111} plane", () => {
    const p = twinnedSphere(geometry, 24, [0]);
    const pos = p.positionsAng;
    let twinAtoms = 0;
    let offLattice = 0;
    for (let i = 0; i < p.domain.length; i++) {
      const [x, y, z] = [pos[3 * i], pos[3 * i + 1], pos[3 * i + 2]];
      if (p.domain[i] === 0) {
        expect(z).toBeLessThanOrEqual(1e-9);
        expect(onParentLattice(x, y, z)).toBe(true);
      } else {
        twinAtoms++;
        expect(z).toBeGreaterThan(0);
        expect(onParentLattice(x, y, -z)).toBe(true); // mirrored: a parent site
        if (!onParentLattice(x, y, z)) offLattice++; // as is: not a continuation of the parent
      }
    }
    expect(twinAtoms).toBeGreaterThan(100);
    expect(offLattice).toBeGreaterThan(twinAtoms / 2);
  });

  it("twin boundaries are coherent: interior atoms keep 12 neighbours at a/√2", () => {
    const p = twinnedSphere(geometry, 24, [-2, 1, 3]);
    expect(new Set(p.domain)).toEqual(new Set([0, 1, 2, 3]));
    const counts = neighbourCounts(p.positionsAng, NN_AU * 1.05);
    expect(minimumDistance(p.positionsAng)).toBeCloseTo(NN_AU, 9);
    for (let i = 0; i < counts.length; i++) {
      const r = Math.hypot(p.positionsAng[3 * i], p.positionsAng[3 * i + 1], p.positionsAng[3 * i + 2]);
      if (r < 12 - A_AU) expect(counts[i]).toBe(12);
    }
  });

  it("domain ids count the twin planes below each layer", () => {
    const planes = [-2, 1, 3];
    const p = twinnedSphere(geometry, 24, planes);
    for (let i = 0; i < p.domain.length; i++) {
      const k = Math.round(p.positionsAng[3 * i + 2] / dz);
      expect(p.domain[i]).toBe(planes.filter((t) => t < k).length);
    }
  });

  it("lamellar twins get as many planes as asked, at least two layers apart", () => {
    for (let seed = 0; seed < 10; seed++) {
      const p = buildParticle({ shape: "twin", diameterNm: 3, twinPlanes: 3 }, new Rng(seed));
      const layers = String(p.info.twinLayers).split(" ").map(Number);
      expect(layers).toHaveLength(3);
      for (let i = 1; i < 3; i++) expect(layers[i] - layers[i - 1]).toBeGreaterThanOrEqual(2);
      expect(new Set(p.domain).size).toBe(4);
    }
  });
});
