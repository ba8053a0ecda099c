import { Fft2d } from "../core/index.js";
import type { Resampled } from "./resample.js";

/**
 * Normalisation recorded in `model.json`: the particle's pixels (coverage ≥ ½) are shifted to mean 0 and
 * scaled to standard deviation 1, then every pixel is multiplied by its mask coverage, so the outside is 0
 * whatever the cut-out filled it with and the particle's edge is soft.
 */
export const NORMALISATION = "particle z-score (coverage >= 0.5), times mask coverage; outside = 0";

/**
 * Spectrum channel recorded in `model.json`: log(|FFT(image · Hann)|² + 1e-3), centred (DC in the middle),
 * summed over 2×2 bins, then z-scored over the whole spectrum.
 */
export const SPECTRUM = "log(|FFT(normalised image x Hann window)|^2 + 1e-3), fftshift, 2x2 bin sum, z-score";

/**
 * Mean and standard deviation of the particle's pixels (mask coverage ≥ ½), in the image's units; `count` is
 * the number of those pixels (mean 0 when there are none, standard deviation 0 below two).
 */
export function particleStatistics(r: Resampled): { mean: number; std: number; count: number } {
  const { image, coverage } = r;
  let sum = 0;
  let sum2 = 0;
  let count = 0;
  for (let i = 0; i < image.length; i++) {
    if (coverage[i] < 0.5) continue;
    sum += image[i];
    sum2 += image[i] * image[i];
    count++;
  }
  const mean = count > 0 ? sum / count : 0;
  const std = count > 1 ? Math.sqrt(Math.max(sum2 / count - mean * mean, 0)) : 0;
  return { mean, std, count };
}

/** Shifts `image` to mean 0 and standard deviation 1 over the particle and zeroes the outside (in place). */
export function normaliseParticle(r: Resampled): Float32Array {
  const { image, coverage } = r;
  const { mean, std } = particleStatistics(r);
  const inv = std > 1e-12 ? 1 / std : 0;
  for (let i = 0; i < image.length; i++) image[i] = (image[i] - mean) * inv * coverage[i];
  return image;
}

/** Reusable buffers for {@link logPowerSpectrum} at one size. */
export class SpectrumWorkspace {
  readonly fft: Fft2d;
  readonly buffer: Float64Array;
  readonly window: Float64Array;
  readonly power: Float64Array;
  constructor(readonly sizePx: number) {
    this.fft = new Fft2d(sizePx, sizePx);
    this.buffer = this.fft.allocate();
    this.power = new Float64Array(sizePx * sizePx);
    this.window = new Float64Array(sizePx);
    for (let i = 0; i < sizePx; i++)
      this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / sizePx);
  }
}

/**
 * The spectrum channel (see {@link SPECTRUM}) of a normalised `sizePx²` image, as a `(sizePx/2)²` array
 * with zero frequency at (sizePx/4, sizePx/4).
 */
export function logPowerSpectrum(image: Float32Array, ws: SpectrumWorkspace): Float32Array {
  return binnedLogSpectrum(powerSpectrum(image, ws), ws.sizePx);
}

/**
 * |FFT(image · Hann)|² of a `sizePx²` image, centred: zero frequency at (sizePx/2, sizePx/2).
 * The returned array is the workspace's own and is overwritten by the next call.
 */
export function powerSpectrum(image: Float32Array, ws: SpectrumWorkspace): Float64Array {
  const n = ws.sizePx;
  const { buffer, window, power } = ws;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      buffer[2 * (r * n + c)] = image[r * n + c] * window[r] * window[c];
      buffer[2 * (r * n + c) + 1] = 0;
    }
  ws.fft.forward(buffer);
  const half = n / 2;
  for (let r = 0; r < n; r++) {
    const rs = (r + half) % n;
    for (let c = 0; c < n; c++) {
      const cs = (c + half) % n;
      const re = buffer[2 * (r * n + c)];
      const im = buffer[2 * (r * n + c) + 1];
      power[rs * n + cs] = re * re + im * im;
    }
  }
  return power;
}

/** Which 2×2 blocks a binned spectrum sums: those starting at even (0) or odd (1) columns and rows. */
export interface BinOffset {
  x: 0 | 1;
  y: 0 | 1;
}

/**
 * The spectrum channel from a centred power spectrum (see {@link powerSpectrum}): 2×2 bin sums, log, z-score.
 * @param offset blocks starting at odd columns or rows (wrapping at the edge) instead of even ones: a
 *   mirrored symmetry view's spectrum, mirrored about zero frequency n/2, pairs pixels (2c − 1, 2c) where the
 *   unturned one pairs (2c, 2c + 1), so its bins are those of the odd blocks, permuted
 */
export function binnedLogSpectrum(
  power: Float64Array,
  sizePx: number,
  offset: BinOffset = { x: 0, y: 0 },
): Float32Array {
  const n = sizePx;
  const m = n / 2;
  const out = new Float32Array(m * m);
  for (let r = 0; r < n; r++) {
    const row = (((r - offset.y + n) % n) >> 1) * m;
    if (offset.x === 0) for (let c = 0; c < n; c++) out[row + (c >> 1)] += power[r * n + c];
    else {
      out[row + m - 1] += power[r * n];
      for (let c = 1; c < n; c++) out[row + ((c - 1) >> 1)] += power[r * n + c];
    }
  }
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < out.length; i++) {
    const v = Math.log(out[i] + 1e-3);
    out[i] = v;
    sum += v;
    sum2 += v * v;
  }
  const mean = sum / out.length;
  const std = Math.sqrt(Math.max(sum2 / out.length - mean * mean, 1e-12));
  for (let i = 0; i < out.length; i++) out[i] = (out[i] - mean) / std;
  return out;
}
