import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ManifestRow } from "../../dataset/index.js";
import { writeTiffFloat32 } from "../../io/index.js";
import { breakdownByCondition } from "../breakdown.js";
import { loadSplit } from "../data.js";
import { applyOmissionRule } from "../omission.js";
import { manifestRow } from "./manifestRow.js";

const CLASSES = ["amorphous", "monocrystalline", "polycrystalline"];

/** A manifest row with only what the breakdown reads. */
function row(id: string, label: string, zoneAxis: string, pixelSizeNm: number, diameterNm: number) {
  return manifestRow(id, label, { zoneAxis, diameterNm, doseEPerA2: 2000 }, { pixelSizeNm });
}

/** A test split on disk: one small cut-out per id (constant fill round one particle pixel), no mask files. */
function writeSplit(dir: string, samples: { id: string; label: string }[]): void {
  for (const { id, label } of samples) {
    mkdirSync(join(dir, "test", label), { recursive: true });
    const data = new Float32Array(8 * 8).fill(0.5);
    data[4 * 8 + 4] = 1;
    writeTiffFloat32(join(dir, "test", label, `${id}.tif`), {
      data,
      width: 8,
      height: 8,
      pixelSizeNm: { x: 0.04, y: 0.04 },
    });
  }
}

describe("accuracy by simulation condition", () => {
  it("groups samples by the conditions in their dataset's manifest and counts right, decided and set aside", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nanocryst-breakdown-"));
    const rows = [
      row("s0", "monocrystalline", "011", 0.03, 1.5),
      row("s1", "monocrystalline", "random", 0.03, 2.5),
      row("s2", "monocrystalline", "random", 0.065, 2.5),
      row("s3", "amorphous", "random", 0.065, 1.2),
    ];
    writeSplit(dir, rows);
    writeFileSync(join(dir, "manifest.jsonl"), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const samples = await loadSplit(dir, "test", 3);
    expect(samples.map((s) => s.conditions?.id)).toEqual(["s3", "s0", "s1", "s2"]);
    const probabilities: Record<string, number[]> = {
      // right and confident
      s0: [0, 0.9, 0.1],
      // right as the most probable class, but set aside by the rule
      s1: [0.1, 0.5, 0.4],
      // wrong and confident
      s2: [0, 0.1, 0.9],
      s3: [0.95, 0, 0.05],
    };
    const decisions = applyOmissionRule(
      samples.map((s) => probabilities[s.id]),
      CLASSES,
      0.8,
    );
    const groups = breakdownByCondition(
      samples.map((s, i) => ({ conditions: s.conditions, truth: s.label, decision: decisions[i] })),
      CLASSES,
    );
    const find = (factor: string, group: string) =>
      groups.find((g) => g.factor === factor && g.group === group);
    // amorphous particles have no crystal orientation
    expect(groups.filter((g) => g.factor === "crystal orientation").map((g) => g.group)).toEqual([
      "monocrystalline, near a zone axis",
      "monocrystalline, random",
    ]);
    expect(find("crystal orientation", "monocrystalline, random")).toEqual({
      factor: "crystal orientation",
      group: "monocrystalline, random",
      count: 2,
      accuracy: 0.5,
      decidedFraction: 0.5,
      decidedAccuracy: 0,
    });
    const coarse = find("pixel size [nm]", "0.06–0.07");
    expect([coarse?.count, coarse?.accuracy, coarse?.decidedAccuracy]).toEqual([2, 0.5, 0.5]);
    expect(find("pixel size [nm]", "0.03–0.04")?.accuracy).toBe(1);
    expect(find("diameter [nm]", "1–2")?.count).toBe(2);
    expect(find("dose [e⁻/Å²]", "1000–10000")?.count).toBe(4);
    expect(groups.filter((g) => g.factor === "pixel size [nm]").map((g) => g.group)).toEqual([
      "0.03–0.04",
      "0.06–0.07",
    ]);
  });

  it("is empty for images without a nanocryst manifest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nanocryst-breakdown-"));
    writeSplit(dir, [{ id: "a", label: "amorphous" }]);
    const [sample] = await loadSplit(dir, "test", 3);
    expect(sample.conditions).toBeUndefined();
    const [decision] = applyOmissionRule([[1, 0, 0]], CLASSES, 0.8);
    expect(breakdownByCondition([{ truth: sample.label, decision }], CLASSES)).toEqual([]);
  });

  it("counts, for single crystals at a random orientation, the plane families that can show fringes", () => {
    const withoutZoneAxis = (r: ManifestRow): ManifestRow => {
      const { zoneAxis: _, ...params } = r.params;
      return { ...r, params };
    };
    const nearZoneAxis = (r: ManifestRow): ManifestRow => ({
      ...r,
      params: { ...r.params, zoneAxis: "001" },
    });
    const crystal = (id: string, orientation: string, pixelSizeNm: number) => {
      const r = row(id, "monocrystalline", "random", pixelSizeNm, 3);
      return { ...r, split: "test", params: { ...r.params, domains: 1, orientation } } as ManifestRow;
    };
    const rows = [
      // beam along [001]: 200 and 220 in the zero-order Laue zone
      crystal("a", "1 0 0 0 1 0 0 0 1", 0.03),
      // beam along [111]: 220 only
      crystal("b", "0.707107 -0.707107 0 0.408248 0.408248 -0.816497 0.57735 0.57735 0.57735", 0.03),
      // beam along [124]: every 111, 200 and 220 reflection at least 1/(√21·a) = 0.53 nm⁻¹ off (> 0.795/3 nm)
      crystal("c", "0.894427 -0.447214 0 0.390360 0.780720 -0.487950 0.218218 0.436436 0.872872", 0.03),
      // the paper's recipe records no zone axis: its crystals are all at a random orientation
      withoutZoneAxis(crystal("d", "1 0 0 0 1 0 0 0 1", 0.03)),
      // near a zone axis: the orientation was chosen, not drawn, and is not counted
      nearZoneAxis(crystal("e", "1 0 0 0 1 0 0 0 1", 0.03)),
    ];
    const [right] = applyOmissionRule([[0, 1, 0]], CLASSES, 0.8);
    const groups = breakdownByCondition(
      rows.map((conditions) => ({ conditions, truth: 1, decision: right })),
      CLASSES,
    ).filter((g) => g.factor.startsWith("lattice fringes"));
    expect(groups.map((g) => [g.group, g.count])).toEqual([
      ["monocrystalline, 0 families", 1],
      ["monocrystalline, 1 family", 1],
      ["monocrystalline, 2 families", 2],
    ]);
  });

  it("groups polycrystals by the share of their projection that the second domain fills alone", () => {
    const withShare = (id: string, label: string, share: number) => {
      const r = row(id, label, "random", 0.03, 2);
      return { ...r, params: { ...r.params, secondDomainAreaShare: share } } as ManifestRow;
    };
    const rows = [
      withShare("a", "polycrystalline", 0.05),
      withShare("b", "polycrystalline", 0.15),
      withShare("c", "polycrystalline", 0.3),
      withShare("d", "polycrystalline", 0.02),
      // a single crystal has no second domain and no group here
      withShare("e", "monocrystalline", 0),
    ];
    const [poly] = applyOmissionRule([[0, 0, 1]], CLASSES, 0.8);
    const groups = breakdownByCondition(
      rows.map((conditions, i) => ({
        conditions,
        truth: 2,
        decision: i === 3 ? poly : { ...poly, classIndex: 1 },
      })),
      CLASSES,
    ).filter((g) => g.factor.startsWith("polycrystals: projected area"));
    expect(groups.map((g) => [g.group, g.count, g.accuracy])).toEqual([
      ["< 0.1", 2, 0.5],
      ["0.1–0.2", 1, 0],
      ["≥ 0.2", 1, 0],
    ]);
  });

  it("groups crystals by whether any of their domains shows fringes", () => {
    const withFringes = (id: string, label: string, fringeDomains: number) => {
      const r = row(id, label, "random", 0.03, 2);
      return { ...r, params: { ...r.params, fringeDomains } } as ManifestRow;
    };
    const rows = [
      withFringes("a", "monocrystalline", 0),
      withFringes("b", "monocrystalline", 1),
      withFringes("c", "monocrystalline", 1),
      // an amorphous particle has no domains and no group here
      withFringes("d", "amorphous", 0),
    ];
    const [mono] = applyOmissionRule([[0, 1, 0]], CLASSES, 0.8);
    const groups = breakdownByCondition(
      rows.map((conditions, i) => ({
        conditions,
        truth: 1,
        decision: i === 1 ? { ...mono, classIndex: 0 } : mono,
      })),
      CLASSES,
    ).filter((g) => g.factor.startsWith("crystals: whether"));
    expect(groups.map((g) => [g.group, g.count, g.accuracy])).toEqual([
      ["monocrystalline, fringes", 2, 0.5],
      ["monocrystalline, no fringes", 1, 1],
    ]);
  });

  it("groups polycrystals by how many domains their image can tell apart", () => {
    const withLooks = (id: string, label: string, looks: number) => {
      const r = row(id, label, "random", 0.03, 2);
      return { ...r, params: { ...r.params, distinctDomains: looks } } as ManifestRow;
    };
    const rows = [
      withLooks("a", "polycrystalline", 0),
      withLooks("b", "polycrystalline", 1),
      withLooks("c", "polycrystalline", 2),
      withLooks("d", "polycrystalline", 3),
      // a single crystal is one look and no polycrystal
      withLooks("e", "monocrystalline", 1),
    ];
    const [poly] = applyOmissionRule([[0, 0, 1]], CLASSES, 0.8);
    const groups = breakdownByCondition(
      rows.map((conditions, i) => ({
        conditions,
        truth: 2,
        decision: i >= 2 ? poly : { ...poly, classIndex: 1 },
      })),
      CLASSES,
    ).filter((g) => g.factor.startsWith("polycrystals: domains"));
    expect(groups.map((g) => [g.group, g.count, g.accuracy])).toEqual([
      ["< 2", 2, 0],
      ["≥ 2", 2, 1],
    ]);
  });

  it("groups samples by the thickness of their support film, the paper's 1–3 nm apart from thicker ones", () => {
    const onFilm = (id: string, supportThicknessNm: number) => {
      const r = row(id, "amorphous", "random", 0.03, 2);
      return { ...r, params: { ...r.params, supportThicknessNm } } as ManifestRow;
    };
    const rows = [onFilm("a", 1.2), onFilm("b", 2.99), onFilm("c", 3), onFilm("d", 7.5), onFilm("e", 14)];
    const [amorphous] = applyOmissionRule([[1, 0, 0]], CLASSES, 0.8);
    const groups = breakdownByCondition(
      rows.map((conditions, i) => ({
        conditions,
        truth: 0,
        decision: i === 4 ? { ...amorphous, classIndex: 2 } : amorphous,
      })),
      CLASSES,
    ).filter((g) => g.factor === "support film thickness [nm]");
    expect(groups.map((g) => [g.group, g.count, g.accuracy])).toEqual([
      ["< 3", 2, 1],
      ["3–6", 1, 1],
      ["6–10", 1, 1],
      ["≥ 10", 1, 0],
    ]);
  });

  it("groups samples by voltage and by whether the objective lens is Cs-corrected", () => {
    const imaged = (id: string, voltageKv: number, csUm: number) => {
      const r = row(id, "amorphous", "random", 0.03, 2);
      return { ...r, params: { ...r.params, voltageKv, csUm } } as ManifestRow;
    };
    const rows = [imaged("a", 300, 12), imaged("b", 300, 1200), imaged("c", 80, -5), imaged("d", 300, -14.9)];
    const [amorphous] = applyOmissionRule([[1, 0, 0]], CLASSES, 0.8);
    const groups = breakdownByCondition(
      rows.map((conditions) => ({ conditions, truth: 0, decision: amorphous })),
      CLASSES,
    ).filter((g) => g.factor === "instrument");
    // lowest voltage first
    expect(groups.map((g) => [g.group, g.count])).toEqual([
      ["80 kV, Cs-corrected", 1],
      ["300 kV, Cs-corrected", 2],
      ["300 kV, no Cs corrector", 1],
    ]);
  });
});
