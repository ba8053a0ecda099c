import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { REGION, SHAPE_CRYSTALLINITY, type ShapeName } from "../../structure/index.js";
import { datasetInfo, makeConfig } from "../config.js";
import { readManifest } from "../manifest.js";
import { planGroups, PRESETS } from "../presets.js";
import { drawSimulation, FAMILY_SHAPES, PLUS_RANGES, SIMULATION_RANGES } from "../sampling.js";
import { simulateSample } from "../simulated.js";
import { runSnapshotCli as runCli } from "./cliSnapshot.js";
import { treeHashes } from "./files.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-simdata-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A coarse but valid grid (0.47 Å) keeps these tests fast. */
const tiny = makeConfig("poly", { simulation: { gridPx: 128, focalPoints: 3 } });

/** Domains of the particle atoms whose projected position falls on a mask pixel. */
function domainsUnderMask(sample: ReturnType<typeof simulateSample>): Set<number> {
  const { structure, fieldMask, field } = sample;
  const pixelAng = field.pixelSizeNm!.x * 10;
  const seen = new Set<number>();
  for (let a = 0; a < structure.numbers.length; a++) {
    if (structure.region[a] !== REGION.particle) continue;
    const column = Math.round(structure.positionsAng[3 * a] / pixelAng) % field.width;
    const row = Math.round(structure.positionsAng[3 * a + 1] / pixelAng) % field.height;
    if (fieldMask[row * field.width + column]) seen.add(structure.domain[a]);
  }
  return seen;
}

