/**
 * Transmission function of a slice, t(r) = exp(i·σ·v_z(r)), band-limited to the ⅔-Nyquist disc so that
 * products with the (equally band-limited) wave do not alias (physics.md §2).
 */
import type { Fft2d } from "../core/index.js";

/**
 * Writes the band-limited transmission function of `potential` (V·Å per grid point) into `out`
 * (interleaved complex, real space).
 * @param sigma interaction parameter σ [rad/(V·Å)]
 * @param mask the grid's band-limit mask (1 inside)
 * @param band the mask's largest row/column frequency indices (lets the FFTs skip rows/columns outside it)
 */
export function transmissionFunction(
  potential: Float64Array,
  sigma: number,
  mask: Uint8Array,
  fft: Fft2d,
  out: Float64Array,
  band: { readonly maxRow: number; readonly maxColumn: number },
): void {
  const { width } = fft;
  for (let n = 0; n < potential.length; n++) {
    const phase = sigma * potential[n];
    // Most of a slice is empty (v = 0, t = 1): skip the trigonometry there.
    out[2 * n] = phase === 0 ? 1 : Math.cos(phase);
    out[2 * n + 1] = phase === 0 ? 0 : Math.sin(phase);
  }
  fft.forward(out, band.maxRow);
  // Rows beyond maxRow are already zero; in the others, clear what lies outside the disc.
  const rows = mask.length / width;
  for (let j = 0; j < rows; j++) {
    if (j > band.maxRow && j < rows - band.maxRow) continue;
    for (let n = j * width; n < (j + 1) * width; n++) {
      if (mask[n]) continue;
      out[2 * n] = 0;
      out[2 * n + 1] = 0;
    }
  }
  fft.inverse(out, band.maxColumn);
}
