import type { LabelImage } from "./types.js";

/**
 * Perimeter of every region of a label image [px] by the Cauchy–Crofton formula, P = ½ ∫∫ n(θ, p) dp dθ,
 * sampled on the pixel lattice along four directions (rows, columns and both diagonals; line spacing 1 and
 * 1/√2, dθ = π/4): n counts where a line enters or leaves the region. For discs it is unbiased on average
 * over sub-pixel positions (so circularity ≈ 1), unlike chain or marching-squares lengths, which overestimate
 * oblique staircases by ≈ 5 %; its worst case is an axis-aligned square (≈ 5 % low). Holes add their
 * boundaries; pixels outside the image count as background. Cost: eight comparisons per foreground pixel.
 * @see Lehmann & Legland, "Efficient N-dimensional surface estimation using Crofton formula" (2012)
 * @returns array indexed by label (entry 0 unused)
 */
export function croftonPerimeters(image: LabelImage): Float64Array {
  const { labels, width, height, count } = image;
  const axial = new Float64Array(count + 1);
  const diagonal = new Float64Array(count + 1);
  for (let j = 0; j < height; j++) {
    const row = j * width;
    const up = j > 0;
    const down = j < height - 1;
    for (let i = 0; i < width; i++) {
      const l = labels[row + i];
      if (l === 0) continue;
      const p = row + i;
      const left = i > 0;
      const right = i < width - 1;
      let a = 0;
      let d = 0;
      if (!left || labels[p - 1] !== l) a++;
      if (!right || labels[p + 1] !== l) a++;
      if (!up || labels[p - width] !== l) a++;
      if (!down || labels[p + width] !== l) a++;
      if (!up || !left || labels[p - width - 1] !== l) d++;
      if (!up || !right || labels[p - width + 1] !== l) d++;
      if (!down || !left || labels[p + width - 1] !== l) d++;
      if (!down || !right || labels[p + width + 1] !== l) d++;
      axial[l] += a;
      diagonal[l] += d;
    }
  }
  const perimeter = new Float64Array(count + 1);
  for (let l = 1; l <= count; l++) perimeter[l] = (Math.PI / 8) * (axial[l] + diagonal[l] * Math.SQRT1_2);
  return perimeter;
}
