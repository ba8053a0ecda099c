import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { buildSpecimen, REGION } from "../../structure/index.js";
import { orientParticle, ZONE_AXES, type ZoneAxisName, zoneAxisRotation } from "../zoneAxis.js";

function apply(m: Float64Array, v: readonly number[]): number[] {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [0, 1, 2].map((r) => (m[3 * r] * v[0] + m[3 * r + 1] * v[1] + m[3 * r + 2] * v[2]) / n);
}

function zExtent(s: ReturnType<typeof buildSpecimen>, region: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let a = 0; a < s.numbers.length; a++) {
    if (s.region[a] !== region) continue;
    lo = Math.min(lo, s.positionsAng[3 * a + 2]);
    hi = Math.max(hi, s.positionsAng[3 * a + 2]);
  }
  return [lo, hi];
}

describe("near-zone-axis orientations", () => {
  it("puts the chosen crystal direction on the beam, tilted by exactly the requested angle", () => {
    for (const axis of Object.keys(ZONE_AXES) as ZoneAxisName[]) {
      for (const tiltDeg of [0, 3]) {
        const m = zoneAxisRotation(axis, tiltDeg, new Rng([axis, tiltDeg]));
        const beam = apply(m, ZONE_AXES[axis]);
        expect((Math.acos(Math.min(1, beam[2])) * 180) / Math.PI).toBeCloseTo(tiltDeg, 6);
        // A rotation: determinant 1.
        const det =
          m[0] * (m[4] * m[8] - m[5] * m[7]) -
          m[1] * (m[3] * m[8] - m[5] * m[6]) +
          m[2] * (m[3] * m[7] - m[4] * m[6]);
        expect(det).toBeCloseTo(1, 10);
      }
    }
  });

  it("keeps the particle's support-side face, the support and the vacuum when turning a particle", () => {
    for (const side of ["entrance", "exit"] as const) {
      const built = buildSpecimen(
        {
          shape: "cube",
          diameterNm: 2.5,
          support: "C",
          supportThicknessNm: 1.5,
          randomOrientation: false,
          particleSide: side,
        },
        new Rng(["cube", side]),
      );
      const turned = orientParticle(built, zoneAxisRotation("111", 0, new Rng(side)), side);
      const [pLo, pHi] = zExtent(built, REGION.particle);
      const [tLo, tHi] = zExtent(turned, REGION.particle);
      const lift = zExtent(turned, REGION.support)[0] - zExtent(built, REGION.support)[0];
      if (side === "entrance") expect(tHi - lift).toBeCloseTo(pHi, 6);
      else expect(tLo - lift).toBeCloseTo(pLo, 6);
      // A cube seen along [111] is taller than along [001]: the cell grows instead of wrapping atoms.
      expect(tHi - tLo).toBeGreaterThan(pHi - pLo);
      const [allLo, allHi] = [
        Math.min(tLo, zExtent(turned, REGION.support)[0]),
        Math.max(tHi, zExtent(turned, REGION.support)[1]),
      ];
      expect(allLo).toBeGreaterThanOrEqual(5 - 1e-9);
      expect(turned.cellAng.z - allHi).toBeGreaterThanOrEqual(5 - 1e-9);
    }
  });
});
