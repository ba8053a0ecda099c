import { describe, expect, it } from "vitest";
import { imageShowsClass, shownClassMetrics } from "../shownClass.js";
import { manifestRow } from "./manifestRow.js";

const CLASSES = ["amorphous", "monocrystalline", "polycrystalline"];

const row = (id: string, label: string, params: Record<string, number> = {}) =>
  manifestRow(id, label, params, { subtype: label === "polycrystalline" ? "polycrystal-2" : "sphere" });
const mono = (id: string, fringeDomains: number) =>
  row(id, "monocrystalline", { distinctDomains: 1, fringeDomains });
const poly = (id: string, distinctDomains: number, fringeDomains = 2) =>
  row(id, "polycrystalline", { distinctDomains, fringeDomains });

describe("the samples whose class the image can show", () => {
  it("amorphous always; crystals that show fringes; polycrystals that show two distinct domains", () => {
    expect(imageShowsClass(row("a", "amorphous"), "amorphous")).toBe(true);
    expect(imageShowsClass(mono("m", 1), "monocrystalline")).toBe(true);
    expect(imageShowsClass(mono("n", 0), "monocrystalline")).toBe(false);
    expect(imageShowsClass(poly("p", 1), "polycrystalline")).toBe(false);
    expect(imageShowsClass(poly("q", 0, 0), "polycrystalline")).toBe(false);
    expect(imageShowsClass(poly("r", 2), "polycrystalline")).toBe(true);
    // read as two classes, a polycrystal hidden as one crystal still shows a lattice; one without fringes not
    expect(imageShowsClass(poly("p", 1), "crystalline")).toBe(true);
    expect(imageShowsClass(poly("q", 0, 0), "crystalline")).toBe(false);
    // nothing recorded: cannot say
    expect(imageShowsClass(row("s", "polycrystalline"), "polycrystalline")).toBeNull();
    expect(imageShowsClass(undefined, "amorphous")).toBeNull();
  });

  it("computes accuracy and the omission rule over the rest", () => {
    const conditions = [
      row("a", "amorphous"),
      mono("m", 1),
      mono("n", 0),
      poly("p", 1),
      poly("r", 2),
      poly("t", 3),
    ];
    const truth = [0, 1, 1, 2, 2, 2];
    // the hidden polycrystal "p" is called monocrystalline and the fringe-less crystal "n" amorphous, as their
    // images suggest; "t" is missed
    const predicted = [0, 1, 0, 1, 2, 1];
    const confidence = [0.9, 0.95, 0.6, 0.9, 0.7, 0.85];
    const shown = shownClassMetrics(conditions, truth, predicted, confidence, CLASSES, 0.8);
    expect(shown?.leftOut).toBe(2);
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
    // the same particles read in two classes: only the fringe-less crystal is left out
    const two = shownClassMetrics(
      conditions,
      [0, 1, 1, 1, 1, 1],
      [0, 1, 0, 1, 1, 1],
      confidence,
      ["amorphous", "crystalline"],
      0.8,
    );
    expect(two?.leftOut).toBe(1);
    expect(two?.all.accuracy).toBe(1);
  });

  it("is absent when some record does not say", () => {
    const conditions = [row("a", "amorphous"), row("s", "polycrystalline")];
    expect(shownClassMetrics(conditions, [0, 2], [0, 2], [1, 1], CLASSES, 0.8)).toBeNull();
    expect(shownClassMetrics([undefined], [0], [0], [1], CLASSES, 0.8)).toBeNull();
  });
});
