import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packagePath, Rng } from "../../core/index.js";
import { writePng, writeTiffFloat32 } from "../../io/index.js";
import { runCli } from "../../cli/__tests__/runCli.js";
import { loadSplit } from "../data.js";
import { cropToOutlines, useDetectedMasks } from "../detectedMasks.js";
import { ParticleLocator } from "../locate.js";
import { toyParticle } from "./toy.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-detected-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PIXEL_NM = 0.05;
const FIELD_PX = 160;
/** The simulated particle of the whole image: a disc of fringes (d = 0.2355 nm) of radius 1 nm. */
const DISC = { column: 60, row: 70, radiusPx: 20 };

/** A whole image: weak smooth support texture, and the fringed disc; with its true mask. */
function wholeImage(rng: Rng): { data: Float32Array; mask: Uint8Array } {
  const data = new Float32Array(FIELD_PX * FIELD_PX);
  const mask = new Uint8Array(FIELD_PX * FIELD_PX);
  const k = (2 * Math.PI * PIXEL_NM) / 0.2355;
  for (let r = 0; r < FIELD_PX; r++)
    for (let c = 0; c < FIELD_PX; c++) {
      const i = r * FIELD_PX + c;
      data[i] = 1 + 0.01 * rng.normal();
      if ((c - DISC.column) ** 2 + (r - DISC.row) ** 2 <= DISC.radiusPx ** 2) {
        mask[i] = 1;
        data[i] += 0.2 * Math.cos(k * (0.8 * c + 0.6 * r));
      }
    }
  return { data, mask };
}

/**
 * A dataset folder: cut-outs in train/ and val/, and whole images for none, the monocrystalline or all
 * training particles.
 */
function writeDataset(dir: string, wholeImages: "none" | "mono" | "all"): Float32Array {
  const rng = new Rng("detected-masks");
  const pixelSizeNm = { x: PIXEL_NM, y: PIXEL_NM };
  for (const split of ["train", "val"])
    for (const [id, crystalline] of [
      ["s00000", true],
      ["s00001", false],
    ] as const) {
      const folder = crystalline ? "monocrystalline" : "amorphous";
      mkdirSync(join(dir, split, folder), { recursive: true });
      writeTiffFloat32(join(dir, split, folder, `${id}.tif`), toyParticle(rng, crystalline).particle);
    }
  const whole = wholeImage(rng);
  const image = { width: FIELD_PX, height: FIELD_PX, pixelSizeNm };
  for (const folder of wholeImages === "all"
    ? ["monocrystalline", "amorphous"]
    : wholeImages === "mono"
      ? ["monocrystalline"]
      : []) {
    const id = folder === "monocrystalline" ? "s00000" : "s00001";
    mkdirSync(join(dir, "fields/train", folder), { recursive: true });
    mkdirSync(join(dir, "field-masks/train", folder), { recursive: true });
    writeTiffFloat32(join(dir, "fields/train", folder, `${id}.tif`), { ...image, data: whole.data });
    writePng(
      join(dir, "field-masks/train", folder, `${id}.png`),
      { ...image, data: Float32Array.from(whole.mask) },
      { bitDepth: 8, range: [0, 1] },
    );
  }
  return whole.data;
}

