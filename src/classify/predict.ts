import type { Architecture } from "./architecture.js";
import { applyCalibration } from "./calibration.js";
import { mergeClasses, networkClassesOf } from "./classGroups.js";
import type { InputBatch } from "./engine.js";
import type { Model } from "./model.js";
import { prepareViews, SYMMETRY_VIEWS } from "./prepare.js";
import { type PoolRequest, preparePool } from "./preparePool.js";
import type { Geometry, ParticleImage } from "./resample.js";
import { combineWindows, type ParticleWindows, particleWindows } from "./windows.js";

/** Particles prepared per engine call; bounds memory for long lists. */
const CHUNK = 256;

/**
 * Particles of a call that start the preparation workers. Starting costs each worker ≈ 0.2 s of CPU
 * (loading its modules), about half of what it then takes over from a 256-particle call (≈ 3 ms of
 * preparation a particle with 8 views), so a much smaller first call would not win it back; once started,
 * any call of several chunks uses them.
 */
const START_WORKERS_PARTICLES = 256;

/**
 * Class probabilities for each particle, in `model.classes` order. Each particle is a cut-out (or a whole
 * single-particle image) with its pixel size and optionally its mask (found by `particleMask` when absent).
 * The probabilities are the mean over the model's symmetry views (`model.json` inference.views: 1, or 8 =
 * every 90° rotation with and without a mirror, see `SYMMETRY_VIEWS`) unless `options.views` says otherwise;
 * then the model's calibration (temperature and class offsets) is applied unless `options.calibrated` is
 * false.
 * Particles are taken in chunks (32 with 8 views, 256 with 1). With several chunks, worker threads
 * (preparePool.ts; started by the first call of ≥ 256 particles) prepare the next chunks while the engine
 * runs on the current one. The probabilities, and the errors thrown for bad particles, are those of
 * preparing every chunk on the calling thread.
 * A particle larger than the network's field of view and than any particle it was trained on (`model.json`
 * inference.wholeUpToNm) is classified window by window and the answers combined (`particleWindows`,
 * `combineWindows`) unless `options.windows` is false.
 * A model that reads a 3-class network in two classes (`networkClasses`) sums the network's calibrated,
 * window-combined probabilities last (classGroups.ts).
 */
export async function predict(
  model: Model,
  particles: readonly ParticleImage[],
  options: { calibrated?: boolean; views?: 1 | 8; windows?: boolean } = {},
): Promise<Float32Array[]> {
  const probs = await predictNetwork(model, particles, options);
  return probs.map((p) => mergeClasses(p, model.meta));
}

/**
 * Window pixels (crops of image and mask) made before they are classified: particles are taken in groups
 * up to this many, so that many large particles (each up to 12 × 12 windows) do not hold all their
 * windows at once. 2²⁴ pixels are 80 MB; particles that fit the view add nothing.
 */
const WINDOW_PIXELS_PER_GROUP = 1 << 24;

/** {@link predict} in the network's own classes. */
async function predictNetwork(
  model: Model,
  particles: readonly ParticleImage[],
  options: { calibrated?: boolean; views?: 1 | 8; windows?: boolean },
): Promise<Float32Array[]> {
  if (options.windows === false) return predictViews(model, particles, options);
  const wholeUpToNm = model.meta.inference?.wholeUpToNm;
  const classes = networkClassesOf(model.meta);
  const out: Float32Array[] = [];
  let group: ParticleWindows[] = [];
  let pixels = 0;
  const classifyGroup = async () => {
    const probs = await predictViews(
      model,
      group.flatMap((s) => s.windows),
      options,
    );
    let next = 0;
    for (const { windows, weights } of group) {
      out.push(combineWindows(probs.slice(next, next + windows.length), weights, classes));
      next += windows.length;
    }
    group = [];
    pixels = 0;
  };
  for (const particle of particles) {
    const split = particleWindows(particle, model.meta.input, wholeUpToNm);
    group.push(split);
    if (split.windows.length > 1) for (const w of split.windows) pixels += w.width * w.height;
    if (pixels >= WINDOW_PIXELS_PER_GROUP) await classifyGroup();
  }
  if (group.length > 0) await classifyGroup();
  return out;
}

/** {@link predict} with every particle shown to the network as one view (its symmetry views aside). */
async function predictViews(
  model: Model,
  particles: readonly ParticleImage[],
  options: { calibrated?: boolean; views?: 1 | 8 },
): Promise<Float32Array[]> {
  const calibration = (options.calibrated !== false && model.meta.calibration) || { temperature: 1 };
  const views = SYMMETRY_VIEWS.slice(0, options.views ?? model.meta.inference?.views ?? 1);
  const { architecture, input } = model.meta;
  const k = networkClassesOf(model.meta).length;
  // with several views, fewer particles per chunk keep the prepared inputs (views × chunk images) in cache
  const chunkSize = Math.max(32, CHUNK / views.length);
  const out: Float32Array[] = [];
  const prepared = preparedChunks(particles, chunkSize, architecture, input.pixelSizeNm, views);
  for await (const [chunk, batches] of prepared) {
    const mean = new Float32Array(chunk.length * k);
    for (const batch of batches) {
      const probs = await model.engine.predict(batch);
      for (let i = 0; i < mean.length; i++) mean[i] += probs[i] / views.length;
    }
    for (let i = 0; i < chunk.length; i++)
      out.push(applyCalibration(mean.slice(i * k, (i + 1) * k), calibration));
  }
  return out;
}

/**
 * The particles in chunks of `chunkSize`, each with its prepared views, in order. The pool (if any) is asked for the chunks up to one per
 * worker ahead of the one being consumed; a chunk no worker has begun when its turn comes (the first one,
 * or any while the workers are still starting) is prepared on this thread, as is a single chunk, which
 * would only wait on a worker. A chunk the pool failed on is prepared here too: a bad particle then throws
 * the same error as on the serial path.
 * @param inputPixelSizeNm the model's input pixel size [nm]
 */
async function* preparedChunks(
  particles: readonly ParticleImage[],
  chunkSize: number,
  arch: Architecture,
  inputPixelSizeNm: number,
  views: readonly Geometry[],
): AsyncGenerator<[ParticleImage[], InputBatch[]]> {
  const chunks: ParticleImage[][] = [];
  for (let start = 0; start < particles.length; start += chunkSize)
    chunks.push(particles.slice(start, start + chunkSize));
  const pool = chunks.length > 1 ? preparePool(particles.length >= START_WORKERS_PARTICLES) : null;
  const ahead = new Map<number, PoolRequest>();
  try {
    for (let i = 0; i < chunks.length; i++) {
      if (pool)
        for (let j = i + 1; j <= Math.min(i + pool.size, chunks.length - 1); j++)
          if (!ahead.has(j)) ahead.set(j, pool.prepare(chunks[j], arch, inputPixelSizeNm, views));
      const request = ahead.get(i);
      ahead.delete(i);
      const result = request && !request.withdraw() ? await request.result : null;
      if (result && "batches" in result) {
        yield [chunks[i], result.batches];
        continue;
      }
      const batches = prepareViews(chunks[i], arch, inputPixelSizeNm, views);
      if (result && "error" in result)
        process.emitWarning(
          `nanocryst: an input preparation worker failed (${result.error}) where the main thread did not`,
        );
      yield [chunks[i], batches];
    }
  } finally {
    // after an error, the chunks no worker has begun are not worth preparing
    for (const request of ahead.values()) request.withdraw();
  }
}
