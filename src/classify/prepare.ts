import type { Rng } from "../core/index.js";
import type { Architecture } from "./architecture.js";
import { applyIntensityAugmentation, drawAugmentation } from "./augment.js";
import type { InputBatch } from "./engine.js";
import { logPowerSpectrum, normaliseParticle, SpectrumWorkspace } from "./input.js";
import { type ParticleImage, resampleParticle } from "./resample.js";

/** Random augmentation to apply while preparing inputs (training only). */
export interface AugmentOptions {
  rng: Rng;
  /** 0 = none, 1 = the documented ranges (see augment.ts). */
  strength: number;
}

const workspaces = new Map<number, SpectrumWorkspace>();

/**
 * Turns particle images into network inputs: resample to the model's pixel size and crop around the mask
 * centroid, (optionally augment), normalise, and compute the spectrum channel.
 * @param inputPixelSizeNm the model's input pixel size [nm]
 */
export function prepareInputs(
  particles: readonly ParticleImage[],
  arch: Architecture,
  inputPixelSizeNm: number,
  augment?: AugmentOptions,
): InputBatch {
  const { cropPx, spectrumPx } = arch;
  let ws = workspaces.get(cropPx);
  if (!ws) {
    ws = new SpectrumWorkspace(cropPx);
    workspaces.set(cropPx, ws);
  }
  const images = new Float32Array(particles.length * cropPx * cropPx);
  const spectra = new Float32Array(particles.length * spectrumPx * spectrumPx);
  particles.forEach((particle, index) => {
    const aug = augment ? drawAugmentation(augment.rng, augment.strength, inputPixelSizeNm) : null;
    const resampled = resampleParticle(particle, inputPixelSizeNm, cropPx, aug?.geometry);
    if (aug && augment) applyIntensityAugmentation(resampled, aug, cropPx, augment.rng);
    const image = normaliseParticle(resampled);
    images.set(image, index * cropPx * cropPx);
    spectra.set(logPowerSpectrum(image, ws), index * spectrumPx * spectrumPx);
  });
  return { images, spectra, count: particles.length };
}