describe("simulated samples", () => {
  it("labels every shape as the structure layer classifies it", () => {
    for (const group of planGroups(PRESETS.poly)) {
      const shapes = FAMILY_SHAPES[group.family as keyof typeof FAMILY_SHAPES].values;
      for (const shape of shapes) expect(SHAPE_CRYSTALLINITY[shape as ShapeName], shape).toBe(group.label);
    }
  });

  it("masks a stitched polycrystal over atoms of at least two domains, and only particle atoms", () => {
    const sample = simulateSample(tiny, "stitched", "C", new Rng("poly-mask"));
    const domains = domainsUnderMask(sample);
    expect(domains.size).toBeGreaterThanOrEqual(2);
    expect(sample.subtype).toMatch(/^polycrystal-[23]$/);
    expect([...domains].every((d) => d >= 0)).toBe(true);
    expect(sample.params.domains).toBe(domains.size);
    // both domains show in the mask, so the second has some projected area of its own, at most half
    expect(sample.params.secondDomainAreaShare).toBeGreaterThan(0);
    expect(sample.params.secondDomainAreaShare).toBeLessThanOrEqual(0.5);
  });

  it("masks a single crystal over one domain and an RSA cluster over amorphous atoms only", () => {
    const mono = simulateSample(tiny, "single-crystal", "Si", new Rng("mono-mask"));
    expect([...domainsUnderMask(mono)]).toEqual([0]);
    expect(mono.params.secondDomainAreaShare).toBe(0);
    const amorphous = simulateSample(tiny, "rsa-cluster", "C", new Rng("amorphous-mask"));
    expect([...domainsUnderMask(amorphous)]).toEqual([-1]);
    expect(amorphous.params.secondDomainAreaShare).toBeUndefined();
  });

  it("packs amorphous particles closer with --amorphous-min-distance, leaving every other draw as it was", () => {
    const dense = makeConfig("poly", {
      simulation: { gridPx: 128, focalPoints: 3, amorphousMinDistanceRangeNm: [0.226, 0.232] },
    });
    const plain = simulateSample(tiny, "rsa-cluster", "C", new Rng("amorphous-density"));
    const packed = simulateSample(dense, "rsa-cluster", "C", new Rng("amorphous-density"));
    const d = packed.params.amorphousMinDistanceNm as number;
    expect(d).toBeGreaterThanOrEqual(0.226);
    expect(d).toBeLessThanOrEqual(0.232);
    for (const key of ["defocusNm", "diameterNm", "supportThicknessNm", "doseEPerA2"])
      expect(packed.params[key], key).toBe(plain.params[key]);
    // saturated RSA holds a fixed packing fraction, so density scales as 1/d³: (0.248/d)³ ≥ 1.22 times more
    const ratio = (packed.params.particleAtoms as number) / (plain.params.particleAtoms as number);
    expect(ratio).toBeGreaterThan(0.9 * (0.248 / d) ** 3);
    expect(ratio).toBeLessThan(1.1 * (0.248 / d) ** 3);
    expect(packed.params.amorphousDensityPerNm3).toBeGreaterThan(55);
    // crystals draw nothing more and are built as before
    const mono = simulateSample(tiny, "single-crystal", "C", new Rng("mono-density"));
    const monoDense = simulateSample(dense, "single-crystal", "C", new Rng("mono-density"));
    expect(monoDense.params).toEqual(mono.params);
    const recorded = JSON.parse(JSON.stringify(datasetInfo(dense))).parameterRanges.amorphousMinDistanceNm;
    expect([recorded.min, recorded.max, recorded.source]).toEqual([
      0.226,
      0.232,
      "user (--amorphous-min-distance)",
    ]);
    const bad: [string[], RegExp][] = [
      [
        ["--preset", "poly", "--amorphous-min-distance", "0.25:0.2"],
        /--amorphous-min-distance must be MIN:MAX/,
      ],
      [
        ["--preset", "fields", "--amorphous-min-distance", "0.22:0.24"],
        /--amorphous-min-distance is not read/,
      ],
    ];
    for (const [extra, message] of bad) {
      const result = runCli(["dataset", "generate", "--out", join(root, "bad-density"), ...extra]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("draws every imaging value inside the recorded ranges and records it", () => {
    for (let k = 0; k < 3; k++) {
      const { params } = simulateSample(tiny, "twinned", "C", new Rng(["ranges", k]));
      for (const [name, range] of Object.entries(SIMULATION_RANGES)) {
        const value = params[name];
        expect(value, name).not.toBeUndefined();
        if (range.distribution === "uniform" || range.distribution === "log-uniform") {
          expect(value as number).toBeGreaterThanOrEqual(range.min);
          expect(value as number).toBeLessThanOrEqual(range.max);
        }
      }
    }
  });

  it("draws the plus recipe's camera pixel, dose and MTF inside their ranges and images at that pixel", () => {
    const plus = makeConfig("poly-plus", { simulation: { gridPx: 128, focalPoints: 3 } });
    const pixels: number[] = [];
    for (let k = 0; k < 4; k++) {
      const sample = simulateSample(plus, "single-crystal", "C", new Rng(["plus", k]));
      const { params, field } = sample;
      const pixelSizeNm = field.pixelSizeNm?.x ?? 0;
      const drawn: Record<string, unknown> = { ...params, pixelSizeNm };
      for (const name of ["pixelSizeNm", "doseEPerA2", "mtfGaussianAtNyquist"] as const) {
        const range = PLUS_RANGES[name];
        expect(drawn[name] as number, name).toBeGreaterThanOrEqual(range.min);
        expect(drawn[name] as number, name).toBeLessThanOrEqual(range.max);
      }
      // the image is calibrated at the drawn pixel and spans the 6 nm cell; the manifest has it once
      expect(field.width * pixelSizeNm).toBeCloseTo(6, 0);
      expect(params).not.toHaveProperty("pixelSizeNm");
      pixels.push(pixelSizeNm);
    }
    expect(new Set(pixels).size).toBe(4);
  });

  it("draws the camera pixel from --pixel-range instead, records the range, and refuses a bad one", () => {
    const wide = makeConfig("poly-instruments", { simulation: { pixelSizeRangeNm: [0.07, 0.1] } });
    for (let k = 0; k < 50; k++) {
      const { pixelSizeNm } = drawSimulation(
        "twinned",
        new Rng(["pixel-range", k]),
        "instruments",
        wide.simulation,
      );
      expect(pixelSizeNm).toBeGreaterThanOrEqual(0.07);
      expect(pixelSizeNm).toBeLessThanOrEqual(0.1);
    }
    const recorded = JSON.parse(JSON.stringify(datasetInfo(wide))).parameterRanges.pixelSizeNm;
    expect([recorded.min, recorded.max, recorded.distribution]).toEqual([0.07, 0.1, "log-uniform"]);
    const bad: [string[], RegExp][] = [
      [["--preset", "poly-plus", "--pixel-range", "0.1:0.05"], /--pixel-range must be MIN:MAX/],
      [
        ["--preset", "poly", "--pixel-range", "0.02:0.1"],
        /--pixel-range is for poly-plus and poly-instruments/,
      ],
    ];
    for (const [extra, message] of bad) {
      const result = runCli(["dataset", "generate", "--out", join(root, "bad-pixel"), ...extra]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("images with Lobato's scattering factors and another slice thickness when asked, and records them", () => {
    const lobato = makeConfig("poly", {
      simulation: { ...tiny.simulation, parametrization: "lobato", sliceThicknessNm: 0.1 },
    });
    const a = simulateSample(tiny, "single-crystal", "C", new Rng(["table", 1]));
    const b = simulateSample(lobato, "single-crystal", "C", new Rng(["table", 1]));
    expect(b.structure.positionsAng).toEqual(a.structure.positionsAng);
    // the same specimen and draws through another potential: most pixels change (the tables themselves
    // are checked against each other in src/simulate)
    const differ = a.field.data.filter((v, i) => v !== b.field.data[i]).length;
    expect(differ).toBeGreaterThan(a.field.data.length / 2);
    expect(b.params).toEqual(a.params);
    const settings = JSON.parse(JSON.stringify(datasetInfo(lobato))).settings.simulation;
    expect([settings.parametrization, settings.sliceThicknessNm]).toEqual(["lobato", 0.1]);
    expect(JSON.parse(JSON.stringify(datasetInfo(tiny))).settings.simulation).not.toHaveProperty(
      "parametrization",
    );
    const result = runCli(
      ["dataset", "generate", "--preset", "poly", "--parametrization", "peng"].concat([
        "--out",
        join(root, "bad-table"),
      ]),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--parametrization must be one of kirkland, lobato/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("draws the support film from --support-thickness instead of the paper's 1–3 nm, and records the range", () => {
    const thick = makeConfig("poly", { simulation: { ...tiny.simulation, supportThicknessRangeNm: [6, 8] } });
    for (let k = 0; k < 20; k++) {
      const draw = drawSimulation("single-crystal", new Rng(["film", k]), "paper", thick.simulation);
      expect(draw.supportThicknessNm).toBeGreaterThanOrEqual(6);
      expect(draw.supportThicknessNm).toBeLessThanOrEqual(8);
    }
    const sample = simulateSample(thick, "single-crystal", "C", new Rng(["film", 0]));
    expect(sample.structure.info.supportThicknessNm).toBeCloseTo(
      sample.params.supportThicknessNm as number,
      9,
    );
    // the cell grows along the beam to hold the film and the particle
    expect(sample.structure.info.cellZNm as number).toBeGreaterThan(6 + (sample.params.diameterNm as number));
    const ranges = JSON.parse(JSON.stringify(datasetInfo(thick))).parameterRanges;
    expect(ranges.supportThicknessNm).toMatchObject({ min: 6, max: 8, source: "user (--support-thickness)" });
    const result = runCli(
      ["dataset", "generate", "--preset", "poly", "--support-thickness", "3"].concat([
        "--out",
        join(root, "bad-film"),
      ]),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--support-thickness must be MIN:MAX in nm/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("images without shot noise when asked: the expectation of the noisy image from the same draws", () => {
    const quietConfig = makeConfig("poly", { simulation: { ...tiny.simulation, shotNoise: false } });
    const noisy = simulateSample(tiny, "single-crystal", "C", new Rng(["noise-free", 1]));
    const quiet = simulateSample(quietConfig, "single-crystal", "C", new Rng(["noise-free", 1]));
    const { doseEPerA2, ...drawn } = noisy.params;
    expect(quiet.params).toEqual(drawn);
    // counts N ~ Poisson(λ), λ = I·D·p² from the noise-free intensity I: z = (N − λ)/√λ has mean 0, variance 1
    const pixelAng = 10 * noisy.field.pixelSizeNm!.x;
    const perPixel = (doseEPerA2 as number) * pixelAng * pixelAng;
    const n = quiet.field.data.length;
    let sum = 0;
    let sumSq = 0;
    for (let p = 0; p < n; p++) {
      const lambda = quiet.field.data[p] * perPixel;
      const z = (noisy.field.data[p] * perPixel - lambda) / Math.sqrt(lambda);
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(sumSq / n - mean * mean).toBeCloseTo(1, 1);
    const info = JSON.parse(JSON.stringify(datasetInfo(quietConfig)));
    expect(info.settings.simulation.shotNoise).toBe(false);
    expect(info.parameterRanges).not.toHaveProperty("doseEPerA2");
    expect(JSON.parse(JSON.stringify(datasetInfo(tiny))).parameterRanges).toHaveProperty("doseEPerA2");
  });

  it("generates the same bytes with 2 workers as with 1, with fields, masks and cut-outs for every row", () => {
    const args = ["dataset", "generate", "--preset", "poly", "--per-class", "1", "--grid", "128"];
    args.push("--focal-points", "3", "--seed", "5");
    const a = join(root, "a");
    const b = join(root, "b");
    expect(runCli([...args, "--out", a, "--workers", "2"]).code).toBe(0);
    expect(runCli([...args, "--out", b, "--workers", "1"]).code).toBe(0);
    expect(treeHashes(b)).toEqual(treeHashes(a));
    const rows = readManifest(a);
    expect(rows).toHaveLength(3);
    const files = Object.keys(treeHashes(a));
    for (const row of rows) {
      for (const f of [row.files.cutout, row.files.mask, row.files.field, row.files.fieldMask])
        expect(files).toContain(f);
      expect(row.pixelSizeNm).toBe(0.04);
      expect(row.params.defocusNm).toBeTypeOf("number");
    }
  });

  it("draws diameters from --diameter instead of the paper's 1–3 nm, and records the range", () => {
    const large = makeConfig("poly", {
      simulation: { gridPx: 256, focalPoints: 3, boxNm: 8, diameterRangeNm: [4, 5] },
    });
    for (let k = 0; k < 3; k++) {
      const { params } = simulateSample(large, "single-crystal", "C", new Rng(["large", k]));
      expect(params.diameterNm as number).toBeGreaterThanOrEqual(4);
      expect(params.diameterNm as number).toBeLessThanOrEqual(5);
      // a 4–5 nm fcc sphere or polyhedron holds thousands of atoms (Au: 59 atoms/nm³)
      expect(params.particleAtoms as number).toBeGreaterThan(1000);
    }
    const recorded = JSON.parse(JSON.stringify(datasetInfo(large))).parameterRanges.diameterNm;
    expect([recorded.min, recorded.max]).toEqual([4, 5]);
    expect(JSON.parse(JSON.stringify(datasetInfo(tiny))).parameterRanges.diameterNm.max).toBe(3);
    const bad: [string[], RegExp][] = [
      [["--diameter", "5:4"], /--diameter must be MIN:MAX/],
      [["--diameter", "1:5"], /do not fit a 6 nm cell; give --box 8/],
    ];
    for (const [extra, message] of bad) {
      const result = runCli([
        "dataset",
        "generate",
        "--preset",
        "poly",
        "--out",
        join(root, "bad"),
        ...extra,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
