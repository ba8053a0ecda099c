import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSnapshotCli as runCli } from "../../../dataset/__tests__/cliSnapshot.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-train-seg-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("nanocryst train-segmentation (built CLI)", () => {
  it("trains on a fields dataset, writes a model that analyze --detector net uses, refuses other data", () => {
    const data = join(root, "fields");
    const fieldArgs = [
      "--field-size",
      "128",
      "--max-sampling",
      "0.04",
      "--focal-points",
      "1",
      "--workers",
      "0",
    ];
    // ids s00000 (train) and s00004 (val): both splits present
    const made = runCli([
      "dataset",
      "generate",
      "--preset",
      "fields",
      "--count",
      "5",
      "--out",
      data,
      ...fieldArgs,
    ]);
    expect(made.code).toBe(0);
    const model = join(root, "model");
    const trained = runCli([
      "train-segmentation",
      "--data",
      data,
      "--out",
      model,
      "--steps",
      "3",
      "--batch",
      "2",
      "--crop",
      "16",
      "--validate-every",
      "3",
      "--hysteresis",
      "0.9",
    ]);
    expect(trained.stderr).toMatch(/training on \d+ whole images, validating on \d+/);
    expect(trained.code).toBe(0);
    const json = JSON.parse(readFileSync(join(model, "model.json"), "utf8"));
    expect(json.format).toBe("nanocryst-segmentation");
    expect(json.training.steps).toBe(3);
    expect(json.hysteresisThreshold).toBe(0.9);
    expect(json.refineOutlines).toBe(false);
    expect(json.training.data).toEqual([data]);
    expect(existsSync(join(model, "weights.safetensors"))).toBe(true);
    const rows = readFileSync(join(data, "manifest.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const analysed = runCli([
      "analyze",
      join(data, rows[0].files.field),
      "--out",
      join(root, "analysis"),
      "--detector",
      "net",
      "--segmentation-model",
      model,
    ]);
    expect(analysed.code).toBe(0);
    const pattern = join(root, "pattern");
    expect(
      runCli([
        "dataset",
        "generate",
        "--preset",
        "pattern",
        "--per-class",
        "2",
        "--pattern-size",
        "32",
        "--out",
        pattern,
      ]).code,
    ).toBe(0);
    const badHysteresis = runCli([
      "train-segmentation",
      "--data",
      data,
      "--out",
      join(root, "m3"),
      "--hysteresis",
      "0.3",
    ]);
    expect(badHysteresis.code).toBe(1);
    expect(badHysteresis.stderr.trim().split("\n")).toHaveLength(1);
    expect(badHysteresis.stderr).toMatch(/--hysteresis must lie between/);
    expect(existsSync(join(root, "m3"))).toBe(false);
    const refused = runCli(["train-segmentation", "--data", pattern, "--out", join(root, "m2")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/no whole simulated images with masks/);
  }, 180_000);
});
