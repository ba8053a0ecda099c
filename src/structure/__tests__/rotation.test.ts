import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { multiply, randomRotation, rotationAngle } from "../rotation.js";

/** Kolmogorov–Smirnov statistic of samples against a distribution function. */
function ksStatistic(samples: number[], cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  let d = 0;
  sorted.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / sorted.length), Math.abs(f - (i + 1) / sorted.length));
  });
  return d;
}

describe("uniformly random orientations", () => {
  const n = 20000;
  const rng = new Rng("orientations");
  const rotations = Array.from({ length: n }, () => randomRotation(rng));
  // critical KS distance at significance 0.001: 1.95 / √n
  const critical = 1.95 / Math.sqrt(n);

  it("are proper rotations (orthogonal, determinant 1)", () => {
    for (const m of rotations.slice(0, 100)) {
      const t = Float64Array.from([m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]]);
      const p = multiply(m, t);
      for (const [i, v] of [1, 0, 0, 0, 1, 0, 0, 0, 1].entries()) expect(p[i]).toBeCloseTo(v, 12);
      const det =
        m[0] * (m[4] * m[8] - m[5] * m[7]) -
        m[1] * (m[3] * m[8] - m[5] * m[6]) +
        m[2] * (m[3] * m[7] - m[4] * m[6]);
      expect(det).toBeCloseTo(1, 12);
    }
  });

  it("the rotated z axis is uniform on the sphere (cos θ and φ uniform)", () => {
    const cosTheta = rotations.map((m) => m[8]);
    const phi = rotations.map((m) => Math.atan2(m[5], m[2]));
    expect(ksStatistic(cosTheta, (c) => (c + 1) / 2)).toBeLessThan(critical);
    expect(ksStatistic(phi, (p) => (p + Math.PI) / (2 * Math.PI))).toBeLessThan(critical);
  });

  it("the rotation angle ω has density (1 − cos ω)/π (Haar measure on SO(3))", () => {
    const omega = rotations.map(rotationAngle);
    expect(ksStatistic(omega, (w) => (w - Math.sin(w)) / Math.PI)).toBeLessThan(critical);
    // a uniform angle would fail the same test
    expect(ksStatistic(omega, (w) => w / Math.PI)).toBeGreaterThan(critical);
  });
});
