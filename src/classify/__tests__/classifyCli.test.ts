import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "fast-png";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { writeTiffFloat32 } from "../../io/index.js";
import { runCli } from "../../cli/__tests__/runCli.js";
import { train } from "../train.js";
import { TOY_TRAINING, toyParticle } from "./toy.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-classify-"));
const modelDir = join(dir, "model");
const images = join(dir, "images");
const masks = join(dir, "masks");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeMask(path: string, mask: Uint8Array, width: number, height: number): void {
  writeFileSync(
    path,
    encode({ width, height, data: Uint8Array.from(mask, (m) => m * 255), depth: 8, channels: 1 }),
  );
}

beforeAll(async () => {
  const rng = new Rng("cli");
  mkdirSync(masks, { recursive: true });
  const set = (n: number) => Array.from({ length: n }, (_, i) => toyParticle(rng, i % 2 === 1));
  await train(
    { train: set(96), val: set(32) },
    { ...TOY_TRAINING, classes: [...TOY_TRAINING.classes], seed: 2, outDir: modelDir },
  );
  for (const [name, crystalline] of [
    ["a-amorphous.tif", false],
    ["b-crystal.tif", true],
  ] as const) {
    const s = toyParticle(rng, crystalline);
    writeTiffFloat32(join(images, name), s.particle);
    writeMask(join(masks, name.replace(".tif", ".png")), s.particle.mask!, 64, 64);
  }
  writeTiffFloat32(join(dir, "uncalibrated.tif"), { ...toyParticle(rng, true).particle, pixelSizeNm: null });
  writeFileSync(join(dir, "broken.tif"), "this is not a TIFF file");
  mkdirSync(join(dir, "mixed"));
  writeTiffFloat32(join(dir, "mixed", "a-good.tif"), toyParticle(rng, true).particle);
  writeFileSync(join(dir, "mixed", "b-broken.tif"), "this is not a TIFF file either");
  const cutOut = toyParticle(rng, true).particle;
  const fill = cutOut.data[0];
  mkdirSync(join(dir, "nan"));
  writeTiffFloat32(join(dir, "nan", "constant-fill.tif"), cutOut);
  writeTiffFloat32(join(dir, "nan", "nan-fill.tif"), {
    ...cutOut,
    data: cutOut.data.map((v) => (v === fill ? Number.NaN : v)),
  });
  writeTiffFloat32(join(dir, "all-nan.tif"), { ...cutOut, data: cutOut.data.map(() => Number.NaN) });
  // the same particle in 8 bits, cut out onto a transparent background over its noisy surroundings
  const grey8 = cutOut.data.map((v) => Math.round(100 + 400 * (v - fill)));
  const rgba = new Uint8Array(4 * grey8.length);
  grey8.forEach((v, i) => {
    const inside = cutOut.data[i] !== fill;
    rgba.fill(inside ? Math.min(255, Math.max(0, v)) : rng.int(256), 4 * i, 4 * i + 3);
    rgba[4 * i + 3] = inside ? 255 : 0;
  });
  mkdirSync(join(dir, "transparent"));
  writeFileSync(
    join(dir, "transparent", "a-transparent.png"),
    encode({ width: 64, height: 64, data: rgba, depth: 8, channels: 4 }),
  );
  writeTiffFloat32(join(dir, "transparent", "b-nan.tif"), {
    ...cutOut,
    pixelSizeNm: null,
    data: cutOut.data.map((v, i) => (v !== fill ? rgba[4 * i] : Number.NaN)),
  });
  writeMask(join(dir, "small-mask.png"), new Uint8Array(32 * 32).fill(1), 32, 32);
  for (const [folder, crystalline] of [
    ["amorphous", false],
    ["crystalline", true],
  ] as const) {
    mkdirSync(join(dir, "labelled", folder), { recursive: true });
    for (let i = 0; i < 3; i++)
      writeTiffFloat32(join(dir, "labelled", folder, `${i}.tif`), {
        ...toyParticle(rng, crystalline).particle,
        pixelSizeNm: null,
      });
  }
});

