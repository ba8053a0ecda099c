import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { Engine } from "../engine.js";
import { loadModel } from "../model.js";
import { predict } from "../predict.js";
import { prepareInputs } from "../prepare.js";
import { lossAndAccuracy, train } from "../train.js";
import { trainAndReport } from "../trainReport.js";
import { TOY_TRAINING, toySet } from "./toy.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("training on a trivially separable toy set", () => {
  const rng = new Rng("toy");
  const data = { train: toySet(rng, 96), val: toySet(rng, 32) };
  const test = toySet(rng, 32);
  const options = { ...TOY_TRAINING, classes: [...TOY_TRAINING.classes], seed: 1, outDir: dir };

  it("loss falls and the test set is classified 100 % correctly; save → load gives identical outputs", async () => {
    const result = await train(data, options);
    const losses = result.history.map((h) => h.trainLoss);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    const model = await loadModel(dir);
    const probs = await predict(
      model,
      test.map((s) => s.particle),
    );
    const correct = probs.filter((p, i) => (p[1] > p[0] ? 1 : 0) === test[i].label).length;
    expect(correct).toBe(test.length);
    const again = await predict(
      await loadModel(dir),
      test.map((s) => s.particle),
    );
    expect(again).toEqual(probs);
    expect(readFileSync(join(dir, "training-curve.svg"), "utf8")).toContain("<svg");
    // history.json and model.json count epochs from 1, as the progress lines and the report do
    const history = JSON.parse(readFileSync(join(dir, "history.json"), "utf8")) as {
      epoch: number;
      valLoss: number;
    }[];
    expect(history.map((h) => h.epoch)).toEqual(result.history.map((_, i) => i + 1));
    const lowest = history.reduce((best, h) => (h.valLoss < best.valLoss ? h : best));
    const meta = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    expect(meta.training.bestEpoch).toBe(lowest.epoch);
    // the largest training disc (radius ≤ 1.2 nm on a 0.05 nm grid): rows or columns the mask spans
    const spans = data.train.map(({ particle: { mask, width } }) => {
      const rows = new Set<number>();
      const cols = new Set<number>();
      mask!.forEach((m, i) => {
        if (!m) return;
        rows.add(Math.floor(i / width));
        cols.add(i % width);
      });
      return Math.max(rows.size, cols.size) * 0.05;
    });
    const largest = Math.max(...spans);
    expect(largest).toBeGreaterThan(1.6);
    expect(largest).toBeLessThanOrEqual(2.45);
    expect(meta.inference.wholeUpToNm).toBeCloseTo(Math.ceil(largest * 100) / 100, 6);
  });

  it("the validation loss, computed through ONNX Runtime, is the training engine's", async () => {
    const result = await train(data, { ...options, epochs: 2, outDir: undefined });
    const { architecture: arch, input } = result.meta;
    const engine = await Engine.create(arch, result.weights);
    const val = prepareInputs(
      data.val.map((s) => s.particle),
      arch,
      input.pixelSizeNm,
    );
    const labels = data.val.map((s) => s.label);
    const jax = lossAndAccuracy(await engine.predict(val), labels, 2);
    engine.dispose();
    expect(jax.loss).toBeCloseTo(result.bestValLoss, 4);
  });
});

describe("checkpoints", () => {
  it("--resume after an interruption continues exactly as an uninterrupted run", async () => {
    const rng = new Rng("resume");
    const data = { train: toySet(rng, 32), val: toySet(rng, 16) };
    const base = {
      classes: ["amorphous", "crystalline"],
      architecture: "tiny" as const,
      batchSize: 16,
      lr: 5e-3,
      schedule: "cosine" as const,
      optimizer: "adamw" as const,
      weightDecay: 1e-4,
      augmentStrength: 1,
      patience: 50,
      seed: 3,
    };
    const whole = await train(data, { ...base, epochs: 4, outDir: join(dir, "whole") });
    const interrupt = (r: { epoch: number }) => {
      if (r.epoch === 1) throw new Error("killed");
    };
    await expect(
      train(data, { ...base, epochs: 4, outDir: join(dir, "parts"), onEpoch: interrupt }),
    ).rejects.toThrow("killed");
    const resumed = await train(data, { ...base, epochs: 4, outDir: join(dir, "parts"), resume: true });
    expect(resumed.history.map((h) => h.trainLoss)).toEqual(whole.history.map((h) => h.trainLoss));
    expect(resumed.weights["dense.w"].data).toEqual(whole.weights["dense.w"].data);
  });
});

