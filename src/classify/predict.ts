import { applyTemperature } from "./calibration.js";
import type { Model } from "./model.js";
import { prepareViews, SYMMETRY_VIEWS } from "./prepare.js";
import type { ParticleImage } from "./resample.js";

/** Particles prepared per engine call; bounds memory for long lists. */
const CHUNK = 256;

/**
 * Class probabilities for each particle, in `model.classes` order. Each particle is a cut-out (or a whole
 * single-particle image) with its pixel size and optionally its mask (found by `particleMask` when absent).
 * The probabilities are the mean over the model's symmetry views (`model.json` inference.views: 1, or 8 =
 * every 90° rotation with and without a mirror, see `SYMMETRY_VIEWS`) unless `options.views` says otherwise;
 * then the model's calibration temperature is applied unless `options.calibrated` is false.
 */
export async function predict(
  model: Model,
  particles: readonly ParticleImage[],
  options: { calibrated?: boolean; views?: 1 | 8 } = {},
): Promise<Float32Array[]> {
  const temperature = options.calibrated === false ? 1 : (model.meta.calibration?.temperature ?? 1);
  const views = SYMMETRY_VIEWS.slice(0, options.views ?? model.meta.inference?.views ?? 1);
  const { architecture, input } = model.meta;
  const k = model.classes.length;
  const out: Float32Array[] = [];
  // with several views, fewer particles per chunk keep the prepared inputs (views × chunk images) in cache
  const chunkSize = Math.max(32, CHUNK / views.length);
  for (let start = 0; start < particles.length; start += chunkSize) {
    const chunk = particles.slice(start, start + chunkSize);
    const mean = new Float32Array(chunk.length * k);
    for (const batch of prepareViews(chunk, architecture, input.pixelSizeNm, views)) {
      const probs = await model.engine.predict(batch);
      for (let i = 0; i < mean.length; i++) mean[i] += probs[i] / views.length;
    }
    for (let i = 0; i < chunk.length; i++)
      out.push(applyTemperature(mean.slice(i * k, (i + 1) * k), temperature));
  }
  return out;
}
