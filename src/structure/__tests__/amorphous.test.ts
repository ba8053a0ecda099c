import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { atomicMassU, GRAM_PER_U } from "../elements.js";
import { amorphousSphere } from "../shapes/amorphous.js";
import { buildSupport } from "../support.js";
import { minimumDistance } from "./geometry.js";

describe("amorphous particles (random sequential addition)", () => {
  it("no two atoms closer than 0.248 nm, all inside the sphere", () => {
    const p = amorphousSphere(25, new Rng(1));
    expect(minimumDistance(p.positionsAng)).toBeGreaterThanOrEqual(2.48);
    for (let i = 0; i < p.positionsAng.length; i += 3)
      expect(Math.hypot(p.positionsAng[i], p.positionsAng[i + 1], p.positionsAng[i + 2])).toBeLessThanOrEqual(
        12.5,
      );
    expect(p.domain.every((d) => d === -1)).toBe(true);
  });

  it("the interior is saturated RSA: 47.7 ± 2.5 atoms/nm³ (jamming at φ ≈ 0.384)", () => {
    // Saturated RSA of spheres of diameter σ = 2.48 Å packs φ ≈ 0.384 (Torquato et al. 2006), i.e.
    // 0.384 / (π σ³ / 6) = 47.7 atoms/nm³; ± 2.5 covers the counting noise of ~700 interior atoms.
    const r = 20;
    const p = amorphousSphere(2 * r, new Rng(2)).positionsAng;
    const inner = r - 5;
    let n = 0;
    for (let i = 0; i < p.length; i += 3) if (Math.hypot(p[i], p[i + 1], p[i + 2]) < inner) n++;
    const density = n / (((4 / 3) * Math.PI * inner ** 3) / 1000);
    expect(density).toBeGreaterThan(45.2);
    expect(density).toBeLessThan(50.2);
  });

  it("reports its density over the sphere: above the interior (denser surface layer), below crystal", () => {
    // Centres at the surface have no neighbours outside, so the outermost layer packs denser than the
    // interior; the whole sphere stays below crystalline gold's 59 atoms/nm³.
    const p = amorphousSphere(30, new Rng(3));
    const density = Number(p.info.densityAtomsPerNm3);
    expect(density).toBeCloseTo(p.domain.length / ((Math.PI / 6) * 27), 6);
    expect(density).toBeGreaterThan(47.7);
    expect(density).toBeLessThan(59);
  });
});

describe("amorphous supports", () => {
  const support = buildSupport({ species: "C", thicknessAng: 20, widthXAng: 40, widthYAng: 40 }, new Rng(4));

  it("no pair closer than 0.160 nm, across the periodic x/y boundaries too", () => {
    const p = support.positionsAng;
    expect(minimumDistance(p, { periodXY: [40, 40] })).toBeGreaterThanOrEqual(1.6);
    // atoms do reach the edges, so the periodic check is not vacuous
    let nearEdge = 0;
    for (let i = 0; i < p.length; i += 3) if (p[i] < 0.8 || p[i] > 39.2) nearEdge++;
    expect(nearEdge).toBeGreaterThan(20);
  });

  it("carbon film density within 5 % of 2.0 g/cm³", () => {
    const n = support.positionsAng.length / 3;
    const grams = n * atomicMassU(6) * GRAM_PER_U;
    const density = grams / (40 * 40 * 20 * 1e-24);
    expect(Math.abs(density / 2.0 - 1)).toBeLessThan(0.05);
    expect(support.densityGPerCm3).toBeCloseTo(density, 9);
  });

  it("atoms fill the slab: inside the cell laterally and within the thickness", () => {
    const p = support.positionsAng;
    for (let i = 0; i < p.length; i += 3) {
      expect(p[i]).toBeGreaterThanOrEqual(0);
      expect(p[i]).toBeLessThan(40);
      expect(p[i + 2]).toBeGreaterThanOrEqual(0);
      expect(p[i + 2]).toBeLessThanOrEqual(20);
    }
  });

  it("the silicon variant keeps the positions and swaps the species", () => {
    const si = buildSupport({ species: "Si", thicknessAng: 20, widthXAng: 40, widthYAng: 40 }, new Rng(4));
    expect(si.positionsAng).toEqual(support.positionsAng);
    expect(si.z).toBe(14);
    expect(support.z).toBe(6);
  });

  it("an unreachable density is a clear input error", () => {
    expect(() =>
      buildSupport(
        { species: "C", thicknessAng: 10, widthXAng: 20, widthYAng: 20, carbonDensityGPerCm3: 6 },
        new Rng(5),
      ),
    ).toThrow(/cannot be reached/);
  });
});
