import type { Rng } from "../core/index.js";
import type { Architecture } from "./architecture.js";
import { applyIntensityAugmentation, drawAugmentation } from "./augment.js";
import type { InputBatch } from "./engine.js";
import { logPowerSpectrum, normaliseParticle, SpectrumWorkspace } from "./input.js";
import { type Geometry, type ParticleImage, resampleParticle } from "./resample.js";

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
 * @param view fixed geometric transform of every particle (a symmetry view at inference); ignored with
 *   `augment`, which draws its own
 */
export function prepareInputs(
  particles: readonly ParticleImage[],
  arch: Architecture,
  inputPixelSizeNm: number,
  augment?: AugmentOptions,
  view?: Geometry,
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
    const resampled = resampleParticle(particle, inputPixelSizeNm, cropPx, aug?.geometry ?? view);
    if (aug && augment) applyIntensityAugmentation(resampled, aug, cropPx, augment.rng);
    const image = normaliseParticle(resampled);
    images.set(image, index * cropPx * cropPx);
    spectra.set(logPowerSpectrum(image, ws), index * spectrumPx * spectrumPx);
  });
  return { images, spectra, count: particles.length };
}

/**
 * The eight symmetry views of the square grid (rotations by multiples of 90°, with and without a mirror):
 * a particle's class does not change under them, so averaging the network's answers over them removes the
 * part of its error that depends on how the particle happens to lie. On the pixel grid they are exact
 * (no interpolation), so each view sees the same fringes.
 */
export const SYMMETRY_VIEWS: readonly Geometry[] = [0, 1, 2, 3].flatMap((quarter) =>
  [false, true].map((flipX) => ({ rotationRad: (quarter * Math.PI) / 2, scale: 1, flipX, flipY: false })),
);
