import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../../core/index.js";
import { initialSegmentationWeights, type SegmentationArchitecture } from "../architecture.js";
import { loadSegmentationModel, saveSegmentationModel } from "../model.js";
import { SegmentationNetwork } from "../network.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-segnet-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ARCH: SegmentationArchitecture = { family: "unet", inputChannels: 2, channels: [8, 8, 8] };
const SIDE = 32;

/**
 * Toy scenes: discs whose first channel is +1 (support −1) under unit noise, the second channel pure noise;
 * the target is the disc. Separable by a 3×3 average, so a U-Net must learn it in a few dozen steps.
 */
function toyBatch(count: number, rng: Rng): { inputs: Float32Array; targets: Float32Array } {
  const inputs = new Float32Array(count * SIDE * SIDE * 2);
  const targets = new Float32Array(count * SIDE * SIDE);
  for (let n = 0; n < count; n++) {
    const cx = rng.range(8, 24);
    const cy = rng.range(8, 24);
    const r = rng.range(3, 7);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const p = n * SIDE * SIDE + y * SIDE + x;
        const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r ? 1 : 0;
        targets[p] = inside;
        inputs[2 * p] = (inside ? 1 : -1) + 0.7 * rng.normal();
        inputs[2 * p + 1] = rng.normal();
      }
    }
  }
  return { inputs, targets };
}

function iou(probs: Float32Array, targets: Float32Array): number {
  let both = 0;
  let either = 0;
  for (let p = 0; p < probs.length; p++) {
    const a = probs[p] > 0.5;
    const b = targets[p] > 0.5;
    if (a && b) both++;
    if (a || b) either++;
  }
  return both / either;
}

describe("segmentation network", () => {
  it("learns a separable toy segmentation, and saving then loading gives identical output", async () => {
    const rng = new Rng("toy-segmentation");
    const network = await SegmentationNetwork.create(
      ARCH,
      initialSegmentationWeights(ARCH, rng.fork("init")),
    );
    const test = toyBatch(8, rng.fork("test"));
    const before = iou(await network.predict({ inputs: test.inputs, count: 8, side: SIDE }), test.targets);
    const train = rng.fork("train");
    for (let step = 0; step < 80; step++) {
      const batch = toyBatch(8, train);
      await network.step({ ...batch, count: 8, side: SIDE }, 0.01, 1e-4);
    }
    const probs = await network.predict({ inputs: test.inputs, count: 8, side: SIDE });
    expect(before).toBeLessThan(0.5);
    expect(iou(probs, test.targets)).toBeGreaterThan(0.85);
    const dir = join(root, "model");
    saveSegmentationModel(dir, ARCH, await network.weights(), {
      threshold: 0.5,
      refineOutlines: false,
      training: { toy: true },
    });
    network.dispose();
    const loaded = await loadSegmentationModel(dir, "jax-js");
    expect(loaded.json.refineOutlines).toBe(false);
    const again = await loaded.network.predictTiles(test.inputs, 8, SIDE);
    loaded.network.dispose();
    expect(Array.from(again)).toEqual(Array.from(probs));
    // ONNX Runtime (optional dependency) runs the same exported weights to rounding
    const onnx = await loadSegmentationModel(dir, "auto");
    const viaOnnx = await onnx.network.predictTiles(test.inputs, 8, SIDE);
    onnx.network.dispose();
    let worst = 0;
    for (let p = 0; p < probs.length; p++) worst = Math.max(worst, Math.abs(viaOnnx[p] - probs[p]));
    expect(worst).toBeLessThan(1e-4);
    // a model.json written before the outline setting existed keeps the refinement it was measured with
    const { refineOutlines: _, ...older } = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    writeFileSync(join(dir, "model.json"), JSON.stringify(older));
    const old = await loadSegmentationModel(dir, "jax-js");
    old.network.dispose();
    expect(old.json.refineOutlines).toBe(true);
  }, 60_000);

  it("names the file when the model folder is missing", async () => {
    await expect(loadSegmentationModel(join(root, "nowhere"))).rejects.toThrow(/no segmentation model here/);
  });
});
