import { describe, expect, it } from "vitest";
import { NanocrystError, Rng } from "../../core/index.js";
import { formatStructure } from "../formats/index.js";
import { STRUCTURE_SHAPES } from "../shapes/index.js";
import { buildSpecimen, LATERAL_MARGIN_NM, VACUUM_NM } from "../specimen.js";
import { REGION, type Structure } from "../structure.js";

function extent(s: Structure, region: number, axis: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < s.region.length; i++) {
    if (s.region[i] !== region) continue;
    lo = Math.min(lo, s.positionsAng[3 * i + axis]);
    hi = Math.max(hi, s.positionsAng[3 * i + axis]);
  }
  return [lo, hi];
}

describe("specimens: particle on support in a cubic cell", () => {
  for (const shape of STRUCTURE_SHAPES) {
    it(`${shape}: centred, inside the cell with margins, resting on the support with a 0.25 nm gap`, () => {
      const s = buildSpecimen({ shape, diameterNm: 2, supportThicknessNm: 1.5 }, new Rng(["spec", shape]));
      const L = s.cellAng.x;
      expect(s.cellAng).toEqual({ x: 60, y: 60, z: 60 });
      const nParticle = Number(s.info.particleAtoms);
      expect(s.region.filter((r) => r === REGION.particle).length).toBe(nParticle);
      for (let i = 0; i < s.region.length; i++) {
        if (s.region[i] === REGION.particle) {
          expect(s.numbers[i]).toBe(79);
          expect(s.domain[i]).toBeGreaterThanOrEqual(shape === "amorphous" ? -1 : 0);
        } else {
          expect(s.numbers[i]).toBe(6);
          expect(s.domain[i]).toBe(-1);
        }
      }
      for (const axis of [0, 1]) {
        const [lo, hi] = extent(s, REGION.particle, axis);
        expect(lo).toBeGreaterThanOrEqual(LATERAL_MARGIN_NM * 10);
        expect(hi).toBeLessThanOrEqual(L - LATERAL_MARGIN_NM * 10);
        const [slo, shi] = extent(s, REGION.support, axis);
        expect(slo).toBeGreaterThanOrEqual(0);
        expect(shi).toBeLessThan(L);
      }
      let cx = 0;
      let cy = 0;
      for (let i = 0; i < nParticle; i++) {
        cx += s.positionsAng[3 * i] / nParticle;
        cy += s.positionsAng[3 * i + 1] / nParticle;
      }
      expect(cx).toBeCloseTo(L / 2, 9);
      expect(cy).toBeCloseTo(L / 2, 9);
      const [pzLo, pzHi] = extent(s, REGION.particle, 2);
      const [szLo, szHi] = extent(s, REGION.support, 2);
      // entrance side: particle upstream (smaller z); the gap is 0.25 nm to the support surface plane
      expect(szLo - pzHi).toBeGreaterThanOrEqual(2.5 - 1e-9);
      expect(szLo - pzHi).toBeLessThan(3.0);
      expect(pzLo).toBeGreaterThanOrEqual(VACUUM_NM * 10 - 1e-9);
      expect(szHi).toBeLessThanOrEqual(s.cellAng.z - VACUUM_NM * 10 + 1e-9);
    });
  }

  it("exit side puts the particle downstream of the support", () => {
    const s = buildSpecimen({ shape: "sphere", diameterNm: 2, particleSide: "exit" }, new Rng(1));
    const [, szHi] = extent(s, REGION.support, 2);
    const [pzLo] = extent(s, REGION.particle, 2);
    expect(pzLo - szHi).toBeGreaterThanOrEqual(2.5 - 1e-9);
    expect(pzLo - szHi).toBeLessThan(3.0);
  });

  it("the cell grows along z only when particle + support + vacuum need it (3 nm on 3 nm in 6 nm)", () => {
    const s = buildSpecimen({ shape: "sphere", diameterNm: 3, supportThicknessNm: 3 }, new Rng(2));
    expect(s.cellAng.x).toBe(60);
    expect(s.cellAng.y).toBe(60);
    expect(s.cellAng.z).toBeGreaterThan(60);
    const [pzLo] = extent(s, REGION.particle, 2);
    const [, szHi] = extent(s, REGION.support, 2);
    expect(pzLo).toBeCloseTo(VACUUM_NM * 10, 6);
    expect(s.cellAng.z - szHi).toBeGreaterThanOrEqual(VACUUM_NM * 10 - 1e-9);
  });

  it("the silicon support has the same positions as the carbon one for the same seed", () => {
    const c = buildSpecimen({ shape: "sphere", diameterNm: 2, support: "C" }, new Rng(3));
    const si = buildSpecimen({ shape: "sphere", diameterNm: 2, support: "Si" }, new Rng(3));
    expect(si.positionsAng).toEqual(c.positionsAng);
    expect(si.numbers.filter((z) => z === 14).length).toBe(c.numbers.filter((z) => z === 6).length);
  });

  it("same seed → identical bytes; different seeds → different structures", () => {
    const options = { shape: "polycrystal", diameterNm: 2 } as const;
    const a = formatStructure(buildSpecimen(options, new Rng(9)), "xyz");
    const b = formatStructure(buildSpecimen(options, new Rng(9)), "xyz");
    const c = formatStructure(buildSpecimen(options, new Rng(10)), "xyz");
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("no support: a free particle centred in the cell", () => {
    const s = buildSpecimen({ shape: "icosahedron", diameterNm: 2, support: "none" }, new Rng(4));
    expect(s.region.every((r) => r === REGION.particle)).toBe(true);
    const [lo, hi] = extent(s, REGION.particle, 2);
    expect((lo + hi) / 2).toBeCloseTo(30, 6);
  });

  it("a particle that does not fit laterally is an input error naming the sizes", () => {
    const build = () => buildSpecimen({ shape: "sphere", diameterNm: 5.5, boxNm: 6 }, new Rng(5));
    expect(build).toThrow(NanocrystError);
    expect(build).toThrow(/does not fit in a 6 nm cell.*--box/);
  });

  it("shrinkToFit rebuilds a polyhedron too large for the cell from the same draws, smaller until it fits", () => {
    // an octahedron spans √2 · its edge, ≈ 1.4 times its diameter: one of 4.2 nm spans 5.7 nm, and with
    // 0.5 nm to each edge does not fit a 6 nm cell
    const options = { shape: "octahedron", diameterNm: 4.2, boxNm: 6, support: "none" } as const;
    expect(() => buildSpecimen(options, new Rng(6))).toThrow(/does not fit in a 6 nm cell/);
    const shrunk = buildSpecimen({ ...options, shrinkToFit: true }, new Rng(6));
    const built = shrunk.info.diameterNm as number;
    expect(built).toBeLessThan(4.2);
    expect(built).toBeGreaterThan(3.2);
    const [lo, hi] = extent(shrunk, REGION.particle, 0);
    expect(hi - lo + 2 * 10 * LATERAL_MARGIN_NM).toBeLessThanOrEqual(60);
    // a particle that fits is built exactly as without the option: the same atoms and info
    const sphere = { shape: "sphere", diameterNm: 3, boxNm: 6 } as const;
    const plain = buildSpecimen(sphere, new Rng(7));
    const same = buildSpecimen({ ...sphere, shrinkToFit: true }, new Rng(7));
    expect(same.positionsAng).toEqual(plain.positionsAng);
    expect(same.info).toEqual(plain.info);
  });
});
