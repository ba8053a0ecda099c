import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { NanocrystError, packagePath, Rng } from "../../core/index.js";
import { architecture } from "../architecture.js";
import type { InputBatch } from "../engine.js";
import { createOnnxEngine } from "../engineOnnx.js";
import { type Model, modelJson } from "../model.js";
import { predict } from "../predict.js";
import { prepareViews, SYMMETRY_VIEWS } from "../prepare.js";
import { PreparePool, preparePool, setPrepareWorkers } from "../preparePool.js";
import type { ParticleImage } from "../resample.js";
import { initialWeights } from "../weights.js";
import { toyParticle } from "./toy.js";

const arch = architecture("tiny", 3, 64, 2, 4, true);
const inputPixelSizeNm = 0.08;

/**
 * Toy particles of every kind the pool must carry unchanged: with and without a mask (found from the
 * cut-out's fill), at several and anisotropic pixel sizes, and one whose pixels are a view into a larger
 * buffer (as cut-outs of a micrograph can be).
 */
function particles(n: number, rng: Rng): ParticleImage[] {
  const pixelSizes = [0.05, 0.03, 0.08];
  return Array.from({ length: n }, (_, i) => {
    const pixelSizeNm = pixelSizes[i % 3];
    const { particle } = toyParticle(rng, i % 2 === 1, Math.round(3.2 / pixelSizeNm), pixelSizeNm);
    if (i % 4 === 2) particle.mask = undefined;
    if (i % 5 === 3) particle.pixelSizeNm = { x: pixelSizeNm, y: pixelSizeNm * 0.9 };
    if (i % 7 === 4) {
      const larger = new Float32Array(particle.data.length + 100);
      larger.set(particle.data, 50);
      particle.data = larger.subarray(50, 50 + particle.data.length);
    }
    return particle;
  });
}

/** How many values of `a` and `b` differ in their bits (so 0 ≠ −0 and NaN = NaN); −1 if their lengths do. */
function bitDifferences(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return -1;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) count++;
  return count;
}

function expectSameBatches(got: InputBatch[], expected: InputBatch[]): void {
  expect(got).toHaveLength(expected.length);
  got.forEach((batch, v) => {
    expect(batch.count).toBe(expected[v].count);
    expect(bitDifferences(batch.images, expected[v].images)).toBe(0);
    expect(bitDifferences(batch.spectra, expected[v].spectra)).toBe(0);
    expect(bitDifferences(batch.lattice, expected[v].lattice)).toBe(0);
  });
}

/** A model of `arch` on ONNX Runtime, the engine `classify` uses. */
async function onnxModel(rng: Rng): Promise<Model> {
  const weights = initialWeights(arch, rng);
  // a stronger head, so that the probabilities differ from particle to particle
  for (const [name, t] of Object.entries(weights))
    if (name === "dense.w") for (let i = 0; i < t.data.length; i++) t.data[i] *= 30;
  const engine = await createOnnxEngine(arch, weights);
  expect(engine).not.toBeNull();
  return {
    dir: "",
    meta: modelJson(["a", "b", "c"], arch, inputPixelSizeNm),
    engine: engine!,
    classes: ["a", "b", "c"],
  };
}

/**
 * Restarts the shared pool and waits until a worker has loaded: a cold pool leaves the chunks no worker
 * has begun to the caller, so a test of the workers' answers needs a warm one.
 */
async function warmPool(): Promise<PreparePool> {
  await setPrepareWorkers();
  const pool = preparePool();
  expect(pool, "the pool needs the built worker: npm run build").not.toBeNull();
  await pool!.prepare(particles(1, new Rng("warm-up")), arch, inputPixelSizeNm, []).result;
  return pool!;
}

/** Counts the pool's answers by kind while the test runs (`restore` when done). */
function countAnswers() {
  const counts = { batches: 0, error: 0, requests: 0 };
  const original = PreparePool.prototype.prepare;
  const spy = vi.spyOn(PreparePool.prototype, "prepare").mockImplementation(function (
    this: PreparePool,
    ...args
  ) {
    const request = original.apply(this, args);
    counts.requests++;
    void request.result.then((r) => {
      if ("batches" in r) counts.batches++;
      if ("error" in r) counts.error++;
    });
    return request;
  });
  return { counts, restore: () => spy.mockRestore() };
}

