import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "fast-png";
import { afterAll, describe, expect, it } from "vitest";
import { NanocrystError } from "../../core/index.js";
import { writeTiffFloat32 } from "../../io/index.js";
import { loadSplit, uncalibratedPixelSizeNm } from "../data.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-data-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An 8-bit PNG (no calibration) of one bright pixel on a constant fill: a tiny cut-out. */
function writePngCutOut(path: string): void {
  const data = new Uint8Array(16 * 16).fill(50);
  data[8 * 16 + 8] = 200;
  writeFileSync(path, encode({ width: 16, height: 16, data, depth: 8, channels: 1 }));
}

/** Class folders with one PNG each, directly in `dir` (no split folder), as other tools write them. */
function flatFolder(dir: string, classes: string[]): void {
  for (const c of classes) {
    mkdirSync(join(dir, c), { recursive: true });
    writePngCutOut(join(dir, c, `${c}-1.png`));
  }
}

async function inputErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof NanocrystError && e.kind === "input") return e.oneLine();
    throw e;
  }
  throw new Error("no error");
}

describe("a labelled folder from elsewhere", () => {
  it("may hold its class folders directly; uncalibrated images take the given pixel size", async () => {
    const dir = join(root, "flat3");
    flatFolder(dir, ["amorphous", "monocrystalline", "polycrystalline"]);
    const samples = await loadSplit(dir, "test", 3, { pixelSizeNm: 0.02 });
    expect(samples.map((s) => [s.folder, s.label])).toEqual([
      ["amorphous", 0],
      ["monocrystalline", 1],
      ["polycrystalline", 2],
    ]);
    expect(samples.every((s) => s.particle.pixelSizeNm?.x === 0.02)).toBe(true);
    // the cut-out's implicit mask: the one pixel that differs from the fill
    expect(samples[0].particle.mask?.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("without a pixel size, is an input error naming the image, not a silent guess", async () => {
    const dir = join(root, "flat3");
    expect(await inputErrorOf(loadSplit(dir, "test", 3))).toMatch(/amorphous-1\.png: .*--pixel-size/);
  });

  it("may label two classes amorphous and crystalline, for 2-class models only", async () => {
    const dir = join(root, "flat2");
    flatFolder(dir, ["amorphous", "crystalline"]);
    const samples = await loadSplit(dir, "test", 2, { pixelSizeNm: 0.02 });
    expect(samples.map((s) => s.label)).toEqual([0, 1]);
    expect(await inputErrorOf(loadSplit(dir, "test", 3, { pixelSizeNm: 0.02 }))).toMatch(/2-class model/);
  });

  it("may name its class folders in any case and by their short names", async () => {
    const dir = join(root, "names3");
    flatFolder(dir, ["Polycrystalline", "single-crystalline", "Amorph", "Mono", "notes"]);
    const samples = await loadSplit(dir, "test", 3, { pixelSizeNm: 0.02 });
    expect(samples.map((s) => [s.folder, s.label])).toEqual([
      ["Amorph", 0],
      ["Mono", 1],
      ["single-crystalline", 1],
      ["Polycrystalline", 2],
    ]);
    const two = join(root, "names2");
    flatFolder(two, ["AMORPHOUS", "Crystals"]);
    expect((await loadSplit(two, "test", 2, { pixelSizeNm: 0.02 })).map((s) => s.label)).toEqual([0, 1]);
    expect(await inputErrorOf(loadSplit(two, "test", 3, { pixelSizeNm: 0.02 }))).toMatch(/2-class model/);
  });

  it("in a nanocryst dataset, uncalibrated images (the pattern preset) fit the network input", async () => {
    const dir = join(root, "pattern");
    mkdirSync(join(dir, "test", "amorphous"), { recursive: true });
    writeFileSync(join(dir, "dataset.json"), "{}");
    writePngCutOut(join(dir, "test", "amorphous", "p.png"));
    const [sample] = await loadSplit(dir, "test", 3);
    expect(sample.particle.pixelSizeNm?.x).toBe(uncalibratedPixelSizeNm(16, 16));
  });

  it("a nanocryst split layout still wins over class folders: the split is read", async () => {
    const dir = join(root, "split");
    mkdirSync(join(dir, "test", "amorphous"), { recursive: true });
    const data = new Float32Array(64).fill(1);
    data[27] = 2;
    writeTiffFloat32(join(dir, "test", "amorphous", "a.tif"), {
      data,
      width: 8,
      height: 8,
      pixelSizeNm: { x: 0.04, y: 0.04 },
    });
    const samples = await loadSplit(dir, "test", 3);
    expect(samples.map((s) => s.id)).toEqual(["a"]);
    expect(await inputErrorOf(loadSplit(dir, "val", 3))).toMatch(/no "val" split here/);
  });
});
