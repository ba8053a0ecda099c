import { describe, expect, it } from "vitest";
import { FCC_ELEMENTS } from "../elements.js";
import { equivalentDiameterAng, nearestNeighbourAng } from "../lattice.js";
import { fccSphere } from "../shapes/sphere.js";
import { presetFacets, presetFacetsForDiameter, wulffPolyhedron, wulffVolumeAng3 } from "../shapes/wulff.js";
import { minimumDistance, neighbourCounts } from "./geometry.js";

const A_AU = FCC_ELEMENTS.Au.latticeConstantAng;
const NN_AU = A_AU / Math.SQRT2;

describe("fcc lattice", () => {
  it("gold's nearest-neighbour distance is a/√2 = 0.2884 nm", () => {
    expect(nearestNeighbourAng(A_AU) / 10).toBeCloseTo(0.2884, 4);
    const sphere = fccSphere(A_AU, 20);
    expect(minimumDistance(sphere.positionsAng)).toBeCloseTo(NN_AU, 9);
  });

  it("interior atoms of a sphere have exactly 12 nearest neighbours", () => {
    const p = fccSphere(A_AU, 20).positionsAng;
    const counts = neighbourCounts(p, NN_AU * 1.05);
    const second = neighbourCounts(p, A_AU * 1.05); // the 6 second neighbours at a join in
    let interior = 0;
    for (let i = 0; i < counts.length; i++) {
      const r = Math.hypot(p[3 * i], p[3 * i + 1], p[3 * i + 2]);
      if (r < 10 - A_AU) {
        interior++;
        expect(counts[i]).toBe(12);
        expect(second[i]).toBe(18);
      }
    }
    expect(interior).toBeGreaterThan(50);
  });

  it("every element uses the lattice constant of physics.md §7", () => {
    expect(FCC_ELEMENTS.Ag.latticeConstantAng).toBe(4.0853);
    expect(FCC_ELEMENTS.Pt.latticeConstantAng).toBe(3.9242);
    expect(FCC_ELEMENTS.Pd.latticeConstantAng).toBe(3.8907);
    expect(FCC_ELEMENTS.Cu.latticeConstantAng).toBe(3.6149);
  });

  it("a large sphere holds as many atoms as bulk density predicts", () => {
    const d = 40;
    const n = fccSphere(A_AU, d).domain.length;
    expect(equivalentDiameterAng(n, A_AU) / d).toBeGreaterThan(0.97);
    expect(equivalentDiameterAng(n, A_AU) / d).toBeLessThan(1.03);
  });
});

describe("{100}/{111} polyhedra", () => {
  const h = A_AU / 2;

  it("closed-shell cuboctahedra have 13, 55, 147, 309 atoms", () => {
    const counts = [1, 2, 3, 4].map(
      (n) => wulffPolyhedron(A_AU, presetFacets("cuboctahedron", n * h)).domain.length,
    );
    expect(counts).toEqual([13, 55, 147, 309]);
  });

  it("a cube's surface atoms all lie on its six {100} planes, each populated", () => {
    const d100 = 4 * h;
    const p = wulffPolyhedron(A_AU, presetFacets("cube", d100)).positionsAng;
    const counts = neighbourCounts(p, NN_AU * 1.05);
    const faces = new Set<string>();
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 12) continue;
      const c = [p[3 * i], p[3 * i + 1], p[3 * i + 2]];
      const on = c.flatMap((v, axis) =>
        Math.abs(Math.abs(v) - d100) < 1e-9 ? [`${axis}${Math.sign(v)}`] : [],
      );
      expect(on.length).toBeGreaterThan(0);
      for (const f of on) faces.add(f);
    }
    expect(faces.size).toBe(6);
  });

  it("an octahedron's surface atoms all lie on its eight {111} planes, each populated", () => {
    const L = 8 * h;
    const p = wulffPolyhedron(A_AU, presetFacets("octahedron", L)).positionsAng;
    const counts = neighbourCounts(p, NN_AU * 1.05);
    const faces = new Set<string>();
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 12) continue;
      const c = [p[3 * i], p[3 * i + 1], p[3 * i + 2]];
      expect(Math.abs(c[0]) + Math.abs(c[1]) + Math.abs(c[2])).toBeCloseTo(L, 9);
      // a vertex or edge atom lies on several facets; record the facets of atoms off the edges
      if (c.every((v) => Math.abs(v) > 1e-9)) faces.add(c.map(Math.sign).join(""));
    }
    expect(faces.size).toBe(8);
  });

  it("a truncated octahedron shows both {100} and {111} facets", () => {
    // d100 = 4·a/2 puts the {111} facets at |x|+|y|+|z| = 6·a/2, an occupied {111} lattice plane
    const d100 = 4 * h;
    const facets = presetFacets("truncated-octahedron", d100);
    const p = wulffPolyhedron(A_AU, facets).positionsAng;
    const counts = neighbourCounts(p, NN_AU * 1.05);
    let on100 = 0;
    let on111 = 0;
    for (let i = 0; i < counts.length; i++) {
      if (counts[i] === 12) continue;
      const c = [p[3 * i], p[3 * i + 1], p[3 * i + 2]].map(Math.abs);
      const a100 = Math.abs(Math.max(...c) - d100) < 1e-9;
      const a111 = Math.abs(c[0] + c[1] + c[2] - Math.sqrt(3) * facets.d111Ang) < 1e-9;
      expect(a100 || a111).toBe(true);
      if (a100) on100++;
      if (a111) on111++;
    }
    expect(on100).toBeGreaterThan(0);
    expect(on111).toBeGreaterThan(0);
  });

  it("polyhedron volumes follow the closed forms (cube 8, cuboctahedron 20/3, octahedron 4/3 of d³)", () => {
    expect(wulffVolumeAng3(presetFacets("cube", 1))).toBeCloseTo(8, 12);
    expect(wulffVolumeAng3(presetFacets("cuboctahedron", 1))).toBeCloseTo(20 / 3, 12);
    expect(wulffVolumeAng3(presetFacets("octahedron", 1))).toBeCloseTo(4 / 3, 12);
    expect(wulffVolumeAng3(presetFacets("truncated-octahedron", 1))).toBeCloseTo(4, 12);
  });

  it("a polyhedron sized by diameter holds about as many atoms as the equal sphere", () => {
    for (const preset of ["cube", "octahedron", "cuboctahedron", "truncated-octahedron"] as const) {
      const n = wulffPolyhedron(A_AU, presetFacetsForDiameter(preset, 40)).domain.length;
      expect(equivalentDiameterAng(n, A_AU) / 40).toBeGreaterThan(0.9);
      expect(equivalentDiameterAng(n, A_AU) / 40).toBeLessThan(1.1);
    }
  });
});
