import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { breakdownByCondition, readSampleConditions } from "../breakdown.js";

const CLASSES = ["amorphous", "monocrystalline", "polycrystalline"];

/** A manifest row as `dataset generate` writes it, with only what the breakdown reads. */
function row(id: string, label: string, zoneAxis: string, pixelSizeNm: number, diameterNm: number) {
  return {
    id,
    index: 0,
    split: "test",
    label,
    subtype: label === "amorphous" ? "amorphous" : "sphere",
    support: "C",
    family: "single-crystal",
    pixelSizeNm,
    width: 8,
    height: 8,
    params: { zoneAxis, diameterNm, doseEPerA2: 2000 },
    files: { cutout: `test/${label}/${id}.tif`, mask: null, field: null, fieldMask: null },
  };
}

/** A prediction as `evaluateModel` reports it, for the cut-out of sample `id` in `dir`'s test split. */
function prediction(dir: string, id: string, truth: string, label: string, probabilities: number[]) {
  return { file: join(dir, `test/${truth}/${id}.tif`), truth, label, probabilities };
}

describe("accuracy by simulation condition", () => {
  it("groups samples by the conditions in their dataset's manifest and counts right, decided and set aside", () => {
    const dir = mkdtempSync(join(tmpdir(), "nanocryst-breakdown-"));
    mkdirSync(join(dir, "test"), { recursive: true });
    const rows = [
      row("s0", "monocrystalline", "011", 0.03, 1.5),
      row("s1", "monocrystalline", "random", 0.03, 2.5),
      row("s2", "monocrystalline", "random", 0.065, 2.5),
      row("s3", "amorphous", "random", 0.065, 1.2),
    ];
    writeFileSync(join(dir, "manifest.jsonl"), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const scored = [
      // right and confident
      prediction(dir, "s0", "monocrystalline", "monocrystalline", [0, 0.9, 0.1]),
      // right as the most probable class, but set aside by the rule
      prediction(dir, "s1", "monocrystalline", "unknown", [0.1, 0.5, 0.4]),
      // wrong and confident
      prediction(dir, "s2", "monocrystalline", "polycrystalline", [0, 0.1, 0.9]),
      prediction(dir, "s3", "amorphous", "amorphous", [0.95, 0, 0.05]),
    ];
    const conditions = readSampleConditions(scored);
    expect(conditions.size).toBe(4);
    const groups = breakdownByCondition(scored, CLASSES, conditions);
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

  it("is empty for images without a nanocryst manifest", () => {
    const dir = mkdtempSync(join(tmpdir(), "nanocryst-breakdown-"));
    const scored = [
      {
        file: join(dir, "test/amorphous/a.tif"),
        truth: "amorphous",
        label: "amorphous",
        probabilities: [1, 0, 0],
      },
    ];
    expect(breakdownByCondition(scored, CLASSES, readSampleConditions(scored))).toEqual([]);
  });
});
