import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { writeTiffFloat32 } from "../../io/index.js";
import { runCli } from "../../cli/__tests__/runCli.js";
import { architecture } from "../architecture.js";
import { mergeClasses } from "../classGroups.js";
import { loadModel, modelJson, readModelJson, saveModel } from "../model.js";
import { predict } from "../predict.js";
import { initialWeights } from "../weights.js";
import { toyParticle } from "./toy.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const three = ["amorphous", "monocrystalline", "polycrystalline"];

describe("a 3-class network read in two classes", () => {
  it("sums mono- and polycrystalline into crystalline", () => {
    const meta = {
      ...modelJson(["amorphous", "crystalline"], architecture("tiny", 3), 0.05),
      networkClasses: three,
    };
    const merged = mergeClasses(Float32Array.from([0.2, 0.5, 0.3]), meta);
    expect(merged[0]).toBeCloseTo(0.2, 6);
    expect(merged[1]).toBeCloseTo(0.8, 6);
  });

  it("merge-classes: the 2-class model's probabilities are the 3-class model's, summed, calibration included", async () => {
    const arch = architecture("tiny", 3);
    const source = join(dir, "three");
    const meta = {
      ...modelJson(three, arch, 0.05),
      calibration: { temperature: 0.7, classOffsets: [0.4, -0.1, -0.3], fittedOn: "validation split" },
    };
    saveModel(source, meta, initialWeights(arch, new Rng("merge")));
    const target = join(dir, "two");
    const r = runCli(["merge-classes", "--model", source, "--out", target]);
    expect(r.code).toBe(0);
    expect(readModelJson(target).classes).toEqual(["amorphous", "crystalline"]);
    const rng = new Rng("merge particles");
    const particles = Array.from({ length: 6 }, (_, i) => toyParticle(rng, i % 2 === 1).particle);
    const [threeModel, twoModel] = [await loadModel(source), await loadModel(target)];
    try {
      const p3 = await predict(threeModel, particles);
      const p2 = await predict(twoModel, particles);
      p3.forEach((p, i) => {
        expect(p2[i]).toHaveLength(2);
        expect(p2[i][0]).toBeCloseTo(p[0], 6);
        expect(p2[i][1]).toBeCloseTo(p[1] + p[2], 6);
      });
    } finally {
      threeModel.engine.dispose();
      twoModel.engine.dispose();
    }
    // the merged model is calibrated through its 3-class network only
    const calibrate = runCli(["calibrate", "--model", target, "--data", dir]);
    expect(calibrate.code).toBe(1);
    expect(calibrate.stderr.trim().split("\n")).toHaveLength(1);
    expect(calibrate.stderr).toContain("merge-classes");
  });

  it("bad input: a 2-class model to merge, network classes that fit no class, offsets that fit no output: exit 1, one line", () => {
    const twoArch = architecture("tiny", 2);
    const two = join(dir, "plain-two");
    saveModel(
      two,
      modelJson(["amorphous", "crystalline"], twoArch, 0.05),
      initialWeights(twoArch, new Rng("two")),
    );
    const r = runCli(["merge-classes", "--model", two, "--out", join(dir, "never")]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const odd = JSON.parse(readFileSync(join(dir, "two", "model.json"), "utf8"));
    odd.networkClasses = ["amorphous", "monocrystalline", "quasicrystalline"];
    writeFileSync(join(dir, "two", "model.json"), JSON.stringify(odd));
    const info = runCli(["classify", dir, "--model", join(dir, "two")]);
    expect(info.code).toBe(1);
    expect(info.stderr.trim().split("\n")).toHaveLength(1);
    expect(info.stderr).toContain("quasicrystalline");
    odd.networkClasses = three;
    odd.calibration.classOffsets = [0.1, -0.1];
    writeFileSync(join(dir, "two", "model.json"), JSON.stringify(odd));
    const offsets = runCli(["classify", dir, "--model", join(dir, "two")]);
    expect(offsets.code).toBe(1);
    expect(offsets.stderr.trim().split("\n")).toHaveLength(1);
    expect(offsets.stderr).toContain("2 class offsets for 3 network outputs");
  });

  it("merge-classes --data evaluates the 2-class model on the val and test splits and records the metrics", () => {
    const arch = architecture("tiny", 3);
    const source = join(dir, "three-for-data");
    saveModel(source, modelJson(three, arch, 0.05), initialWeights(arch, new Rng("merge data")));
    const data = join(dir, "data");
    const rng = new Rng("merge data particles");
    for (const [split, perClass] of [
      ["val", 2],
      ["test", 3],
    ] as const)
      for (const folder of three) {
        mkdirSync(join(data, split, folder), { recursive: true });
        for (let i = 0; i < perClass; i++)
          writeTiffFloat32(
            join(data, split, folder, `p${i}.tif`),
            toyParticle(rng, folder !== "amorphous").particle,
          );
      }
    const target = join(dir, "two-with-metrics");
    const r = runCli(["merge-classes", "--model", source, "--out", target, "--data", data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("6 validation, 9 test images");
    const meta = readModelJson(target);
    const metrics = meta.metrics as Record<string, { count: number; accuracy: number }>;
    expect(metrics.val.count).toBe(6);
    expect(metrics.test.count).toBe(9);
    // what evaluate reports for the same model and split
    const evaluated = join(dir, "evaluated");
    const e = runCli(["evaluate", "--model", target, "--data", data, "--split", "test", "--out", evaluated]);
    expect(e.code).toBe(0);
    const report = JSON.parse(readFileSync(join(evaluated, "metrics.json"), "utf8"));
    expect(report.all.count).toBe(9);
    expect(metrics.test.accuracy).toBe(report.all.accuracy);
    const own = JSON.parse(readFileSync(join(target, "report", "test", "metrics.json"), "utf8"));
    expect(own.all.accuracy).toBe(report.all.accuracy);
  });

  it("merge-classes --data without a val or test split: exit 1, one line, no model written", () => {
    const arch = architecture("tiny", 3);
    const source = join(dir, "three-no-data");
    saveModel(source, modelJson(three, arch, 0.05), initialWeights(arch, new Rng("no data")));
    const empty = join(dir, "empty-data");
    mkdirSync(join(empty, "train", "amorphous"), { recursive: true });
    const target = join(dir, "never-with-data");
    const r = runCli(["merge-classes", "--model", source, "--out", target, "--data", empty]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("no val or test split");
    expect(existsSync(target)).toBe(false);
  });
});
