import { describe, expect, test } from "vitest";
import { describe as describeSample, wilsonInterval } from "../statistics.js";

describe("Wilson score interval", () => {
  test("8 of 20 gives 21.88 % – 61.34 % (hand-computed with z = 1.96)", () => {
    // p = 0.4, z² = 3.8416: centre = (0.4 + 0.09604)/1.19208 = 0.416113,
    // half-width = (1.96/1.19208)·√(0.012 + 0.0024010) = 0.197308.
    const [lo, hi] = wilsonInterval(8, 20);
    expect(lo).toBeCloseTo(0.218805, 5);
    expect(hi).toBeCloseTo(0.613421, 5);
  });

  test("0 of 10 stays inside [0, 1]: 0 – 27.75 %; 10 of 10: 72.25 % – 100 %", () => {
    const [lo, hi] = wilsonInterval(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.277533, 5);
    const [lo2, hi2] = wilsonInterval(10, 10);
    expect(lo2).toBeCloseTo(1 - 0.277533, 5);
    expect(hi2).toBeCloseTo(1, 12);
  });

  test("no trials gives the whole range", () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe("sample statistics", () => {
  test("mean, sample sd, median and quartiles of 1…9", () => {
    const d = describeSample([9, 1, 8, 2, 7, 3, 6, 4, 5]);
    expect(d.mean).toBe(5);
    expect(d.sd).toBeCloseTo(Math.sqrt(7.5), 12);
    expect([d.median, d.q1, d.q3, d.min, d.max]).toEqual([5, 3, 7, 1, 9]);
  });
});
