import { cropGrey, type PixelSizeNm } from "../io/index.js";
import { LANCZOS_TAPS } from "./lanczos.js";
import { particleMask } from "./locate.js";
import { LATTICE_RESOLVING_PIXEL_NM } from "./segmentation/detector.js";
import { areaSamples, type ParticleImage } from "./resample.js";

/**
 * Least share of a window the particle must fill for the window to be classified: corner windows of a
 * round particle that hold only a sliver of it say little.
 */
const MIN_WINDOW_FILL = 0.3;

/** A particle as the classifier sees it: one view, or overlapping windows when it is larger than the view. */
export interface ParticleWindows {
  /** The particle itself, or per window a crop of it whose mask is the particle's within that window. */
  windows: ParticleImage[];
  /** Particle pixels in each window (the weight of its answer). */
  weights: number[];
  /** Where each window's crop starts in the particle image [px]. */
  origins: { x: number; y: number }[];
}

/** Bounding box of a mask [px, inclusive]; `r1` < 0 when the mask is empty. */
function maskBox(mask: Uint8Array, width: number, height: number) {
  let r0 = height;
  let r1 = -1;
  let c0 = width;
  let c1 = -1;
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++)
      if (mask[r * width + c]) {
        r0 = Math.min(r0, r);
        r1 = Math.max(r1, r);
        c0 = Math.min(c0, c);
        c1 = Math.max(c1, c);
      }
  return { r0, r1, c0, c1 };
}

/** The larger side of a non-empty bounding box [nm]. */
function boxExtentNm(
  box: { r0: number; r1: number; c0: number; c1: number },
  pixelSizeNm: PixelSizeNm,
): number {
  return Math.max((box.c1 - box.c0 + 1) * pixelSizeNm.x, (box.r1 - box.r0 + 1) * pixelSizeNm.y);
}

/**
 * The larger side of a particle's bounding box [nm]: its mask's, or the one `particleMask` finds; 0 without
 * a pixel size or particle. Training records the largest over its particles (`model.json`
 * inference.wholeUpToNm), and {@link particleWindows} compares particles with it.
 */
export function particleExtentNm(particle: ParticleImage): number {
  const { width, height, pixelSizeNm } = particle;
  if (!pixelSizeNm) return 0;
  const mask = particle.mask ?? particleMask(particle).mask;
  const box = maskBox(mask, width, height);
  return box.r1 < 0 ? 0 : boxExtentNm(box, pixelSizeNm);
}

/** The network's input: what one view covers. */
export interface NetworkView {
  /** Input pixel size [nm]. */
  pixelSizeNm: number;
  /** Input side [px]. */
  cropPx: number;
}

/**
 * Most windows along each axis of a particle: 12 × 12 windows cover a particle of up to 6.5 views (33 nm
 * with the shipped 5.12 nm view) half a window apart; a larger one is sampled by 12 × 12 windows spread
 * evenly over it. Without a bound, an image read at a coarse pixel (a micrometre-wide "particle" of a
 * low-magnification image) or a whole 4096² micrograph asked for tens of thousands of windows.
 */
const MAX_WINDOWS_PER_AXIS = 12;

/**
 * Splits a particle larger than any the network saw in training into overlapping square windows of the
 * network's view, half a window apart (at most {@link MAX_WINDOWS_PER_AXIS} along each axis, spread evenly
 * over a larger particle), covering its mask's bounding box; a particle that fits the view, or is no larger
 * than `wholeUpToNm`, stays whole. A network trained on particles that fit its view has only
 * seen them with their outline; a larger particle shows it a central part without any edge, where a grain
 * boundary off the centre goes unseen. A network trained on particles larger than its view has learnt
 * those central parts, and windows only add the risk of one window's wrong "polycrystalline"
 * ({@link combineWindows}). Each window is a crop of the particle image around it, wide enough that the
 * network's input is the one the whole image with the window's mask gives (the resampling kernel and
 * area average fit in its margin), with the particle's mask within the window; windows the particle
 * fills less than {@link MIN_WINDOW_FILL} are left out. An image with pixels coarser than
 * {@link LATTICE_RESOLVING_PIXEL_NM} resolves no lattice fringes to look for window by window (a window
 * would hold a few pixels), so its particles stay whole.
 * @param view the network's input (field of view = cropPx × pixelSizeNm [nm])
 * @param wholeUpToNm the largest particle extent ({@link particleExtentNm}) shown whole [nm]; default the field
 */
