import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { architecture } from "../architecture.js";
import { type BatchPlan, epochBatches, workerBatches } from "../batches.js";
import { toySet } from "./toy.js";

describe("training batches", () => {
  const samples = toySet(new Rng("batches"), 40);
  const plan: BatchPlan = {
    particles: samples.map((s) => s.particle),
    labels: Int32Array.from(samples, (s) => s.label),
    arch: architecture("tiny", 2, 64),
    inputPixelSizeNm: 0.05,
    batchSize: 16,
    augmentStrength: 1,
    seed: 7,
  };

  it("an epoch is whole batches of shuffled samples, each sample at most once, with its own label", () => {
    const batches = [...epochBatches(plan, 0)];
    expect(batches.map((b) => b.batch.count)).toEqual([16, 16]);
    const labels = batches.flatMap((b) => [...b.labels]);
    const ones = plan.labels.reduce((a, b) => a + b, 0);
    expect(labels.filter((l) => l === 1).length).toBeLessThanOrEqual(ones);
    // another epoch draws another order and other augmentations
    const next = [...epochBatches(plan, 1)];
    expect(next[0].batch.images).not.toEqual(batches[0].batch.images);
  });

  it("the prefetching worker yields the same bytes as preparing on this thread, whatever epoch it starts at", async () => {
    const source = workerBatches(plan);
    try {
      for (const epoch of [3, 0]) {
        const expected = [...epochBatches(plan, epoch)];
        const got = [];
        for await (const b of source.epoch(epoch)) got.push(b);
        expect(got).toHaveLength(expected.length);
        got.forEach((b, i) => {
          expect(b.labels).toEqual(expected[i].labels);
          expect(b.batch.images).toEqual(expected[i].batch.images);
          expect(b.batch.spectra).toEqual(expected[i].batch.spectra);
          expect(b.batch.lattice).toEqual(expected[i].batch.lattice);
        });
      }
    } finally {
      await source.close();
    }
  });
});
