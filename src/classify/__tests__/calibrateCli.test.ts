import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { writeTiffFloat32 } from "../../io/index.js";
import { runCli } from "../../cli/__tests__/runCli.js";
import { train } from "../train.js";
import { TOY_TRAINING, toyParticle } from "./toy.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-calibrate-"));
const modelDir = join(dir, "model");
const labelled = join(dir, "labelled");
const amorphousOnly = join(dir, "amorphous-only");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const rng = new Rng("calibrate cli");
  // three crystalline particles to each amorphous one: the network learns that prior
  const set = (n: number) => Array.from({ length: n }, (_, i) => toyParticle(rng, i % 4 !== 0));
  await train(
    { train: set(64), val: set(16) },
    { ...TOY_TRAINING, classes: [...TOY_TRAINING.classes], epochs: 4, seed: 3, outDir: modelDir },
  );
  for (const [folder, crystalline] of [
    ["amorphous", false],
    ["crystalline", true],
  ] as const) {
    mkdirSync(join(labelled, folder), { recursive: true });
    for (let i = 0; i < 6; i++)
      writeTiffFloat32(join(labelled, folder, `p${i}.tif`), toyParticle(rng, crystalline).particle);
  }
  mkdirSync(join(amorphousOnly, "amorphous"), { recursive: true });
  for (let i = 0; i < 4; i++)
    writeTiffFloat32(join(amorphousOnly, "amorphous", `p${i}.tif`), toyParticle(rng, false).particle);
});

describe("nanocryst calibrate", () => {
  it("fits temperature and class offsets on labelled class folders into a copy, the original untouched", () => {
    const before = readFileSync(join(modelDir, "model.json"), "utf8");
    const out = join(dir, "calibrated");
    const r = runCli(["calibrate", "--model", modelDir, "--data", labelled, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("12 validation, 0 test images");
    expect(r.stdout).toMatch(/class offsets amorphous -?\d\.\d\d, crystalline/);
    expect(readFileSync(join(modelDir, "model.json"), "utf8")).toBe(before);
    const meta = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
    expect(meta.calibration.temperature).toBeGreaterThan(0);
    expect(meta.calibration.classOffsets).toHaveLength(2);
    expect(meta.calibration.classOffsets[0] + meta.calibration.classOffsets[1]).toBeCloseTo(0, 9);
    expect(meta.metrics.val.count).toBe(12);
    const report = JSON.parse(readFileSync(join(out, "report", "val", "metrics.json"), "utf8"));
    expect(report.all.count).toBe(12);
    const classified = runCli(["classify", join(labelled, "amorphous"), "--model", out]);
    expect(classified.code).toBe(0);
    expect(classified.stdout.trim().split("\n")).toHaveLength(7);
  });

  it("labelled particles of one class only: the temperature is fitted, no offsets", () => {
    const out = join(dir, "one-class");
    const r = runCli(["calibrate", "--model", modelDir, "--data", amorphousOnly, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no class offsets");
    const meta = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
    expect(meta.calibration.temperature).toBeGreaterThan(0);
    expect(meta.calibration.classOffsets).toBeUndefined();
  });

  it("bad input: a folder without labelled images, or --out naming the model itself: exit 1, one line", () => {
    const empty = join(dir, "empty");
    mkdirSync(empty);
    const none = runCli(["calibrate", "--model", modelDir, "--data", empty]);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split("\n")).toHaveLength(1);
    expect(none.stderr).toContain(empty);
    const same = runCli(["calibrate", "--model", modelDir, "--data", labelled, "--out", modelDir]);
    expect(same.code).toBe(1);
    expect(same.stderr.trim().split("\n")).toHaveLength(1);
  });
});
