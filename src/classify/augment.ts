import type { Rng } from "../core/index.js";
import { dilate, erode } from "../segment/index.js";
import { particleStatistics } from "./input.js";
import { particleMask, pixelSizeOf } from "./locate.js";
import type { Geometry, ParticleImage, Resampled } from "./resample.js";

/**
 * Training-time augmentation after the paper (Methods): random scaling, rotation, x/y reflection, brightness
 * and contrast, Gaussian blur — plus shot or read noise at a random dose. Ranges at strength 1:
 * - with probability ½ the geometry is a symmetry of the pixel grid (a multiple of 90°, true scale, no blur),
 *   the condition of an unrotated test image whose finest fringes (2.5–4 px at 0.04 nm/px) no interpolation
 *   or blur has damped; a network that only ever saw damped fine fringes calls crisp ones polycrystalline;
 * - otherwise rotation uniform in [0, 2π); reflections each with probability ½ (no handedness here);
 * - scale (off the grid) in [0.9, 1.1]: calibration errors and the spread of fcc lattice constants (Cu 0.361 nm …
 *   Au 0.408 nm) — not more, since keeping the physical scale is the point of a fixed input pixel size;
 * - brightness: a linear ramp of up to ±15 % of the particle contrast across the crop (uneven illumination or
 *   support thickness); contrast: a gamma-like curve z + c·z² with |c| ≤ 0.15 — a uniform offset or gain
 *   would be removed by the per-particle normalisation anyway;
 * - blur (off the grid) σ ≤ 0.04 nm (0.5 px at 0.08 nm/px): the paper's σ ≤ 2 px was at 224 px over a ≈3 nm particle,
 *   i.e. ≈ 0.03 nm; a blur of 2 px at our scale would erase the 0.2 nm fringes and mislabel crystals;
 * - noise: with probability ½ Poisson at a random dose of 20–2000 counts per (0.08 nm)² (300–30 000 e⁻/Å²;
 *   below that the fringes of a 1 nm particle vanish in the noise and the label would be a guess), per input
 *   pixel in proportion to its area so that every input grid sees the same physical dose; else Gaussian
 *   with σ up to 0.3 × the particle's own standard deviation;
 * - contrast inversion with probability ½: whether atom columns image dark or bright depends on defocus and
 *   thickness (the CTF's sign), which other instruments and simulation codes choose differently;
 * - mask boundary: with probability ½ the mask grows or shrinks by a distance uniform in [−0.2, +0.4] nm.
 *   Masks of real micrographs come from a detector, not from the atomic model: on whole simulated particle
 *   images the classical detector's boundary lies −0.09 … +0.2 nm (10th–90th percentile) from the true one,
 *   and a model trained on true masks lost 4.4 points of accuracy with masks grown by 0.2 nm (2.4 after
 *   training with this). Growth reaches further than shrinkage because a detector more often takes in
 *   support than loses particle, and shrinking a 1 nm particle by 0.2 nm leaves too little of it.
 * `strength` scales every range (0 = no augmentation), the knob that `--tune` searches.
 */
export interface Augmentation {
  geometry: Geometry;
  /** Gaussian blur σ in network pixels [px]. */
  blurSigmaPx: number;
  /** Brightness ramp (x, y) slope in units of the particle std per crop width. */
  ramp: [number, number];
  /** Quadratic contrast coefficient. */
  curvature: number;
  /** Poisson dose [counts/px] or null. */
  doseCounts: number | null;
  /** Gaussian noise σ relative to the particle std. */
  gaussianSigma: number;
  /** Mirror the intensities about the particle mean. */
  invert: boolean;
  /** Distance the mask boundary moves outward (negative: inward) [nm]. */
  maskShiftNm: number;
}

/** Pixel side the augmentation's dose range refers to [nm]. */
const DOSE_PIXEL_NM = 0.08;

/** Draws one augmentation. @param strength 0 … 2, scales all ranges (1 = the ranges above) */
export function drawAugmentation(rng: Rng, strength: number, inputPixelSizeNm: number): Augmentation {
  const s = strength;
  const poisson = rng.chance(0.5);
  const onGrid = rng.chance(0.5);
  const rotationRad = onGrid ? (rng.int(4) * Math.PI) / 2 : rng.range(0, 2 * Math.PI);
  const scale = onGrid ? 1 : 1 + s * rng.range(-0.1, 0.1);
  const blurNm = onGrid ? 0 : s * rng.range(0, 0.04);
  return {
    geometry: {
      rotationRad: s > 0 ? rotationRad : 0,
      scale,
      flipX: s > 0 && rng.chance(0.5),
      flipY: s > 0 && rng.chance(0.5),
    },
    blurSigmaPx: blurNm / inputPixelSizeNm,
    ramp: [s * rng.range(-0.15, 0.15), s * rng.range(-0.15, 0.15)],
    curvature: s * rng.range(-0.15, 0.15),
    doseCounts:
      poisson && s > 0 ? (rng.logRange(20, 2000) / s) * (inputPixelSizeNm / DOSE_PIXEL_NM) ** 2 : null,
    gaussianSigma: poisson ? 0 : s * rng.range(0, 0.3),
    invert: s > 0 && rng.chance(0.5),
    maskShiftNm: s > 0 && rng.chance(0.5) ? s * rng.range(-0.2, 0.4) : 0,
  };
}

