/** Taps of the Lanczos-3 kernel: the grid points k = −2…3 around a sample between points 0 and 1. */
export const LANCZOS_TAPS = 6;

/** Steps per pixel of the tabulated Lanczos weights; linear interpolation between them errs by < 2e-6. */
const LANCZOS_STEPS = 1024;

/**
 * Normalised Lanczos-3 weights L(f − k) = 3 sin(πu) sin(πu/3) / (πu)², u = f − k, for the six grid points
 * k = −2…3 around f = s / LANCZOS_STEPS, s = 0…LANCZOS_STEPS, six per step.
 */
const LANCZOS_TABLE = (() => {
  const table = new Float64Array((LANCZOS_STEPS + 1) * LANCZOS_TAPS);
  for (let s = 0; s <= LANCZOS_STEPS; s++) {
    const f = s / LANCZOS_STEPS;
    let total = 0;
    for (let t = 0; t < LANCZOS_TAPS; t++) {
      const u = f - (t - 2);
      const w =
        Math.abs(u) < 1e-9
          ? 1
          : (3 * Math.sin(Math.PI * u) * Math.sin((Math.PI * u) / 3)) / (Math.PI * u) ** 2;
      table[s * LANCZOS_TAPS + t] = w;
      total += w;
    }
    for (let t = 0; t < LANCZOS_TAPS; t++) table[s * LANCZOS_TAPS + t] /= total;
  }
  return table;
})();

/**
 * The Lanczos-3 weights for an offset 0 ≤ f ≤ 1 [px], interpolated in {@link LANCZOS_TABLE}, written to
 * `out[offset … offset + 5]`: evaluating the sines per sample took a third of the time of preparing a
 * training batch.
 */
export function lanczosWeights(f: number, out: Float64Array, offset = 0): void {
  const position = f * LANCZOS_STEPS;
  const step = Math.min(Math.floor(position), LANCZOS_STEPS - 1);
  const t = position - step;
  const lo = step * LANCZOS_TAPS;
  const hi = lo + LANCZOS_TAPS;
  for (let a = 0; a < LANCZOS_TAPS; a++)
    out[offset + a] = LANCZOS_TABLE[lo + a] + t * (LANCZOS_TABLE[hi + a] - LANCZOS_TABLE[lo + a]);
}
