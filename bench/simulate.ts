/**
 * HRTEM simulation speed (issue #3). Standard case: 6 nm cell, 512 × 512 grid, 0.2 nm slices, a 3 nm gold
 * sphere on a freshly generated 3 nm carbon support, explicit focal averaging (7 points), 1 and 8 frozen-phonon
 * configurations. Reports ms per image (wall and CPU), the share of time inside 2-D FFTs, the FFTs per image,
 * peak memory, and images per second with worker threads on all cores. FFT options are compared on one 512²
 * transform: fft.js (float64, row/column gather) as the baseline vs the shipped `Fft2d`.
 */
import { availableParallelism } from "node:os";
import FFT from "fft.js";
import { Fft2d, Rng } from "../src/core/index.js";
import { simulateBatch, simulateImage, TITAN_300KV } from "../src/simulate/index.js";
import { buildSpecimen, type Structure } from "../src/structure/index.js";
import { type BenchResult, report, time } from "./harness.js";

const N = 512;

/** The previous 2-D FFT: fft.js rows, then columns gathered into a scratch vector. */
function fftJs2d(n: number): (data: Float64Array) => void {
  const f = new FFT(n) as unknown as { transform(out: Float64Array, input: Float64Array): void };
  const out = new Float64Array(2 * n);
  const col = new Float64Array(2 * n);
  return (data) => {
    for (let y = 0; y < n; y++) {
      const row = data.subarray(2 * y * n, 2 * (y + 1) * n);
      f.transform(out, row);
      row.set(out);
    }
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        col[2 * y] = data[2 * (y * n + x)];
        col[2 * y + 1] = data[2 * (y * n + x) + 1];
      }
      f.transform(out, col);
      for (let y = 0; y < n; y++) {
        data[2 * (y * n + x)] = out[2 * y];
        data[2 * (y * n + x) + 1] = out[2 * y + 1];
      }
    }
  };
}

async function cpuTimed(name: string, fn: () => unknown, runs: number): Promise<BenchResult> {
  const cpu0 = process.cpuUsage();
  const result = await time(name, fn, runs);
  const cpu = process.cpuUsage(cpu0);
  result.extra = { cpuMsPerRun: ((cpu.user + cpu.system) / 1000 / (runs + 1)).toFixed(1) };
  return result;
}

/** Counts and times every Fft2d call while `fn` runs. */
function withFftAccounting<T>(fn: () => T): { value: T; fftMs: number; ffts: number; totalMs: number } {
  const proto = Fft2d.prototype;
  const forward = proto.forward;
  const inverse = proto.inverse;
  let fftMs = 0;
  let ffts = 0;
  const wrap = (original: (d: Float64Array) => void) =>
    function (this: Fft2d, d: Float64Array) {
      const t0 = performance.now();
      original.call(this, d);
      fftMs += performance.now() - t0;
      ffts++;
    };
  proto.forward = wrap(forward);
  proto.inverse = wrap(inverse);
  const t0 = performance.now();
  try {
    const value = fn();
    return { value, fftMs, ffts, totalMs: performance.now() - t0 };
  } finally {
    proto.forward = forward;
    proto.inverse = inverse;
  }
}

/** Runs the simulation benchmark. */
export async function benchSimulate(): Promise<void> {
  const data = new Float64Array(2 * N * N).map((_, i) => Math.sin(i * 0.37));
  const old = fftJs2d(N);
  const fft = new Fft2d(N, N);
  const band = Math.floor(N / 3);
  // Interleaved rounds, median CPU time per transform: fair on a machine shared with other jobs.
  const variants: [string, () => void][] = [
    ["fft.js 2-D forward, 512² (previous Fft2d)", () => old(data)],
    ["Fft2d forward, 512² (DIF radix-2², y vectorised over rows, x rows in place)", () => fft.forward(data)],
    [
      "Fft2d forward + inverse band-limited to ⅔ Nyquist, per transform",
      () => {
        fft.forward(data, band);
        fft.inverse(data, band);
      },
    ],
  ];
  const cpu: number[][] = variants.map(() => []);
  for (let round = 0; round < 7; round++) {
    variants.forEach(([, run], v) => {
      run();
      const c0 = process.cpuUsage();
      for (let r = 0; r < 5; r++) run();
      const c = process.cpuUsage(c0);
      cpu[v].push((c.user + c.system) / 1000 / (v === 2 ? 10 : 5));
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fftResults: BenchResult[] = variants.map(([name], v) => ({
    name,
    medianMs: median(cpu[v]),
    runs: 35,
  }));
  report(
    "2-D FFT, 512 × 512 complex float64 (median CPU ms, interleaved)",
    fftResults[0],
    fftResults.slice(1),
  );

  let seed = 0;
  const specimen = (): Structure =>
    buildSpecimen(
      { shape: "sphere", diameterNm: 3, supportThicknessNm: 3, boxNm: 6 },
      new Rng(["bench", seed++]),
    );
  const options = { pixelSizeNm: 0.02, sliceThicknessNm: 0.2, gridSize: N };
  const results: BenchResult[] = [];
  for (const phonons of [1, 8]) {
    const runs = phonons === 1 ? 3 : 1;
    let last = { fftMs: 0, ffts: 0, totalMs: 1 };
    const r = await cpuTimed(
      `simulateImage, fresh specimen, ${phonons} phonon configuration(s), 7 focal points`,
      () => {
        const s = specimen();
        last = withFftAccounting(() => simulateImage(s, TITAN_300KV, { ...options, phonons }, new Rng(seed)));
      },
      runs,
    );
    r.extra = {
      ...r.extra,
      fftShare: `${((100 * last.fftMs) / last.totalMs).toFixed(0)}%`,
      fftsPerImage: last.ffts,
      msPerFft: (last.fftMs / last.ffts).toFixed(2),
      peakRssMb: (process.resourceUsage().maxRSS / 1024).toFixed(0),
    };
    results.push(r);
  }
  report("HRTEM image, 6 nm cell, 512² grid, 0.2 nm slices, Au 3 nm on C 3 nm", results[0], results);

  const workers = availableParallelism();
  const jobs = Array.from({ length: 2 * workers }, (_, i) => ({
    structure: specimen(),
    microscope: TITAN_300KV,
    options: { ...options, phonons: 1 },
    seed: i,
  }));
  const t0 = performance.now();
  await simulateBatch(jobs, { workers });
  const batchMs = performance.now() - t0;
  const batch: BenchResult = {
    name: `simulateBatch, ${jobs.length} images, 1 configuration, ${workers} workers`,
    medianMs: batchMs / jobs.length,
    runs: 1,
    extra: { imagesPerSecond: ((1000 * jobs.length) / batchMs).toFixed(3) },
  };
  report("Throughput on all cores (ms per image)", results[0], [batch]);
}
