/**
 * HRTEM simulation speed (issue #3). Standard case: 6 nm cell, 512 × 512 grid, 0.2 nm slices, a 3 nm gold
 * sphere on a freshly generated 3 nm carbon support, explicit focal averaging (7 points), 1 and 8 frozen-phonon
 * configurations. Reports CPU and wall ms per image, the share of time inside 2-D FFTs, the FFTs per image,
 * peak memory, and images per second with worker threads on all cores.
 *
 * Every comparison is made in the same run (the machine is shared): the 2-D FFT engines on one 512² transform
 * (fft.js, the scalar JavaScript `ScalarFft2d` that preceded the WebAssembly kernel, and `Fft2d`), and the whole
 * image with `Fft2d` swapped for the scalar engine.
 */
import { availableParallelism } from "node:os";
import FFT from "fft.js";
import { Fft2d, multiplyPointwise, Rng, ScalarFft2d } from "../src/core/index.js";
import { simulateBatch, simulateImage, TITAN_300KV } from "../src/simulate/index.js";
import { buildSpecimen, type Structure } from "../src/structure/index.js";
import { type BenchResult, report } from "./harness.js";

const N = 512;
type Transform = (data: Float64Array, band?: number, factor?: Float64Array) => void;

/** fft.js rows, then columns gathered into a scratch vector (the first 2-D FFT of the project). */
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

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Interleaved rounds, median CPU time per call of each variant: fair on a machine shared with other jobs. */
function interleaved(variants: [string, () => void][], rounds: number, callsPerRound: number): BenchResult[] {
  const cpu: number[][] = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    variants.forEach(([, run], v) => {
      run();
      const c0 = cpuMs();
      for (let r = 0; r < callsPerRound; r++) run();
      cpu[v].push((cpuMs() - c0) / callsPerRound);
    });
  }
  return variants.map(([name], v) => ({ name, medianMs: median(cpu[v]), runs: rounds * callsPerRound }));
}

/**
 * Runs `fn` with `Fft2d` transforms replaced by the scalar engine (a pointwise factor applied in JavaScript
 * first, with the same zeroing of skipped columns as the kernel), to compare engines inside the full pipeline.
 */
function withScalarEngine<T>(fn: () => T): T {
  const proto = Fft2d.prototype;
  const { forward, inverse } = proto;
  const engines = new Map<string, ScalarFft2d>();
  const engine = (fft: Fft2d) => {
    const key = `${fft.width}x${fft.height}`;
    if (!engines.has(key)) engines.set(key, new ScalarFft2d(fft.width, fft.height));
    return engines.get(key)!;
  };
  proto.forward = function (this: Fft2d, data, maxRow = this.height, factor) {
    if (factor) multiplyPointwise(data, factor, this.width, this.width);
    engine(this).forward(data, maxRow);
  } as Transform;
  proto.inverse = function (this: Fft2d, data, maxColumn = this.width, factor) {
    if (factor)
      multiplyPointwise(data, factor, 2 * maxColumn + 1 < this.width ? maxColumn : this.width, this.width);
    engine(this).inverse(data, maxColumn);
  } as Transform;
  try {
    return fn();
  } finally {
    proto.forward = forward;
    proto.inverse = inverse;
  }
}

