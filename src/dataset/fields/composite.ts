import type { Rng } from "../../core/index.js";
import { squaredDistanceTransform } from "./distanceTransform.js";

/**
 * A field assembled from independently simulated, periodic patches. Each pixel keeps Σ wₖ(Iₖ − μₖ) and
 * Σ wₖ²; the field is μ + Σ wₖ(Iₖ − μₖ)/√Σ wₖ². For independent textures of equal variance (amorphous
 * support) this blend keeps the variance and the mean everywhere, so seams between patches neither fade
 * nor brighten: where two patches overlap, their weighted sum is rescaled to one patch's contrast.
 */
export class PatchCanvas {
  readonly width: number;
  readonly height: number;
  /** Mean intensity of the support the field is made of (μ). */
  readonly meanIntensity: number;
  private readonly sum: Float64Array;
  private readonly weight2: Float64Array;

  constructor(width: number, height: number, meanIntensity: number) {
    this.width = width;
    this.height = height;
    this.meanIntensity = meanIntensity;
    this.sum = new Float64Array(width * height);
    this.weight2 = new Float64Array(width * height);
  }

  /**
   * Covers the field with tiles of the periodic support patches: tiles of the patch size at half-patch
   * stride with sin² windows (which sum to one), each a randomly chosen patch under a random one of the 8
   * symmetries of the square and a random cyclic shift. Amorphous support is isotropic and the patches are
   * periodic, so every tile is an equally valid piece of support.
   * @param patches noiseless support-only images, all `size × size`
   */
  tileSupport(patches: readonly Float32Array[], size: number, rng: Rng): void {
    const half = size / 2;
    const window = new Float64Array(size);
    for (let k = 0; k < size; k++) window[k] = Math.sin((Math.PI * (k + 0.5)) / size) ** 2;
    for (let ty = -half; ty < this.height; ty += half) {
      for (let tx = -half; tx < this.width; tx += half) {
        const patch = patches[rng.int(patches.length)];
        const symmetry = rng.int(8);
        const sx = rng.int(size);
        const sy = rng.int(size);
        const patchMean = patch.reduce((s, v) => s + v, 0) / patch.length;
        for (let v = 0; v < size; v++) {
          const y = Math.round(ty) + v;
          if (y < 0 || y >= this.height) continue;
          for (let u = 0; u < size; u++) {
            const x = Math.round(tx) + u;
            if (x < 0 || x >= this.width) continue;
            let a = (u + sx) % size;
            let b = (v + sy) % size;
            if (symmetry & 1) a = size - 1 - a;
            if (symmetry & 2) b = size - 1 - b;
            if (symmetry & 4) [a, b] = [b, a];
            const w = window[u] * window[v];
            const p = y * this.width + x;
            this.sum[p] += w * (patch[b * size + a] - patchMean);
            this.weight2[p] += w * w;
          }
        }
      }
    }
  }

  /**
   * Pastes a particle patch with its top-left corner at (column, row): full weight within `innerPx` of the
   * particle mask, a cos² ramp to zero over the next `rampPx`, and no weight on `protectedMask` pixels
   * (particles already placed), so a touching neighbour keeps its own atoms.
   * @param supportMean mean of the patch's support pixels (its μ)
   */
  pasteParticle(
    patch: { data: Float32Array; mask: Uint8Array; width: number; height: number; supportMean: number },
    column: number,
    row: number,
    innerPx: number,
    rampPx: number,
    protectedMask: Int32Array,
  ): void {
    const d2 = squaredDistanceTransform({ data: patch.mask, width: patch.width, height: patch.height }, 1);
    for (let v = 0; v < patch.height; v++) {
      const y = row + v;
      if (y < 0 || y >= this.height) continue;
      for (let u = 0; u < patch.width; u++) {
        const x = column + u;
        if (x < 0 || x >= this.width) continue;
        const p = y * this.width + x;
        if (protectedMask[p] !== 0) continue;
        const d = Math.sqrt(d2[v * patch.width + u]);
        const w =
          d <= innerPx
            ? 1
            : d >= innerPx + rampPx
              ? 0
              : Math.cos(((d - innerPx) / rampPx) * (Math.PI / 2)) ** 2;
        if (w === 0) continue;
        const below = this.weight2[p] > 0 ? this.sum[p] / Math.sqrt(this.weight2[p]) : 0;
        const blended = w * (patch.data[v * patch.width + u] - patch.supportMean) + (1 - w) * below;
        this.sum[p] = blended / Math.sqrt(w * w + (1 - w) * (1 - w));
        this.weight2[p] = 1;
      }
    }
  }

  /** The field intensities μ + Σ wₖ(Iₖ − μₖ)/√Σ wₖ². */
  values(): Float32Array {
    const out = new Float32Array(this.sum.length);
    for (let p = 0; p < out.length; p++) {
      out[p] = this.meanIntensity + (this.weight2[p] > 0 ? this.sum[p] / Math.sqrt(this.weight2[p]) : 0);
    }
    return out;
  }
}
