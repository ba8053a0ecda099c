import type { Rng } from "../core/index.js";

/**
 * The paper's simple synthetic patterns (Methods, "Image simulation"; originally a MATLAB script):
 * - amorphous: random black and white dots on a grey background;
 * - monocrystalline: two superposed sinusoids with random frequencies in 0.05–0.55 at random angles;
 * - polycrystalline: two or three monocrystalline patches of the same frequencies stitched together;
 * all followed by salt-and-pepper noise of density 0.5 (MATLAB `imnoise(I, "salt & pepper", 0.5)`: each
 * pixel is replaced with probability 0.5, by black or white with equal chance).
 *
 * Frequencies are angular, in rad/pixel (MATLAB `sin(f·x)` with x in pixels): 0.05–0.55 rad/px are periods
 * of 11–126 px, all below the Nyquist limit (π rad/px); read as cycles/px, 0.55 would alias.
 * Intensities lie in [0, 1], grey = 0.5.
 */

/** Salt-and-pepper noise density of the paper. */
export const PATTERN_NOISE_DENSITY = 0.5;
/** Frequency range of the sinusoids [rad/px]. */
export const PATTERN_FREQUENCY_RANGE: readonly [number, number] = [0.05, 0.55];
/** Default edge length of the square pattern images [px]. */
export const PATTERN_SIZE_PX = 128;

/** A pattern image with its patch map and the values drawn for it. */
export interface Pattern {
  /** Square image, `sizePx²` values in [0, 1]. */
  readonly image: Float32Array;
  readonly sizePx: number;
  /** Patch index per pixel (0 for single-patch patterns, 0..k−1 for stitched ones). */
  readonly patches: Uint8Array;
  /** Every value drawn, for the manifest. */
  readonly params: Record<string, number | string>;
}

interface Wave {
  frequencyRadPerPx: number;
  angleDeg: number;
  phaseRad: number;
}

/** Random black and white dots on grey, then noise. */
export function amorphousPattern(rng: Rng, sizePx = PATTERN_SIZE_PX): Pattern {
  const image = new Float32Array(sizePx * sizePx).fill(0.5);
  const area = sizePx * sizePx;
  const dots = Math.round(rng.range(area / 100, area / 25));
  for (let d = 0; d < dots; d++) {
    const cx = rng.range(0, sizePx);
    const cy = rng.range(0, sizePx);
    const radius = rng.range(0.8, 3);
    const value = rng.chance(0.5) ? 1 : 0;
    const r2 = radius * radius;
    for (let y = Math.max(0, Math.floor(cy - radius)); y <= Math.min(sizePx - 1, cy + radius); y++) {
      for (let x = Math.max(0, Math.floor(cx - radius)); x <= Math.min(sizePx - 1, cx + radius); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r2) image[y * sizePx + x] = value;
      }
    }
  }
  addSaltAndPepper(image, PATTERN_NOISE_DENSITY, rng);
  return {
    image,
    sizePx,
    patches: new Uint8Array(area),
    params: { dots, noiseDensity: PATTERN_NOISE_DENSITY },
  };
}

/** Two superposed sinusoids at random frequencies and angles, then noise. */
export function monocrystallinePattern(rng: Rng, sizePx = PATTERN_SIZE_PX): Pattern {
  const frequencies = [drawFrequency(rng), drawFrequency(rng)];
  const waves = drawWaves(rng, frequencies);
  const image = new Float32Array(sizePx * sizePx);
  paintWaves(image, sizePx, waves, null, 0);
  addSaltAndPepper(image, PATTERN_NOISE_DENSITY, rng);
  return {
    image,
    sizePx,
    patches: new Uint8Array(sizePx * sizePx),
    params: { ...waveParams(waves, ""), noiseDensity: PATTERN_NOISE_DENSITY },
  };
}

/**
 * Two or three monocrystalline patches (equal chance) sharing the two frequencies, each with its own
 * angles, stitched along straight borders through a point in the central half of the image, then noise.
 */