describe("nanocryst classify", () => {
  it("writes the CSV columns of design.md for a 2-class model and labels the particles", () => {
    const r = runCli(["classify", images, "--model", modelDir, "--mask", masks]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("file,label,confidence,p_amorphous,p_crystalline");
    expect(lines).toHaveLength(3);
    const [, amorphous, crystal] = lines.map((l) => l.split(","));
    expect(amorphous[0]).toContain("a-amorphous.tif");
    expect(amorphous[1]).toBe("amorphous");
    expect(crystal[1]).toBe("crystalline");
    expect(Number(crystal[3]) + Number(crystal[4])).toBeCloseTo(1, 3);
    expect(Number(crystal[2])).toBe(Math.max(Number(crystal[3]), Number(crystal[4])));
  });

  it("--threshold 1 leaves only certain particles labelled; --format json has the CSV's fields and the mask's source", () => {
    const r = runCli(["classify", images, "--model", modelDir, "--threshold", "1", "--format", "json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0])).toEqual([
      "file",
      "label",
      "confidence",
      "p_amorphous",
      "p_crystalline",
      "mask",
    ]);
    // the test images are cut-outs with a constant fill round the particle
    expect(rows.map((row) => row.mask)).toEqual(["cut-out", "cut-out"]);
    // confidences are printed to 4 decimals: only a printed 1 can belong to a labelled particle
    for (const row of rows) {
      if ((row.confidence as number) < 0.9999) expect(row.label).toBe("unknown");
      if (row.label !== "unknown") expect(row.confidence).toBe(1);
    }
  });

  it("uses --pixel-size for an uncalibrated image, and fails with one line without it", () => {
    const file = join(dir, "uncalibrated.tif");
    expect(runCli(["classify", file, "--model", modelDir, "--pixel-size", "0.05"]).code).toBe(0);
    const r = runCli(["classify", file, "--model", modelDir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("uncalibrated.tif");
    expect(r.stderr).toContain("--pixel-size");
  });

  it("classifies a float cut-out whose surroundings are NaN as the same cut-out with a constant fill", () => {
    const r = runCli(["classify", join(dir, "nan"), "--model", modelDir, "--format", "json"]);
    expect(r.code).toBe(0);
    const [constant, nan] = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(nan.file).toContain("nan-fill.tif");
    expect(nan.mask).toBe("cut-out");
    expect(Number.isFinite(nan.p_crystalline)).toBe(true);
    expect(nan.p_crystalline).toBe(constant.p_crystalline);
  });

  it("takes a PNG cut out onto a transparent background as a cut-out: the alpha channel is its mask", () => {
    const args = ["classify", join(dir, "transparent"), "--model", modelDir, "--pixel-size", "0.05"];
    const r = runCli([...args, "--format", "json"]);
    expect(r.code).toBe(0);
    const [png, tif] = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(png.mask).toBe("cut-out");
    expect(png.p_crystalline).toBe(tif.p_crystalline);
  });

  it("an image without a finite pixel: exit 1, one line naming the file", () => {
    const r = runCli(["classify", join(dir, "all-nan.tif"), "--model", modelDir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("all-nan.tif");
    expect(r.stderr).toContain("finite");
  });

  it("a folder of class folders: exit 1, one line naming them and pointing to evaluate", () => {
    const labelled = join(dir, "sorted-by-class");
    mkdirSync(join(labelled, "Amorphous"), { recursive: true });
    mkdirSync(join(labelled, "Polycrystalline"), { recursive: true });
    const r = runCli(["classify", labelled, "--model", modelDir]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("sub-folders (Amorphous, Polycrystalline)");
    expect(r.stderr).toContain("nanocryst evaluate --data");
  });

  it("warns, in one line, when pixels are too coarse to resolve lattice fringes", () => {
    const file = join(dir, "uncalibrated.tif");
    const fine = runCli(["classify", file, "--model", modelDir, "--pixel-size", "0.05"]);
    expect(fine.stderr).not.toContain("warning");
    const r = runCli(["classify", file, "--model", modelDir, "--pixel-size", "0.2"]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^warning: 1 of 1 images have pixels coarser than 0\.11 nm \(up to 0\.200 nm/);
    expect(r.stderr).toContain("uncalibrated.tif");
  });

  it("evaluate takes a labelled folder from elsewhere: class folders, uncalibrated images, --pixel-size", () => {
    const data = join(dir, "labelled");
    const out = join(dir, "labelled-report");
    const r = runCli(["evaluate", "--model", modelDir, "--data", data, "--out", out, "--pixel-size", "0.05"]);
    expect(r.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.all.count).toBe(6);
    const all = runCli([
      "evaluate",
      "--model",
      modelDir,
      "--data",
      data,
      "--out",
      out,
      "--pixel-size",
      "0.05",
      "--split",
      "all",
    ]);
    expect(all.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).all.count).toBe(6);
    // several folders are evaluated together
    const twice = [
      "evaluate",
      "--model",
      modelDir,
      "--data",
      data,
      data,
      "--out",
      out,
      "--pixel-size",
      "0.05",
    ];
    expect(runCli(twice).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).all.count).toBe(12);
    const missing = runCli(["evaluate", "--model", modelDir, "--data", data, "--out", out]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain("--pixel-size");
  });

  it("a folder with an unreadable image: the others are classified and written, one line for it, exit 1", () => {
    const out = join(dir, "mixed.csv");
    const r = runCli(["classify", join(dir, "mixed"), "--model", modelDir, "--out", out]);
    expect(r.code).toBe(1);
    const rows = readFileSync(out, "utf8").trim().split("\n");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain("a-good.tif");
    const errors = r.stderr.trim().split("\n");
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^error: .*b-broken\.tif: /);
    expect(errors[1]).toBe("error: 1 of 2 images could not be classified");
  });

  it("evaluate --split all reads the three splits of a dataset together", () => {
    const data = join(dir, "splits");
    const counts = { train: 2, val: 1, test: 3 };
    const rng = new Rng("splits");
    for (const [split, n] of Object.entries(counts))
      for (let i = 0; i < n; i++) {
        mkdirSync(join(data, split, "monocrystalline"), { recursive: true });
        writeTiffFloat32(
          join(data, split, "monocrystalline", `${split}-${i}.tif`),
          toyParticle(rng, true).particle,
        );
      }
    const out = join(dir, "splits-report");
    const count = (split: string) => {
      expect(
        runCli(["evaluate", "--model", modelDir, "--data", data, "--out", out, "--split", split]).code,
      ).toBe(0);
      return JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")).all.count;
    };
    expect(count("test")).toBe(3);
    expect(count("all")).toBe(6);
  });

  it("an unreadable image: exit 1, one line naming the file", () => {
    const r = runCli(["classify", join(dir, "broken.tif"), "--model", modelDir, "--pixel-size", "0.05"]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("broken.tif");
  });

  it("a mask of the wrong size: exit 1, one line giving both sizes", () => {
    const r = runCli([
      "classify",
      join(images, "b-crystal.tif"),
      "--model",
      modelDir,
      "--mask",
      join(dir, "small-mask.png"),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/32×32.*64×64/);
  });

  it("a folder that is not a model: exit 1", () => {
    const r = runCli(["classify", images, "--model", images]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("model.json");
  });

  it("an unknown --detector, or a segmentation model with the classical detector: exit 1, one line", () => {
    const bad = runCli(["classify", images, "--model", modelDir, "--detector", "sobel"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("--detector");
    const mixed = runCli([
      "classify",
      images,
      "--model",
      modelDir,
      "--detector",
      "classic",
      "--segmentation-model",
      dir,
    ]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain("--segmentation-model");
  });
});
