import { describe, expect, it } from "vitest";
import { visibleFringeFamilies, visibleReflections } from "../fringes.js";
import { axisAngle, type Mat3 } from "../rotation.js";

const AU_NM = 0.40782;
/** The rotation whose rows are the given orthonormal crystal directions (the last one along the beam). */
const rows = (...r: number[][]): Mat3 =>
  Float64Array.from(r.flatMap((v) => v.map((x) => x / Math.hypot(...v))));
const see = (rotation: Mat3, diameterNm = 3, pixelSizeNm = 0.02) =>
  visibleFringeFamilies({ rotation, latticeConstantNm: AU_NM, diameterNm, pixelSizeNm });

describe("lattice fringes an fcc particle can show", () => {
  it("along the low-index zone axes: [001] shows 200 and 220, [011] all three, [111] only 220", () => {
    expect(see(rows([1, 0, 0], [0, 1, 0], [0, 0, 1]))).toEqual(["200", "220"]);
    expect(see(rows([1, 0, 0], [0, 1, -1], [0, 1, 1]))).toEqual(["111", "200", "220"]);
    expect(see(rows([1, -1, 0], [1, 1, -2], [1, 1, 1]))).toEqual(["220"]);
  });

  it("tilted off [001] towards [1-10]: 200 stays while √2·sinθ/a < 0.795/D (θ < 4.38° for 3 nm of gold)", () => {
    // b = (sinθ/√2, −sinθ/√2, cosθ): the 220 reflection (2,2,0) stays exactly in the zero-order Laue zone
    const tilted = (deg: number) => {
      const t = (deg * Math.PI) / 180;
      const turn = axisAngle(1 / Math.SQRT2, 1 / Math.SQRT2, 0, t);
      // rows of Rᵀ = columns of the turn: the beam's crystal direction is the turned ẑ
      return Float64Array.from([0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => turn[c * 3 + r])));
    };
    const beamAt4 = tilted(4);
    expect(Math.abs(beamAt4[6] + beamAt4[7])).toBeLessThan(1e-12);
    expect(see(tilted(4))).toEqual(["200", "220"]);
    expect(see(tilted(5))).toEqual(["220"]);
    // a thinner particle has a longer shape transform along the beam: 1.5 nm keeps 200 at 5° (θ < 8.8°)
    expect(see(tilted(5), 1.5)).toEqual(["200", "220"]);
  });

  it("drops families whose spacing spans fewer than two pixels", () => {
    const zone011 = rows([1, 0, 0], [0, 1, -1], [0, 1, 1]);
    // d220 = 0.144 nm, d200 = 0.204 nm, d111 = 0.235 nm
    expect(see(zone011, 3, 0.08)).toEqual(["111", "200"]);
    expect(see(zone011, 3, 0.11)).toEqual(["111"]);
    expect(see(zone011, 3, 0.12)).toEqual([]);
  });

  it("finer families when asked for, limited by what the microscope transmits", () => {
    const zone001 = rows([1, 0, 0], [0, 1, 0], [0, 0, 1]);
    const families = ["111", "200", "220", "311", "222", "400", "331", "420"] as const;
    const all = visibleFringeFamilies({
      rotation: zone001,
      latticeConstantNm: AU_NM,
      diameterNm: 3,
      pixelSizeNm: 0.02,
      families,
    });
    // along [001] only hk0 reflections lie in the zero-order Laue zone: 200, 220, 400 (0.102 nm), 420 (0.091 nm)
    expect(all).toEqual(["200", "220", "400", "420"]);
    // an information limit of 0.11 nm (|g| < 9.1 nm⁻¹) keeps 200 and 220 only
    const limited = visibleReflections({
      rotation: zone001,
      latticeConstantNm: AU_NM,
      diameterNm: 3,
      pixelSizeNm: 0.02,
      families,
      transmits: (gx, gy) => Math.hypot(gx, gy) < 1 / 0.11,
    });
    expect([...new Set(limited.map((g) => g.family))]).toEqual(["200", "220"]);
    // each reflection once, ±g both: 200 has four in this zone, 220 four
    expect(limited.length).toBe(8);
    for (const g of limited)
      expect(
        Math.abs(Math.hypot(g.gx, g.gy) * AU_NM - (g.family === "200" ? 2 : Math.SQRT2 * 2)),
      ).toBeLessThan(1e-12);
  });
});
