import { applyTemperature } from "./calibration.js";
import type { Model } from "./model.js";
import { prepareInputs } from "./prepare.js";
import type { ParticleImage } from "./resample.js";

/** Particles prepared per engine call; bounds memory for long lists. */
const CHUNK = 256;

/**
 * Class probabilities for each particle, in `model.classes` order. Each particle is a cut-out (or a whole
 * single-particle image) with its pixel size and optionally its mask (see `implicitMask` when absent).
 * The model's calibration temperature is applied unless `options.calibrated` is false.
 */
export async function predict(
  model: Model,
  particles: readonly ParticleImage[],
  options: { calibrated?: boolean } = {},
): Promise<Float32Array[]> {
  const temperature = options.calibrated === false ? 1 : (model.meta.calibration?.temperature ?? 1);
  const { architecture, input } = model.meta;
  const k = model.classes.length;
  const out: Float32Array[] = [];
  for (let start = 0; start < particles.length; start += CHUNK) {
    const batch = prepareInputs(particles.slice(start, start + CHUNK), architecture, input.pixelSizeNm);
    const probs = await model.engine.predict(batch);
    for (let i = 0; i < batch.count; i++)
      out.push(applyTemperature(probs.slice(i * k, (i + 1) * k), temperature));
  }
  return out;
}
