import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { datasetInfo, makeConfig } from "../config.js";
import { type FieldOptions, simulateField } from "../fields/simulateField.js";
import { runSnapshotCli as runCli } from "./cliSnapshot.js";

/** One small coarse field; the same seed for every variant. */
function field(conventions: Partial<FieldOptions>) {
  return simulateField(
    {
      sizePx: 128,
      pixelSizeNm: 0.04,
      particles: 2,
      diameterRangeNm: [1.5, 2],
      supportPatches: 1,
      maxSamplingNm: 0.04,
      focalPoints: 1,
      ...conventions,
    },
    new Rng("field-conventions"),
  );
}

describe("simulation conventions of a field", () => {
  const base = field({});

  it("the simulator's own defaults, given explicitly, give the same bytes", () => {
    const explicit = field({ sliceThicknessNm: 0.2, parametrization: "kirkland", phonons: 1 });
    expect(explicit.image.data).toEqual(base.image.data);
  });

  it("another scattering table or slice thickness changes the pixels, not the specimen or its truth", () => {
    for (const other of [field({ parametrization: "lobato" }), field({ sliceThicknessNm: 0.1 })]) {
      expect(other.instances).toEqual(base.instances);
      expect(other.particles).toEqual(base.particles);
      expect(other.microscope).toEqual(base.microscope);
      let differing = 0;
      for (let i = 0; i < base.image.data.length; i++)
        if (other.image.data[i] !== base.image.data[i]) differing++;
      expect(differing).toBeGreaterThan(base.image.data.length / 2);
    }
  });

  it("draws the support film from a given thickness range, and a thicker film gives more speckle", () => {
    const thick = field({ supportThicknessRangeNm: [8, 9] });
    expect(base.supportThicknessNm).toBeGreaterThanOrEqual(1);
    expect(base.supportThicknessNm).toBeLessThanOrEqual(3);
    expect(thick.supportThicknessNm).toBeGreaterThanOrEqual(8);
    expect(thick.supportThicknessNm).toBeLessThanOrEqual(9);
    expect(thick.microscope).toEqual(base.microscope);
    // a weak phase object's contrast follows its phase spread, ∝ √thickness for an amorphous film: at least
    // √(8/3) ≈ 1.6× for films of 1–3 against 8–9 nm; shot noise, the same in both, dilutes it a little
    const supportSpread = (f: typeof base) => {
      const values = f.image.data.filter((_, i) => f.instances[i] === 0);
      const mean = values.reduce((a, v) => a + v, 0) / values.length;
      return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
    };
    expect(supportSpread(thick)).toBeGreaterThan(1.5 * supportSpread(base));
    const ranges = (field: object) => datasetInfo(makeConfig("fields", { field })).parameterRanges;
    expect(ranges({ supportThicknessRangeNm: [8, 9] }).supportThicknessNm).toMatchObject({
      min: 8,
      max: 9,
      source: "user (--support-thickness)",
    });
    expect(ranges({}).supportThicknessNm).toMatchObject({ min: 1, max: 3 });
  });

  it("nanocryst field draws its film from --support-thickness, says how thick, and refuses a bad range", () => {
    const out = join(mkdtempSync(join(tmpdir(), "nanocryst-field-film-")), "thick.tif");
    const common = ["field", "--size", "64", "--pixel-size", "0.06", "--particles", "1", "--out", out];
    const made = runCli([
      ...common,
      "--min-diameter",
      "1",
      "--max-diameter",
      "1.2",
      "--support-thickness",
      "8:9",
    ]);
    expect(made.code).toBe(0);
    const [, film] = made.stdout.match(/on ([\d.]+) nm of amorphous carbon/) ?? [];
    expect(Number(film)).toBeGreaterThanOrEqual(8);
    expect(Number(film)).toBeLessThanOrEqual(9);
    const bad = runCli([...common, "--support-thickness", "9:8"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/--support-thickness must be MIN:MAX in nm/);
  });
});
