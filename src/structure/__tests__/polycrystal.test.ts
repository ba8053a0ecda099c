import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { FCC_ELEMENTS } from "../elements.js";
import { polycrystal } from "../shapes/polycrystal.js";
import { minimumDistance } from "./geometry.js";

const A_AU = FCC_ELEMENTS.Au.latticeConstantAng;

describe("polycrystals (the paper's recipe)", () => {
  const particles = Array.from({ length: 40 }, (_, seed) => polycrystal(A_AU, 20, new Rng(["poly", seed])));

  it("have 2 or 3 domains, both occurring about equally often", () => {
    const counts = particles.map((p) => new Set(p.domain).size);
    expect(counts.every((c) => c === 2 || c === 3)).toBe(true);
    const three = counts.filter((c) => c === 3).length;
    // binomial(40, 0.5): 8…32 holds with probability > 0.9999
    expect(three).toBeGreaterThanOrEqual(8);
    expect(three).toBeLessThanOrEqual(32);
  });

  it("no pair across a boundary is closer than 0.22 nm", () => {
    for (const p of particles.slice(0, 12)) {
      const across = minimumDistance(p.positionsAng, { pair: (i, j) => p.domain[i] !== p.domain[j] });
      expect(across).toBeGreaterThanOrEqual(2.2);
    }
  });

  it("each domain is a perfect fcc crystal (nearest neighbours at a/√2)", () => {
    const p = particles[0];
    const within = minimumDistance(p.positionsAng, { pair: (i, j) => p.domain[i] === p.domain[j] });
    expect(within).toBeCloseTo(A_AU / Math.SQRT2, 9);
  });

  it("honours a set boundary distance and domain count", () => {
    const p = polycrystal(A_AU, 20, new Rng(7), { domains: 3, minDistanceAng: 2.6 });
    expect(new Set(p.domain).size).toBe(3);
    expect(
      minimumDistance(p.positionsAng, { pair: (i, j) => p.domain[i] !== p.domain[j] }),
    ).toBeGreaterThanOrEqual(2.6);
  });
});