describe("a run whose loss stops being finite", () => {
  const rng = new Rng("diverge");
  const data = { train: toySet(rng, 32), val: toySet(rng, 16) };
  const base = { ...TOY_TRAINING, classes: [...TOY_TRAINING.classes], patience: 50, seed: 4 };

  it("stops at that batch and keeps the best weights validated before it", async () => {
    const out = join(dir, "diverge");
    const sound = await train(data, { ...base, epochs: 2, outDir: out });
    // Adam moves every weight by about the learning rate: at 1e30 the next forward pass overflows float32
    const blown = await train(data, { ...base, lr: 1e30, epochs: 5, outDir: out, resume: true });
    expect(blown.diverged?.epoch).toBe(2);
    expect(blown.history).toHaveLength(2);
    expect(blown.bestEpoch).toBe(sound.bestEpoch);
    expect(blown.weights["dense.w"].data).toEqual(sound.weights["dense.w"].data);
    expect(Array.from(blown.weights["dense.w"].data).every(Number.isFinite)).toBe(true);
    const meta = JSON.parse(readFileSync(join(out, "model.json"), "utf8"));
    expect(meta.training.divergedAt).toEqual({ epoch: 3, batch: blown.diverged?.batch });
    expect(meta.training.epochsRun).toBe(2);
  });

  it("before the first validation: one clear line, and no model written", async () => {
    const out = join(dir, "diverge-at-once");
    await expect(
      trainAndReport(data, [], { ...base, lr: 1e30, epochs: 3, outDir: out }, () => {}),
    ).rejects.toThrow(/^the training loss was not finite at epoch 1, batch \d+, before the first validation/);
    expect(existsSync(join(out, "model.json"))).toBe(false);
  });
});

describe("the paper's recipe", () => {
  it("SGD with momentum at 0.0085 (step schedule) also learns the toy set", async () => {
    const rng = new Rng("sgdm");
    const data = { train: toySet(rng, 64), val: toySet(rng, 16) };
    const result = await train(data, {
      classes: ["amorphous", "crystalline"],
      architecture: "tiny",
      epochs: 10,
      batchSize: 16,
      lr: 0.0085,
      schedule: "paper",
      optimizer: "sgdm",
      weightDecay: 1e-4,
      augmentStrength: 0.5,
      seed: 4,
    });
    expect(result.history.every((h) => h.lr === 0.0085)).toBe(true);
    expect(result.bestValLoss).toBeLessThan(0.5 * result.history[0].valLoss);
  });
});

describe("lattice-fringe maps", () => {
  const base = {
    classes: ["amorphous", "crystalline"],
    architecture: "tiny" as const,
    epochs: 1,
    batchSize: 16,
    lr: 5e-3,
    schedule: "constant" as const,
    optimizer: "adamw" as const,
    weightDecay: 1e-4,
    augmentStrength: 0,
    seed: 4,
  };

  it("are recorded in model.json; 0 trains the network without them; --resume refuses a change, older checkpoints resume without maps", async () => {
    const rng = new Rng("lattice maps");
    const data = { train: toySet(rng, 16), val: toySet(rng, 16) };
    const withMaps = await train(data, { ...base, outDir: join(dir, "maps") });
    expect(withMaps.meta.architecture.latticeMaps).toBe(4);
    expect(withMaps.meta.input.lattice).toContain("GPA amplitude");
    // 4×4 space-to-depth of the 128 px input gives 16 channels, and the four maps four more
    expect(withMaps.weights["image.0.w"].shape).toEqual([9 * (16 + 4), 8]);
    const without = await train(data, { ...base, latticeMaps: 0, outDir: join(dir, "no-maps") });
    expect(without.meta.architecture.latticeMaps).toBe(0);
    expect(without.meta.input.lattice).toBeUndefined();
    expect(without.weights["image.0.w"].shape).toEqual([9 * 16, 8]);
    const model = await loadModel(join(dir, "no-maps"));
    const probs = await predict(model, [data.val[0].particle]);
    expect(probs[0][0] + probs[0][1]).toBeCloseTo(1, 5);
    await expect(
      train(data, { ...base, epochs: 2, latticeMaps: 2, outDir: join(dir, "maps"), resume: true }),
    ).rejects.toThrow(/latticeMaps=4, now 2/);
    // a checkpoint written before the maps existed records none: it resumes as a network without them
    const file = join(dir, "no-maps", "checkpoint.json");
    const old = JSON.parse(readFileSync(file, "utf8"));
    delete old.options.latticeMaps;
    writeFileSync(file, JSON.stringify(old));
    await expect(
      train(data, { ...base, epochs: 2, outDir: join(dir, "no-maps"), resume: true }),
    ).rejects.toThrow(/latticeMaps=0, now 4/);
    const resumed = await train(data, {
      ...base,
      epochs: 2,
      latticeMaps: 0,
      outDir: join(dir, "no-maps"),
      resume: true,
    });
    expect(resumed.history).toHaveLength(2);
  });

  it("with their phase maps: recorded in model.json, four more channels, and --resume refuses a change", async () => {
    const rng = new Rng("phase maps");
    const data = { train: toySet(rng, 16), val: toySet(rng, 16) };
    const out = join(dir, "phase");
    const result = await train(data, { ...base, latticePhase: true, outDir: out });
    expect(result.meta.architecture.latticePhase).toBe(true);
    expect(result.meta.input.lattice).toContain("GPA phase gradient");
    expect(result.weights["image.0.w"].shape).toEqual([9 * (16 + 8), 8]);
    const probs = await predict(await loadModel(out), [data.val[0].particle]);
    expect(probs[0][0] + probs[0][1]).toBeCloseTo(1, 5);
    await expect(train(data, { ...base, epochs: 2, outDir: out, resume: true })).rejects.toThrow(
      /latticePhase=true, now false/,
    );
  });
});