export function polycrystallinePattern(rng: Rng, sizePx = PATTERN_SIZE_PX): Pattern {
  const patchCount = rng.chance(0.5) ? 2 : 3;
  const frequencies = [drawFrequency(rng), drawFrequency(rng)];
  const patches = stitchMap(rng, sizePx, patchCount);
  const image = new Float32Array(sizePx * sizePx);
  const params: Record<string, number | string> = { patches: patchCount };
  let previousAngle = Number.NaN;
  for (let p = 0; p < patchCount; p++) {
    let waves = drawWaves(rng, frequencies);
    // Neighbouring patches must look different: their first fringe systems differ by ≥ 15°.
    for (let tries = 0; tries < 32 && angleGapDeg(waves[0].angleDeg, previousAngle) < 15; tries++) {
      waves = drawWaves(rng, frequencies);
    }
    previousAngle = waves[0].angleDeg;
    paintWaves(image, sizePx, waves, patches, p);
    Object.assign(params, waveParams(waves, `patch${p}`));
  }
  addSaltAndPepper(image, PATTERN_NOISE_DENSITY, rng);
  params.noiseDensity = PATTERN_NOISE_DENSITY;
  return { image, sizePx, patches, params };
}

/** Replaces each pixel with probability `density` by 0 or 1 (equal chance), as MATLAB's `imnoise`. */
export function addSaltAndPepper(image: Float32Array, density: number, rng: Rng): void {
  for (let i = 0; i < image.length; i++) {
    const u = rng.uniform();
    if (u < density / 2) image[i] = 0;
    else if (u < density) image[i] = 1;
  }
}

function drawFrequency(rng: Rng): number {
  return rng.range(PATTERN_FREQUENCY_RANGE[0], PATTERN_FREQUENCY_RANGE[1]);
}

function drawWaves(rng: Rng, frequencies: number[]): Wave[] {
  return frequencies.map((f) => ({
    frequencyRadPerPx: f,
    angleDeg: rng.range(0, 180),
    phaseRad: rng.range(0, 2 * Math.PI),
  }));
}

function angleGapDeg(a: number, b: number): number {
  if (Number.isNaN(b)) return 180;
  const d = Math.abs(a - b) % 180;
  return Math.min(d, 180 - d);
}

function waveParams(waves: Wave[], prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  waves.forEach((w, k) => {
    const key = prefix ? `${prefix}.wave${k}` : `wave${k}`;
    out[`${key}.frequencyRadPerPx`] = w.frequencyRadPerPx;
    out[`${key}.angleDeg`] = w.angleDeg;
    out[`${key}.phaseRad`] = w.phaseRad;
  });
  return out;
}

/** 0.5 + ¼ Σ sin(f (x cos θ + y sin θ) + φ): values in [0, 1]. */
function paintWaves(
  image: Float32Array,
  sizePx: number,
  waves: Wave[],
  patches: Uint8Array | null,
  patch: number,
): void {
  const terms = waves.map((w) => {
    const t = (w.angleDeg * Math.PI) / 180;
    return {
      kx: w.frequencyRadPerPx * Math.cos(t),
      ky: w.frequencyRadPerPx * Math.sin(t),
      phase: w.phaseRad,
    };
  });
  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      const i = y * sizePx + x;
      if (patches && patches[i] !== patch) continue;
      let v = 0.5;
      for (const t of terms) v += 0.25 * Math.sin(t.kx * x + t.ky * y + t.phase);
      image[i] = v;
    }
  }
}

/**
 * Patch map: two patches split by a line through a junction point in the central half, or three sectors
 * around such a point, borders at least 60° apart, so every patch covers a visible part of the image.
 */
function stitchMap(rng: Rng, sizePx: number, patchCount: number): Uint8Array {
  const map = new Uint8Array(sizePx * sizePx);
  const cx = rng.range(0.3, 0.7) * sizePx;
  const cy = rng.range(0.3, 0.7) * sizePx;
  const start = rng.range(0, 2 * Math.PI);
  const borders =
    patchCount === 2
      ? [start, start + Math.PI]
      : [start, start + rng.range(Math.PI / 3, Math.PI), start + rng.range(0, 1)];
  if (patchCount === 3) {
    // Third border inside the remaining arc, ≥ 60° from both neighbours.
    const remaining = 2 * Math.PI - (borders[1] - borders[0]);
    borders[2] = borders[1] + Math.PI / 3 + (borders[2] - start) * (remaining - (2 * Math.PI) / 3);
  }
  const rel = borders.map((b) => b - start);
  for (let y = 0; y < sizePx; y++) {
    for (let x = 0; x < sizePx; x++) {
      let a = Math.atan2(y + 0.5 - cy, x + 0.5 - cx) - start;
      a = ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
      let p = 0;
      while (p + 1 < rel.length && a >= rel[p + 1]) p++;
      map[y * sizePx + x] = p;
    }
  }
  return map;
}
