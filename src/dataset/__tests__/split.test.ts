import { describe, expect, it } from "vitest";
import { PRESETS, planGroups, sampleId } from "../presets.js";
import { splitForId } from "../split.js";

describe("splits and presets", () => {
  it("splits ids 60/20/20 (within 1 % over 30,000 ids)", () => {
    const counts = { train: 0, val: 0, test: 0 };
    const n = 30_000;
    for (let i = 0; i < n; i++) counts[splitForId(sampleId(i, n))]++;
    expect(counts.train / n).toBeCloseTo(0.6, 1);
    expect(Math.abs(counts.train / n - 0.6)).toBeLessThan(0.01);
    expect(Math.abs(counts.val / n - 0.2)).toBeLessThan(0.01);
    expect(Math.abs(counts.test / n - 0.2)).toBeLessThan(0.01);
  });

  it("keeps a sample's split whatever the dataset size or order", () => {
    expect(splitForId(sampleId(42, 100))).toBe(splitForId(sampleId(42, 7883)));
    const forward = Array.from({ length: 50 }, (_, i) => splitForId(sampleId(i, 50)));
    const backward = Array.from({ length: 50 }, (_, i) => splitForId(sampleId(49 - i, 50))).reverse();
    expect(backward).toEqual(forward);
  });

  it("reproduces the class counts of the paper's Table 5", () => {
    const perClass = (name: keyof typeof PRESETS) => {
      const out: Record<string, number> = { amorphous: 0, monocrystalline: 0, polycrystalline: 0 };
      for (const g of planGroups(PRESETS[name])) out[g.label] += g.count;
      return out;
    };
    expect(perClass("pattern")).toEqual({ amorphous: 1000, monocrystalline: 1000, polycrystalline: 1000 });
    expect(perClass("simulation-c")).toEqual({
      amorphous: 1252,
      monocrystalline: 1806,
      polycrystalline: 507,
    });
    expect(perClass("simulation-c-si")).toEqual({
      amorphous: 1998,
      monocrystalline: 2630,
      polycrystalline: 507,
    });
    expect(perClass("poly")).toEqual({ amorphous: 1998, monocrystalline: 2630, polycrystalline: 3255 });
    expect(perClass("poly-plus")).toEqual(perClass("poly"));
  });

  it("scales every class to --per-class samples, keeping the paper's mix of supports", () => {
    const groups = planGroups(PRESETS.poly, 300);
    for (const label of ["amorphous", "monocrystalline", "polycrystalline"]) {
      expect(groups.filter((g) => g.label === label).reduce((s, g) => s + g.count, 0)).toBe(300);
    }
    const amorphousC = groups.find((g) => g.label === "amorphous" && g.support === "C")!;
    expect(amorphousC.count).toBe(Math.round((300 * 1252) / 1998));
    groups.forEach((g, k) => {
      expect(g.firstIndex).toBe(k === 0 ? 0 : groups[k - 1].firstIndex + groups[k - 1].count);
    });
  });
});
