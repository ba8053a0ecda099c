import { describe, expect, it } from "vitest";
import { packagePath, Rng } from "../../core/index.js";
import { simulateImage } from "../image.js";
import { TITAN_300KV } from "../microscope.js";
import { makeStructure } from "./structures.js";

// Workers load the compiled worker.js, so the batch API is exercised from dist/ (built by `npm test`).
const { simulateBatch } = (await import(
  packagePath("dist", "src", "simulate", "index.js")
)) as typeof import("../index.js");

describe("simulateBatch", () => {
  const structure = makeStructure(
    [16, 16, 6],
    [
      [8, 8, 2, 79, 0],
      [4, 3, 4, 6, 1],
    ],
  );
  const options = { gridSize: 64, phonons: 2, pixelSizeNm: 0.05 };
  it("returns, in job order, the same images as simulateImage with the same seeds", async () => {
    const jobs = [1, 2, 3].map((seed) => ({
      structure,
      microscope: { ...TITAN_300KV, defocusNm: seed },
      options,
      seed,
    }));
    const images = await simulateBatch(jobs, { workers: 2 });
    for (const [i, job] of jobs.entries()) {
      const direct = simulateImage(structure, job.microscope, options, new Rng(job.seed));
      expect(images[i].width).toBe(direct.width);
      expect(Array.from(images[i].intensity)).toEqual(Array.from(direct.intensity));
    }
  });
  it("reports a failing job's error", async () => {
    const jobs = [{ structure, microscope: TITAN_300KV, options: { ...options, gridSize: 100 }, seed: 1 }];
    await expect(simulateBatch(jobs, { workers: 1 })).rejects.toThrow(/power of two/);
  });
});
