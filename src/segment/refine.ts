import { cropRegion } from "./crop.js";
import { squaredDistanceTransform } from "../dataset/fields/distanceTransform.js";
import { labelComponents } from "./label.js";
import { regionPixels } from "./regionPixels.js";
import type { FloatImage, LabelImage } from "./types.js";

/** Options of `refineBoundaries`; lengths in pixels. */
export interface RefineOptions {
  /** Blur width of the feature map (its smoothing σ) [px]: sets the core depth, ring and growth limits. */
  blurPx: number;
  /** Where the outline goes between surroundings (0) and plateau (1). @default 0.5 */
  level?: number;
  /**
   * Remove a region whose plateau is below this multiple of its surroundings (for a positive map such as
   * contrast energy): a particle must stand out from the support, not just be the upper tail of its texture.
   * @default none
   */
  minRatio?: number;
}

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
}

/**
 * Moves every particle's outline to the half level between its own plateau and its surroundings. A global
 * threshold cuts a faint (small, weakly scattering) particle too tightly and a strong one too loosely,
 * because the feature map is a blurred step; a blurred step crosses the half level exactly at the step.
 * Per particle: plateau = median of the map over its core (deeper than `blurPx`), surroundings = median over
 * a ring 2–4 `blurPx` outside it (other particles left out); the new region is the connected part above the
 * half level, within 2 `blurPx` of the old one and not on another particle. A particle whose plateau is not
 * above its surroundings keeps its outline, unless `minRatio` removes it.
 * @param map feature map, linear in what is blurred (e.g. local energy, not its square root), particles high
 */
export function refineBoundaries(labels: LabelImage, map: FloatImage, options: RefineOptions): LabelImage {
  const { width, height } = labels;
  const out = new Int32Array(labels.labels);
  const { offsets, indices } = regionPixels(labels);
  const reach = Math.ceil(4 * options.blurPx) + 1;
  const grow2 = (2 * options.blurPx) ** 2;
  for (let l = 1; l <= labels.count; l++) {
    const own = indices.subarray(offsets[l], offsets[l + 1]);
    if (own.length === 0) continue;
    const crop = cropRegion(own, width, reach);
    const inside = squaredDistanceTransform(crop, 0);
    const outside = squaredDistanceTransform(crop, 1);
    const core: number[] = [];
    const all: number[] = [];
    const ring: number[] = [];
    const at = (u: number, v: number) => {
      const x = crop.column + u;
      const y = crop.row + v;
      return x < 0 || y < 0 || x >= width || y >= height ? -1 : y * width + x;
    };
    for (let v = 0; v < crop.height; v++) {
      for (let u = 0; u < crop.width; u++) {
        const p = at(u, v);
        if (p < 0) continue;
        const q = v * crop.width + u;
        if (crop.data[q]) {
          all.push(map.data[p]);
          if (inside[q] > options.blurPx ** 2) core.push(map.data[p]);
        } else if (
          labels.labels[p] === 0 &&
          outside[q] >= 4 * options.blurPx ** 2 &&
          outside[q] <= 16 * options.blurPx ** 2
        ) {
          ring.push(map.data[p]);
        }
      }
    }
    const plateau = median(core.length >= 10 ? core : all);
    const surroundings = median(ring);
    if (options.minRatio !== undefined && plateau < options.minRatio * surroundings) {
      for (let k = 0; k < own.length; k++) out[own[k]] = 0;
      continue;
    }
    if (!(plateau > surroundings)) continue;
    const half = surroundings + (options.level ?? 0.5) * (plateau - surroundings);
    const candidate = new Uint8Array(crop.data.length);
    for (let v = 0; v < crop.height; v++) {
      for (let u = 0; u < crop.width; u++) {
        const p = at(u, v);
        const q = v * crop.width + u;
        if (p < 0 || outside[q] > grow2) continue;
        const owner = labels.labels[p];
        if ((owner === 0 || owner === l) && map.data[p] >= half) candidate[q] = 1;
      }
    }
    const parts = labelComponents({ data: candidate, width: crop.width, height: crop.height }, 8);
    const overlap = new Int32Array(parts.count + 1);
    for (let q = 0; q < crop.data.length; q++) if (crop.data[q]) overlap[parts.labels[q]]++;
    let best = 0;
    for (let k = 1; k <= parts.count; k++) if (overlap[k] > overlap[best]) best = k;
    if (best === 0) continue;
    for (let k = 0; k < own.length; k++) out[own[k]] = 0;
    for (let v = 0; v < crop.height; v++) {
      for (let u = 0; u < crop.width; u++) {
        const p = at(u, v);
        if (p >= 0 && parts.labels[v * crop.width + u] === best && out[p] === 0) out[p] = l;
      }
    }
  }
  return { labels: out, width, height, count: labels.count };
}
