import { describe, expect, it } from "vitest";
import type { ManifestRow } from "../../dataset/index.js";
import { imageShowsClass, shownClassMetrics } from "../shownClass.js";

const CLASSES = ["amorphous", "monocrystalline", "polycrystalline"];

function row(id: string, label: string, distinctDomains?: number): ManifestRow {
  return {
    id,
    index: 0,
    split: "test",
    label,
    subtype: label === "polycrystalline" ? "polycrystal-2" : "sphere",
    support: "C",
    family: "single-crystal",
    pixelSizeNm: 0.04,
    width: 8,
    height: 8,
    params: distinctDomains === undefined ? {} : { distinctDomains },
    files: { cutout: `test/${label}/${id}.tif`, mask: null, field: null, fieldMask: null },
  } as ManifestRow;
}

describe("the samples whose class the image can show", () => {
  it("leaves out only polycrystals that show fewer than two distinct domains", () => {
    expect(imageShowsClass(row("a", "amorphous"), "amorphous")).toBe(true);
    expect(imageShowsClass(row("m", "monocrystalline", 1), "monocrystalline")).toBe(true);
    expect(imageShowsClass(row("p", "polycrystalline", 1), "polycrystalline")).toBe(false);
    expect(imageShowsClass(row("q", "polycrystalline", 0), "polycrystalline")).toBe(false);
    expect(imageShowsClass(row("r", "polycrystalline", 2), "polycrystalline")).toBe(true);
    // nothing recorded: cannot say
    expect(imageShowsClass(row("s", "polycrystalline"), "polycrystalline")).toBeNull();
    expect(imageShowsClass(undefined, "amorphous")).toBeNull();
  });

  it("computes accuracy and the omission rule over the rest", () => {
    const conditions = [
      row("a", "amorphous"),
      row("m", "monocrystalline", 1),
      row("p", "polycrystalline", 1),
      row("r", "polycrystalline", 2),
      row("t", "polycrystalline", 3),
    ];
    const truth = [0, 1, 2, 2, 2];
    // the hidden polycrystal "p" is called monocrystalline, as its image suggests; "t" is missed
    const predicted = [0, 1, 1, 2, 1];
    const confidence = [0.9, 0.95, 0.9, 0.7, 0.85];
    const shown = shownClassMetrics(conditions, truth, predicted, confidence, CLASSES, 0.8);
    expect(shown?.leftOut).toBe(1);
    // kept: a ✓, m ✓, r ✓, t ✗
    expect(shown?.all.count).toBe(4);
    expect(shown?.all.accuracy).toBeCloseTo(3 / 4, 12);
    expect(shown?.all.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 1],
    ]);
    // the rule sets aside r (0.7): of a, m, t two are right, one of four unknown
    expect(shown?.omission.accuracy).toBeCloseTo(2 / 3, 12);
    expect(shown?.omission.unknownFraction).toBeCloseTo(1 / 4, 12);
  });

  it("is absent when a polycrystal's record does not say, and for a model without a polycrystalline class", () => {
    const conditions = [row("a", "amorphous"), row("s", "polycrystalline")];
    expect(shownClassMetrics(conditions, [0, 2], [0, 2], [1, 1], CLASSES, 0.8)).toBeNull();
    const twoClass = [row("a", "amorphous"), row("p", "polycrystalline", 1)];
    expect(shownClassMetrics(twoClass, [0, 1], [0, 1], [1, 1], ["amorphous", "crystalline"], 0.8)).toBeNull();
  });
});
