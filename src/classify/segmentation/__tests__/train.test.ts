import { describe, expect, it } from "vitest";
import { Rng } from "../../../core/index.js";
import type { SegmentationArchitecture } from "../architecture.js";
import type { FieldExample } from "../fieldData.js";
import { trainSegmentation } from "../train.js";

const ARCH: SegmentationArchitecture = { family: "unet", inputChannels: 2, channels: [8, 8, 8] };
const SIDE = 32;

/** A disc scene: channel 1 is +1 on the disc and −1 around it under noise, channel 2 noise. */
function scene(rng: Rng, name: string): FieldExample {
  const data = new Float32Array(SIDE * SIDE * 2);
  const target = new Float32Array(SIDE * SIDE);
  const [cx, cy, r] = [rng.range(10, 22), rng.range(10, 22), rng.range(4, 7)];
  for (let p = 0; p < SIDE * SIDE; p++) {
    const inside = ((p % SIDE) - cx) ** 2 + (Math.floor(p / SIDE) - cy) ** 2 <= r * r ? 1 : 0;
    target[p] = inside;
    data[2 * p] = (inside ? 1 : -1) + 0.5 * rng.normal();
    data[2 * p + 1] = rng.normal();
  }
  return { name, dataset: "toy", input: { data, width: SIDE, height: SIDE, channels: 2, scale: 1 }, target };
}

describe("segmentation training that diverges", () => {
  const rng = new Rng("segmentation-divergence");
  const train = Array.from({ length: 4 }, (_, i) => scene(rng, `train-${i}`));
  const val = [scene(rng, "val")];
  const base = { batch: 2, cropPx: 32, architecture: ARCH, seed: 1 };

  it("stops at the first non-finite loss and keeps the best weights validated before it", async () => {
    // steps of 1e12 per weight overflow float32 activations within a step or two
    const result = await trainSegmentation(train, val, {
      ...base,
      steps: 30,
      learningRate: 1e12,
      validateEvery: 1,
    });
    expect(result.divergedAtStep).toBeDefined();
    expect(result.divergedAtStep).toBeLessThan(30);
    expect(result.history).toHaveLength(result.divergedAtStep! - 1);
    expect(result.bestStep).toBeLessThan(result.divergedAtStep!);
    for (const { data } of Object.values(result.weights)) expect(data.every(Number.isFinite)).toBe(true);
  });

  it("refuses in one message when it diverges before anything was validated", async () => {
    const poisoned = train.map((e) => ({
      ...e,
      input: { ...e.input, data: e.input.data.map(() => Number.NaN) },
    }));
    await expect(
      trainSegmentation(poisoned, val, { ...base, steps: 20, learningRate: 0.003, validateEvery: 10 }),
    ).rejects.toThrow(/not finite at step 1, before the first validation/);
  });

  it("a sound run reports no divergence", async () => {
    const result = await trainSegmentation(train, val, {
      ...base,
      steps: 4,
      learningRate: 0.003,
      validateEvery: 2,
    });
    expect(result.divergedAtStep).toBeUndefined();
    expect(result.history.map((h) => h.step)).toEqual([2, 4]);
  });
});