export function particleWindows(
  particle: ParticleImage,
  view: NetworkView,
  wholeUpToNm = view.cropPx * view.pixelSizeNm,
): ParticleWindows {
  const { width, height, pixelSizeNm } = particle;
  const fieldNm = view.cropPx * view.pixelSizeNm;
  if (!pixelSizeNm) return { windows: [particle], weights: [1], origins: [{ x: 0, y: 0 }] };
  // a mask found here goes with the particle, so that resampling it does not look for it again
  const mask = particle.mask ?? particleMask(particle).mask;
  const whole = {
    windows: [particle.mask ? particle : { ...particle, mask }],
    weights: [1],
    origins: [{ x: 0, y: 0 }],
  };
  const box = maskBox(mask, width, height);
  if (box.r1 < 0 || boxExtentNm(box, pixelSizeNm) <= Math.max(fieldNm, wholeUpToNm)) return whole;
  if (Math.max(pixelSizeNm.x, pixelSizeNm.y) > LATTICE_RESOLVING_PIXEL_NM) return whole;
  const { r0, r1, c0, c1 } = box;
  const sideX = fieldNm / pixelSizeNm.x;
  const sideY = fieldNm / pixelSizeNm.y;
  // resampleParticle's reach beyond a masked pixel: k × k area samples of a Lanczos-3 kernel
  const margin = 2 * areaSamples(view.pixelSizeNm, pixelSizeNm) + LANCZOS_TAPS;
  const result: ParticleWindows = { windows: [], weights: [], origins: [] };
  for (const cy of windowCentres(r0, r1, sideY))
    for (const cx of windowCentres(c0, c1, sideX)) {
      const top = Math.max(0, Math.round(cy - sideY / 2));
      const bottom = Math.min(height, Math.round(cy + sideY / 2));
      const left = Math.max(0, Math.round(cx - sideX / 2));
      const right = Math.min(width, Math.round(cx + sideX / 2));
      let filled = 0;
      for (let r = top; r < bottom; r++) for (let c = left; c < right; c++) if (mask[r * width + c]) filled++;
      if (filled < MIN_WINDOW_FILL * sideX * sideY) continue;
      const x0 = Math.max(0, left - margin);
      const y0 = Math.max(0, top - margin);
      const w = Math.min(width, right + margin) - x0;
      const h = Math.min(height, bottom + margin) - y0;
      const cropMask = new Uint8Array(w * h);
      for (let r = top; r < bottom; r++)
        for (let c = left; c < right; c++) if (mask[r * width + c]) cropMask[(r - y0) * w + c - x0] = 1;
      result.windows.push({ ...particle, ...cropGrey(particle, x0, y0, w, h), mask: cropMask });
      result.weights.push(filled);
      result.origins.push({ x: x0, y: y0 });
    }
  return result.windows.length > 0 ? result : whole;
}

/**
 * Centres [px] of windows of `side` px from one end of [lo, hi] to the other, half a window apart, or
 * {@link MAX_WINDOWS_PER_AXIS} of them evenly spread when that would take more.
 */
function windowCentres(lo: number, hi: number, side: number): number[] {
  const extent = hi - lo + 1;
  if (extent <= side) return [(lo + hi) / 2];
  const n = Math.min(MAX_WINDOWS_PER_AXIS, Math.ceil((extent - side) / (side / 2)) + 1);
  return Array.from({ length: n }, (_, i) => lo - 0.5 + side / 2 + (i * (extent - side)) / (n - 1));
}

/**
 * One answer for a particle from its windows' class probabilities. With amorphous, monocrystalline and
 * polycrystalline classes: the amorphous probability is the windows' mean weighted by particle pixels;
 * a particle is polycrystalline if any part of it is, so the polycrystalline probability given a crystal is
 * the largest among the windows; monocrystalline takes the rest. Other class sets take the weighted mean.
 */
export function combineWindows(
  probs: readonly Float32Array[],
  weights: readonly number[],
  classes: readonly string[],
): Float32Array {
  if (probs.length === 1) return probs[0];
  const total = weights.reduce((a, b) => a + b, 0);
  const mean = new Float32Array(classes.length);
  probs.forEach((p, w) => {
    for (let k = 0; k < mean.length; k++) mean[k] += (weights[w] / total) * p[k];
  });
  const amorphous = classes.indexOf("amorphous");
  const mono = classes.indexOf("monocrystalline");
  const poly = classes.indexOf("polycrystalline");
  if (classes.length !== 3 || amorphous < 0 || mono < 0 || poly < 0) return mean;
  let polyGivenCrystal = 0;
  for (const p of probs)
    polyGivenCrystal = Math.max(polyGivenCrystal, p[poly] / Math.max(1e-12, 1 - p[amorphous]));
  const out = new Float32Array(3);
  out[amorphous] = mean[amorphous];
  out[poly] = (1 - mean[amorphous]) * Math.min(1, polyGivenCrystal);
  out[mono] = Math.max(0, 1 - out[amorphous] - out[poly]);
  return out;
}