/** Shrinking stops before the mask loses more than this fraction of its area (small particles). */
const MAX_AREA_LOSS = 0.5;

/**
 * The particle with its mask boundary moved outward by `shiftNm` (inward when negative), by a Euclidean disc
 * at the image's own pixel size; a mask found by `particleMask` when the particle has none. A shrink that
 * would remove more than half the mask is reduced to the largest whole-pixel radius that keeps half.
 * @param shiftNm boundary displacement [nm]
 */
export function shiftMaskBoundary(particle: ParticleImage, shiftNm: number): ParticleImage {
  const radiusPx = Math.abs(shiftNm) / pixelSizeOf(particle);
  if (!(radiusPx >= 1 && Number.isFinite(radiusPx))) return particle;
  const original = particle.mask ?? particleMask(particle).mask;
  const binary = { data: original, width: particle.width, height: particle.height };
  if (shiftNm > 0) return { ...particle, mask: dilate(binary, radiusPx).data };
  const area = countSet(original);
  for (let r = radiusPx; r >= 1; r = Math.ceil(r) - 1) {
    const mask = erode(binary, r).data;
    if (countSet(mask) >= (1 - MAX_AREA_LOSS) * area) return { ...particle, mask };
  }
  return particle;
}

function countSet(mask: Uint8Array): number {
  let n = 0;
  for (const v of mask) if (v) n++;
  return n;
}

/**
 * Applies the intensity part of an augmentation to a resampled particle (in place), before normalisation.
 * @param rng source of the noise
 */
export function applyIntensityAugmentation(r: Resampled, aug: Augmentation, size: number, rng: Rng): void {
  const { image, coverage } = r;
  if (aug.blurSigmaPx > 0.05) gaussianBlur(image, size, aug.blurSigmaPx);
  const stats = particleStatistics(r);
  if (stats.count < 2) return;
  const { mean } = stats;
  const std = Math.max(stats.std, 1e-10);
  const half = (size - 1) / 2;
  let min = Infinity;
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const k = j * size + i;
      const z = ((image[k] - mean) / std) * (aug.invert ? -1 : 1);
      const ramp = (aug.ramp[0] * (i - half) + aug.ramp[1] * (j - half)) / size;
      image[k] = mean + std * (z + aug.curvature * z * z + ramp);
      if (coverage[k] >= 0.5 && image[k] < min) min = image[k];
    }
  if (aug.doseCounts !== null) {
    // counts proportional to the intensity above the particle's darkest value plus one std of headroom
    const offset = min - std;
    const gain = aug.doseCounts / (mean - offset);
    for (let k = 0; k < image.length; k++) {
      if (coverage[k] <= 0) continue;
      image[k] = rng.poisson(Math.max(0, (image[k] - offset) * gain)) / gain + offset;
    }
  } else if (aug.gaussianSigma > 0) {
    for (let k = 0; k < image.length; k++)
      if (coverage[k] > 0) image[k] += aug.gaussianSigma * std * rng.normal();
  }
}

/**
 * Separable Gaussian blur of a square `size²` image in place, with half-sample symmetric boundaries and a
 * kernel normalised to 1: the blur matrix is then doubly stochastic, so the image mean is preserved exactly.
 * @param sigmaPx standard deviation [px]
 */
export function gaussianBlur(image: Float32Array, size: number, sigmaPx: number): void {
  const radius = Math.max(1, Math.ceil(3 * sigmaPx));
  const kernel = new Float64Array(2 * radius + 1);
  let total = 0;
  for (let t = -radius; t <= radius; t++) {
    kernel[t + radius] = Math.exp((-0.5 * t * t) / (sigmaPx * sigmaPx));
    total += kernel[t + radius];
  }
  for (let t = 0; t < kernel.length; t++) kernel[t] /= total;
  const line = new Float64Array(size);
  const reflect = (p: number) => {
    const period = 2 * size;
    let q = ((p % period) + period) % period;
    if (q >= size) q = period - 1 - q;
    return q;
  };
  for (let pass = 0; pass < 2; pass++) {
    const stride = pass === 0 ? 1 : size;
    const step = pass === 0 ? size : 1;
    for (let l = 0; l < size; l++) {
      const base = l * step;
      for (let p = 0; p < size; p++) {
        let acc = 0;
        for (let t = -radius; t <= radius; t++)
          acc += kernel[t + radius] * image[base + reflect(p + t) * stride];
        line[p] = acc;
      }
      for (let p = 0; p < size; p++) image[base + p * stride] = line[p];
    }
  }
}
