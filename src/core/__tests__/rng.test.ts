import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";

describe("Rng", () => {
  it("gives the same stream for the same key and different streams for different keys", () => {
    const a = new Rng(["poly", 7, 3]);
    const b = new Rng(["poly", 7, 3]);
    const c = new Rng(["poly", 7, 4]);
    const da = Array.from({ length: 8 }, () => a.nextUint32());
    const db = Array.from({ length: 8 }, () => b.nextUint32());
    const dc = Array.from({ length: 8 }, () => c.nextUint32());
    expect(da).toEqual(db);
    expect(da).not.toEqual(dc);
  });

  it("draws uniforms with mean 1/2 and variance 1/12", () => {
    const rng = new Rng(1);
    const n = 200_000;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sum2 += u * u;
    }
    const mean = sum / n;
    // standard error of the mean is sqrt(1/12/n) ≈ 6.5e-4
    expect(Math.abs(mean - 0.5)).toBeLessThan(4e-3);
    expect(Math.abs(sum2 / n - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });

  it("draws standard normals with mean 0, variance 1 and kurtosis 3", () => {
    const rng = new Rng("normal");
    const n = 200_000;
    let s1 = 0;
    let s2 = 0;
    let s4 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s1 += x;
      s2 += x * x;
      s4 += x ** 4;
    }
    expect(Math.abs(s1 / n)).toBeLessThan(0.01);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.1);
  });

  it.each([0.5, 4, 29, 31, 150, 5000])(
    "draws Poisson deviates whose mean and variance equal λ = %d",
    (lambda) => {
      const rng = new Rng(["poisson", lambda]);
      const n = 60_000;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const k = rng.poisson(lambda);
        expect(Number.isInteger(k) && k >= 0).toBe(true);
        s1 += k;
        s2 += k * k;
      }
      const mean = s1 / n;
      const variance = s2 / n - mean * mean;
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(Math.abs(variance / lambda - 1)).toBeLessThan(0.04);
    },
  );
});

describe("log-uniform draws", () => {
  it("stay in [lo, hi) and put half the draws below the geometric mean", () => {
    const rng = new Rng("log-range");
    const draws = Array.from({ length: 4000 }, () => rng.logRange(200, 50000));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...draws)).toBeLessThan(50000);
    // median of a log-uniform variable is √(lo·hi) = 3162.3; binomial sd of the share is 0.8 %
    const below = draws.filter((d) => d < Math.sqrt(200 * 50000)).length / draws.length;
    expect(Math.abs(below - 0.5)).toBeLessThan(0.03);
  });
});