/** Counts and times every Fft2d call while `fn` runs (wall time, as the total). */
function withFftAccounting<T>(fn: () => T): { value: T; fftMs: number; ffts: number; totalMs: number } {
  const proto = Fft2d.prototype;
  const { forward, inverse } = proto;
  let fftMs = 0;
  let ffts = 0;
  const wrap = (original: Transform) =>
    function (this: Fft2d, data: Float64Array, band?: number, factor?: Float64Array) {
      const t0 = performance.now();
      original.call(this, data, band, factor);
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
  const fftJs = fftJs2d(N);
  const scalar = new ScalarFft2d(N, N);
  const fft = new Fft2d(N, N);
  const [own, factor] = fft.allocateGroup(2);
  own.set(data);
  factor.fill(0.5);
  const band = Math.floor(N / 3);
  const fftResults = interleaved(
    [
      ["ScalarFft2d forward, 512² (scalar JavaScript, the previous Fft2d)", () => scalar.forward(data)],
      ["fft.js 2-D forward, 512² (row/column gather)", () => fftJs(data)],
      ["Fft2d forward, 512², own buffer (WebAssembly SIMD f64x2)", () => fft.forward(own)],
      ["Fft2d forward, 512², plain Float64Array (copied in and out)", () => fft.forward(data)],
      [
        "ScalarFft2d forward + inverse band-limited to ⅔ Nyquist (per pair)",
        () => {
          scalar.forward(data, band);
          scalar.inverse(data, band);
        },
      ],
      [
        "Fft2d forward + inverse band-limited, own buffer, fused factor (per pair)",
        () => {
          fft.forward(own, band, factor);
          fft.inverse(own, band, factor);
        },
      ],
    ],
    7,
    5,
  );
  report("2-D FFT, 512 × 512 complex float64 (median CPU ms per call)", fftResults[0], fftResults.slice(1));

  let seed = 0;
  const specimen = (): Structure =>
    buildSpecimen(
      { shape: "sphere", diameterNm: 3, supportThicknessNm: 3, boxNm: 6 },
      new Rng(["bench", seed++]),
    );
  const options = { pixelSizeNm: 0.02, sliceThicknessNm: 0.2, gridSize: N };
  const image = (phonons: number) => {
    const s = specimen();
    return () => simulateImage(s, TITAN_300KV, { ...options, phonons }, new Rng(seed));
  };
  const results: BenchResult[] = [];
  for (const phonons of [1, 8]) {
    const rounds = phonons === 1 ? 3 : 2;
    const cpu: number[] = [];
    const scalarCpu: number[] = [];
    const wall: number[] = [];
    let last = { fftMs: 0, ffts: 0, totalMs: 1 };
    image(phonons)(); // warm-up (JIT, this thread's work buffers)
    for (let round = 0; round < rounds; round++) {
      const run = image(phonons);
      const c0 = cpuMs();
      last = withFftAccounting(run);
      cpu.push(cpuMs() - c0);
      wall.push(last.totalMs);
      const scalarRun = image(phonons);
      const c1 = cpuMs();
      withScalarEngine(scalarRun);
      scalarCpu.push(cpuMs() - c1);
    }
    const name = `simulateImage, fresh specimen, ${phonons} configuration(s), 7 focal points`;
    results.push({ name: `${name}, scalar FFT engine (CPU)`, medianMs: median(scalarCpu), runs: rounds });
    results.push({
      name: `${name} (CPU)`,
      medianMs: median(cpu),
      runs: rounds,
      extra: {
        wallMs: median(wall).toFixed(0),
        fftShare: `${((100 * last.fftMs) / last.totalMs).toFixed(0)}%`,
        fftsPerImage: last.ffts,
        msPerFft: (last.fftMs / last.ffts).toFixed(2),
        peakRssMb: (process.resourceUsage().maxRSS / 1024).toFixed(0),
      },
    });
  }
  report("HRTEM image, 6 nm cell, 512² grid, 0.2 nm slices, Au 3 nm on C 3 nm", results[0], results);

  const workers = Math.min(2, availableParallelism());
  const batch: BenchResult[] = [];
  for (const phonons of [1, 8]) {
    const jobs = Array.from({ length: phonons === 1 ? 4 * workers : 2 * workers }, (_, i) => ({
      structure: specimen(),
      microscope: TITAN_300KV,
      options: { ...options, phonons },
      seed: i,
    }));
    const t0 = performance.now();
    await simulateBatch(jobs, { workers });
    const batchMs = performance.now() - t0;
    batch.push({
      name: `simulateBatch, ${jobs.length} images, ${phonons} configuration(s), ${workers} workers (wall per image)`,
      medianMs: batchMs / jobs.length,
      runs: 1,
      extra: { imagesPerSecond: ((1000 * jobs.length) / batchMs).toFixed(3) },
    });
  }
  report("Throughput on both cores (wall ms per image, worker start-up included)", batch[0], batch);
}
