import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writePng, writeTiffFloat32 } from "../../../io/index.js";
import { loadFieldExamples } from "../fieldData.js";
import { SEGMENTATION_PIXEL_NM } from "../input.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-fielddata-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SIDE_PX = 60;
const PIXEL_NM = 0.05;
const RADIUS_PX = 12;

/** A manifest row as a simulated particle dataset writes it, with or without a whole image. */
function row(id: string, split: string, whole: boolean) {
  return {
    id,
    index: 0,
    split,
    label: "monocrystalline",
    subtype: "sphere",
    support: "C",
    family: "single-crystal",
    pixelSizeNm: PIXEL_NM,
    width: SIDE_PX,
    height: SIDE_PX,
    params: {},
    files: {
      cutout: `${split}/monocrystalline/${id}.tif`,
      mask: null,
      field: whole ? `fields/${split}/monocrystalline/${id}.tif` : null,
      fieldMask: whole ? `field-masks/${split}/monocrystalline/${id}.png` : null,
    },
  };
}

/** A particle dataset on disk: each whole image holds a disc of radius 12 px in its mask. */
function writeDataset(dir: string, rows: ReturnType<typeof row>[]): void {
  const mask = new Float32Array(SIDE_PX * SIDE_PX);
  for (let y = 0; y < SIDE_PX; y++)
    for (let x = 0; x < SIDE_PX; x++)
      if ((x - 30) ** 2 + (y - 30) ** 2 < RADIUS_PX ** 2) mask[y * SIDE_PX + x] = 1;
  const calibration = { x: PIXEL_NM, y: PIXEL_NM };
  for (const r of rows) {
    if (!r.files.field || !r.files.fieldMask) continue;
    mkdirSync(join(dir, "fields", r.split, r.label), { recursive: true });
    mkdirSync(join(dir, "field-masks", r.split, r.label), { recursive: true });
    const image = Float32Array.from(mask, (m, p) => 1 + 0.2 * m + 0.01 * Math.sin(p));
    writeTiffFloat32(join(dir, r.files.field), {
      data: image,
      width: SIDE_PX,
      height: SIDE_PX,
      pixelSizeNm: calibration,
    });
    writePng(
      join(dir, r.files.fieldMask),
      { data: mask, width: SIDE_PX, height: SIDE_PX, pixelSizeNm: calibration },
      { bitDepth: 8, range: [0, 1] },
    );
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "manifest.jsonl"), `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
}

describe("loadFieldExamples", () => {
  it("reads the whole images of a particle dataset, per split, with the particle share as target", async () => {
    const dir = join(root, "particles");
    writeDataset(dir, [row("s0", "train", true), row("s1", "val", true), row("s2", "train", true)]);
    const train = await loadFieldExamples([dir], "train");
    expect(train.map((e) => e.name)).toEqual([`${dir}/s0`, `${dir}/s2`]);
    const [example] = train;
    expect(example.dataset).toBe(dir);
    // 60 px of 0.05 nm = 3 nm = 30 input px of 0.1 nm; each input pixel covers 2 × 2 image pixels
    expect(example.input.width).toBe((SIDE_PX * PIXEL_NM) / SEGMENTATION_PIXEL_NM);
    expect(example.input.scale).toBeCloseTo(2, 10);
    let covered = 0;
    for (const share of example.target) covered += share * 4;
    let discPixels = 0;
    for (let y = 0; y < SIDE_PX; y++)
      for (let x = 0; x < SIDE_PX; x++) if ((x - 30) ** 2 + (y - 30) ** 2 < RADIUS_PX ** 2) discPixels++;
    expect(covered).toBeCloseTo(discPixels, 6);
    expect(await loadFieldExamples([dir], "val")).toHaveLength(1);
  });

  it("refuses a dataset without whole images, naming it", async () => {
    const dir = join(root, "cut-outs only");
    writeDataset(dir, [row("s0", "train", false)]);
    await expect(loadFieldExamples([dir], "train")).rejects.toMatchObject({
      file: dir,
      message: expect.stringMatching(/no whole simulated images with masks/),
    });
  });
});
