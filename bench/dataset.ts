/**
 * Dataset generation speed: samples per second for each preset with 2 worker threads, CPU seconds per
 * sample, and the projected time of the full `poly` preset (7,883 samples, the paper's Table 5).
 * Wall-clock rates depend on what else runs on the machine; the CPU time per sample does not (much), so
 * the projection for an otherwise idle machine is 7,883 × CPU-s per sample / 2 cores.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Fft2d } from "../src/core/index.js";
import { generateDataset, makeConfig, type PresetName } from "../src/dataset/index.js";
import { type BenchResult, report, time } from "./harness.js";

const FULL_POLY = 7883;
const CORES = 2;
const CASES: { preset: PresetName; perClass: number }[] = [
  { preset: "pattern", perClass: 100 },
  { preset: "simulation-c", perClass: 4 },
  { preset: "simulation-c-si", perClass: 4 },
  { preset: "poly", perClass: 8 },
  { preset: "poly-plus", perClass: 4 },
];

/** Runs the dataset suite. */
export async function benchDataset(): Promise<void> {
  const fft = new Fft2d(256, 256);
  const data = new Float64Array(2 * 256 * 256).fill(1);
  const baseline = await time("Fft2d 256² forward (unit of multislice work)", () => fft.forward(data), 20);
  const results: BenchResult[] = [];
  const root = mkdtempSync(join(tmpdir(), "nanocryst-bench-dataset-"));
  try {
    for (const { preset, perClass } of CASES) {
      const outDir = join(root, preset);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const { rows } = await generateDataset({
        config: makeConfig(preset, { perClass }),
        outDir,
        workers: CORES,
      });
      const wallS = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuPerSample = (cpu.user + cpu.system) / 1e6 / rows.length;
      const extra: Record<string, string | number> = {
        samples: rows.length,
        samplesPerS: (rows.length / wallS).toFixed(2),
        cpuSPerSample: cpuPerSample.toFixed(3),
      };
      if (preset === "poly") {
        extra.projectedFullPolyMinAsMeasured = ((FULL_POLY * wallS) / rows.length / 60).toFixed(0);
        extra.projectedFullPolyMinIdle2Cores = ((FULL_POLY * cpuPerSample) / CORES / 60).toFixed(0);
      }
      results.push({
        name: `${preset} (${CORES} workers)`,
        medianMs: (1000 * wallS) / rows.length,
        runs: 1,
        extra,
      });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  report("dataset generation, wall ms per sample", baseline, results);
}
