import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packagePath, Rng } from "../../core/index.js";
import { writePng, writeTiffFloat32 } from "../../io/index.js";
import { runCli } from "../../cli/__tests__/runCli.js";
import { loadSplit } from "../data.js";
import { useWholeImages } from "../wholeImages.js";
import { ParticleLocator } from "../locate.js";
import { toyParticle } from "./toy.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-whole-images-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PIXEL_NM = 0.05;
const FIELD_PX = 160;
/** The simulated particle of the whole image: a disc of fringes (d = 0.2355 nm) of radius 1 nm. */
const DISC = { column: 60, row: 70, radiusPx: 20 };

/** A whole image: weak support noise and the fringed disc; with the disc's digitised outline. */
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
 * A dataset folder: cut-outs in train/ and val/, and whole images with their true masks for the
 * monocrystalline or all training particles.
 */
function writeDataset(dir: string, wholeImages: "mono" | "all"): Float32Array {
  const rng = new Rng("whole-images");
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
  const { data, mask } = wholeImage(rng);
  const image = { width: FIELD_PX, height: FIELD_PX, pixelSizeNm };
  for (const [folder, id] of wholeImages === "all" ? WHOLE_IMAGES : WHOLE_IMAGES.slice(0, 1)) {
    mkdirSync(join(dir, "fields/train", folder), { recursive: true });
    mkdirSync(join(dir, "field-masks/train", folder), { recursive: true });
    writeTiffFloat32(join(dir, "fields/train", folder, `${id}.tif`), { ...image, data });
    writePng(
      join(dir, "field-masks/train", folder, `${id}.png`),
      { ...image, data: Float32Array.from(mask) },
      { bitDepth: 8, range: [0, 1] },
    );
  }
  return data;
}

const WHOLE_IMAGES = [
  ["monocrystalline", "s00000"],
  ["amorphous", "s00001"],
] as const;

describe("whole simulated images with found outlines", () => {
  it("replaces each particle that has a whole image by it, with the outline the locator finds there", async () => {
    const dir = join(root, "with");
    const whole = writeDataset(dir, "mono");
    const samples = await loadSplit(dir, "train", 3);
    const locator = new ParticleLocator({ detector: "classic" });
    const { replaced, agreement } = await useWholeImages(samples, dir, "train", locator);
    await locator.dispose();
    expect(replaced).toBe(1);
    const mono = samples.find((s) => s.folder === "monocrystalline");
    const amorphous = samples.find((s) => s.folder === "amorphous");
    expect(amorphous?.particle.width).toBe(64);
    if (!mono?.particle.mask) throw new Error("no outline");
    expect([mono.particle.width, mono.particle.height]).toEqual([FIELD_PX, FIELD_PX]);
    expect(Array.from(mono.particle.data)).toEqual(Array.from(whole));
    // the locator's outline: it covers the fringed disc but is not its digitised outline
    const truth = wholeImage(new Rng("x")).mask;
    let overlap = 0;
    let union = 0;
    for (let i = 0; i < truth.length; i++) {
      overlap += truth[i] & mono.particle.mask[i];
      union += truth[i] | mono.particle.mask[i];
    }
    expect(overlap / union).toBeGreaterThan(0.6);
    expect(overlap / union).toBeLessThan(1);
    // compared with the true mask file: one particle, so the medians are its own figures
    const trueArea = truth.reduce((a, v) => a + v, 0);
    const foundArea = mono.particle.mask.reduce((a, v) => a + v, 0);
    expect(agreement?.count).toBe(1);
    expect(agreement?.iouMedian).toBeCloseTo(overlap / union, 12);
    expect(agreement?.ecdErrorMedian).toBeCloseTo(Math.abs(Math.sqrt(foundArea / trueArea) - 1), 12);
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
    const two = runCli([...args, "--data", partial, partial, "--out", join(root, "refused")], {
      cwd: packagePath(),
    });
    expect(two.code).toBe(1);
    expect(two.stderr.trim().split("\n")).toHaveLength(1);
    expect(two.stderr).toContain("one --data folder");
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
    expect(metrics.outlineAgreement.count).toBe(2);
    expect(result.stdout).toMatch(/found outlines against the true masks \(2\): IoU median 0\.\d+/);
    // the same particles as cut-outs with their true masks (other images here) give other probabilities
    const plain = join(root, "plain");
    const cutOuts = runCli([...args.slice(0, -1), "--data", all, "--out", plain], { cwd: packagePath() });
    expect(cutOuts.code).toBe(0);
    const rows = (dir: string) => readFileSync(join(dir, "predictions.csv"), "utf8").split("\n").slice(1, 3);
    expect(rows(out)[0]).not.toBe(rows(plain)[0]);
    expect(rows(out)[1]).not.toBe(rows(plain)[1]);
  });
});