describe("training on detected outlines", () => {
  it("crops the image and both outlines to their union's bounding box plus 0.6 nm of support, clipped", () => {
    const width = 50;
    const height = 40;
    const mask = new Uint8Array(width * height);
    const detectedMask = new Uint8Array(width * height);
    mask[20 * width + 30] = 1; // column 30, row 20
    detectedMask[25 * width + 2] = 1; // column 2, row 25
    const data = Float32Array.from({ length: width * height }, (_, i) => i);
    const crop = cropToOutlines({ data, width, height, pixelSizeNm: { x: 0.1, y: 0.1 }, mask, detectedMask });
    // 0.6 nm = 6 px: columns 0 (clipped from −4) … 36, rows 14 … 31
    expect([crop.width, crop.height]).toEqual([37, 18]);
    expect(crop.data[0]).toBe(14 * width);
    expect(crop.mask?.[(20 - 14) * 37 + 30]).toBe(1);
    expect(crop.detectedMask?.[(25 - 14) * 37 + 2]).toBe(1);
    expect(crop.mask?.reduce((s, v) => s + v, 0)).toBe(1);
  });

  it("gives each training particle with a whole image the detector's outline beside the true one", async () => {
    const dir = join(root, "with");
    const whole = writeDataset(dir, "mono");
    const samples = await loadSplit(dir, "train", 3);
    const locator = new ParticleLocator({ detector: "classic" });
    const found = await useDetectedMasks(samples, dir, "train", locator);
    await locator.dispose();
    expect(found).toBe(1);
    const mono = samples.find((s) => s.folder === "monocrystalline")?.particle;
    const amorphous = samples.find((s) => s.folder === "amorphous")?.particle;
    expect(amorphous?.detectedMask).toBeUndefined();
    expect(amorphous?.width).toBe(64);
    if (!mono?.mask || !mono.detectedMask) throw new Error("no outlines");
    // the true disc, 41 px across, plus 12 px of support on each side (the detector's outline lies inside)
    expect(mono.width).toBeGreaterThanOrEqual(41 + 24);
    expect(mono.width).toBeLessThan(41 + 24 + 10);
    const trueArea = mono.mask.reduce((s, v) => s + v, 0);
    expect(trueArea).toBe(Array.from(wholeImage(new Rng("x")).mask).filter(Boolean).length);
    let overlap = 0;
    let union = 0;
    for (let i = 0; i < mono.mask.length; i++) {
      overlap += mono.mask[i] & mono.detectedMask[i];
      union += mono.mask[i] | mono.detectedMask[i];
    }
    expect(overlap / union).toBeGreaterThan(0.6);
    // the pixels are the whole image's: the crop's centre pixel is the disc centre's, wherever the crop lies
    const offset = whole.indexOf(mono.data[0]);
    const column0 = offset % FIELD_PX;
    const row0 = Math.floor(offset / FIELD_PX);
    expect(mono.mask[(DISC.row - row0) * mono.width + DISC.column - column0]).toBe(1);
    expect(mono.data[(DISC.row - row0) * mono.width + DISC.column - column0]).toBe(
      whole[DISC.row * FIELD_PX + DISC.column],
    );
  });

  it("train --detected-masks refuses a dataset without whole images in one line", () => {
    const dir = join(root, "without");
    writeDataset(dir, "none");
    const result = runCli(["train", "--data", dir, "--out", join(root, "model"), "--detected-masks"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/--detected-masks needs the whole simulated images/);
  });

  it("evaluate --detected-masks classifies the whole images with the outlines found there, and needs all of them", () => {
    const partial = join(root, "partial");
    writeDataset(partial, "mono");
    const args = ["evaluate", "--model", "models/default-3class", "--split", "train", "--detected-masks"];
    const refused = runCli([...args, "--data", partial, "--out", join(root, "refused")], {
      cwd: packagePath(),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(/1 of 2 have none/);
    const all = join(root, "all");
    writeDataset(all, "all");
    const out = join(root, "report");
    const result = runCli([...args, "--data", all, "--out", out, "--detector", "classic"], {
      cwd: packagePath(),
    });
    expect(result.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.outlines).toBe("found on whole simulated images");
    expect(metrics.all.count).toBe(2);
    // the same particles as cut-outs with their true masks (other images here) give other probabilities
    const plain = join(root, "plain");
    const cutOuts = runCli([...args.slice(0, -1), "--data", all, "--out", plain], { cwd: packagePath() });
    expect(cutOuts.code).toBe(0);
    const rows = (dir: string) => readFileSync(join(dir, "predictions.csv"), "utf8").split("\n").slice(1, 3);
    expect(rows(out)[0]).not.toBe(rows(plain)[0]);
    expect(rows(out)[1]).not.toBe(rows(plain)[1]);
  });
});