describe("input preparation in worker threads", () => {
  afterAll(() => setPrepareWorkers());

  it("a worker prepares the same bytes as prepareViews on this thread and leaves the caller's buffers intact", async () => {
    const items = particles(12, new Rng("pool bytes"));
    const copies = items.map((p) => p.data.slice());
    await setPrepareWorkers();
    const pool = preparePool();
    expect(pool, "the pool needs the built worker: npm run build").not.toBeNull();
    // the workers are still loading their modules: the first request can be taken back
    expect(pool!.prepare(items, arch, inputPixelSizeNm, SYMMETRY_VIEWS).withdraw()).toBe(true);
    const result = await pool!.prepare(items, arch, inputPixelSizeNm, SYMMETRY_VIEWS).result;
    expect("batches" in result).toBe(true);
    if ("batches" in result)
      expectSameBatches(result.batches, prepareViews(items, arch, inputPixelSizeNm, SYMMETRY_VIEWS));
    for (const [i, p] of items.entries()) expect(bitDifferences(p.data, copies[i])).toBe(0);
  });

  it("predict gives bitwise the serial path's probabilities, the chunks after the first prepared by the pool", async () => {
    const rng = new Rng("pool predict");
    const model = await onnxModel(rng);
    // 8 views take 32 particles a chunk: 75 particles are three chunks, the last one short
    const items = particles(75, rng);
    const { counts, restore } = countAnswers();
    try {
      await setPrepareWorkers(0);
      const serial = await predict(model, items, { views: 8 });
      expect(counts.requests).toBe(0);
      // a call this small does not start the workers
      await setPrepareWorkers();
      await predict(model, items, { views: 8 });
      expect(counts.requests).toBe(0);
      expect(preparePool(false)).toBeNull();
      await warmPool();
      counts.batches = 0;
      const pooled = await predict(model, items, { views: 8 });
      expect(counts.batches).toBe(2);
      expect(pooled).toHaveLength(items.length);
      for (const [i, p] of pooled.entries()) expect(bitDifferences(p, serial[i])).toBe(0);
      // a single chunk stays on this thread
      counts.requests = 0;
      await predict(model, items.slice(0, 32), { views: 8 });
      expect(counts.requests).toBe(0);
    } finally {
      restore();
      model.engine.dispose();
    }
  });

  it("a bad particle in a worker's chunk throws the serial path's error, without a warning", async () => {
    const rng = new Rng("pool errors");
    const model = await onnxModel(rng);
    const warn = vi.spyOn(process, "emitWarning");
    const { counts, restore } = countAnswers();
    try {
      const spoilt = [
        (p: ParticleImage) => p.mask?.fill(0),
        (p: ParticleImage) => (p.pixelSizeNm = null),
        (p: ParticleImage) => (p.mask = new Uint8Array(7)),
      ].map((spoil) => {
        const items = particles(70, rng);
        spoil(items[49]);
        return items;
      });
      const failure = (items: ParticleImage[]) =>
        predict(model, items, { views: 8 }).then(
          () => null,
          (e: unknown) => e as NanocrystError,
        );
      await setPrepareWorkers(0);
      const serial = [];
      for (const items of spoilt) serial.push(await failure(items));
      await warmPool();
      for (const [k, items] of spoilt.entries()) {
        const pooled = await failure(items);
        expect(serial[k]).toBeInstanceOf(NanocrystError);
        expect(pooled).toBeInstanceOf(NanocrystError);
        expect(pooled?.kind).toBe(serial[k]?.kind);
        expect(pooled?.message).toBe(serial[k]?.message);
      }
      expect(counts.error).toBe(spoilt.length);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      restore();
      warn.mockRestore();
      model.engine.dispose();
    }
  });

  it("a worker that cannot start stops the pool with a warning; its requests answer instead of hanging", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nanocryst-pool-"));
    const file = join(dir, "broken.mjs");
    writeFileSync(file, 'throw new Error("cannot load");\n');
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      const pool = new PreparePool(file, 2);
      const items = particles(2, new Rng("broken"));
      const result = await pool.prepare(items, arch, inputPixelSizeNm, SYMMETRY_VIEWS).result;
      expect(result).toEqual({ stopped: true });
      expect(pool.running).toBe(false);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/cannot load/);
      expect(await pool.prepare(items, arch, inputPixelSizeNm, SYMMETRY_VIEWS).result).toEqual({
        stopped: true,
      });
    } finally {
      warn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("idle workers let a process end by itself, busy ones keep it alive until they answer", () => {
    // top-level await on a worker's answer with nothing else pending: an unreferenced busy worker would
    // end the process early (exit code 13); a referenced idle one would keep it from ending
    const script = `
      import { preparePool } from ${JSON.stringify(packagePath("dist", "src", "classify", "preparePool.js"))};
      import { architecture } from ${JSON.stringify(packagePath("dist", "src", "classify", "architecture.js"))};
      const size = 48;
      const data = Float32Array.from({ length: size * size }, (_, i) => Math.sin(i));
      const mask = new Uint8Array(size * size).fill(1);
      const particle = { data, width: size, height: size, pixelSizeNm: { x: 0.05, y: 0.05 }, mask };
      const result = await preparePool().prepare([particle], architecture("tiny", 3, 64), 0.08, [
        { rotationRad: 0, scale: 1, flipX: false, flipY: false },
      ]).result;
      console.log(result.batches ? "prepared" : JSON.stringify(result));
    `;
    // a file, not --eval: workers inherit the process's node options, and --input-type fails in a worker
    const dir = mkdtempSync(join(tmpdir(), "nanocryst-pool-"));
    try {
      writeFileSync(join(dir, "run.mjs"), script);
      const out = execFileSync(process.execPath, [join(dir, "run.mjs")], {
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(out.trim()).toBe("prepared");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
