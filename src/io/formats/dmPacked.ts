/**
 * Amplitude of Gatan's "packed complex" FFT storage (ImageData/DataType 27): a real image's FFT keeps only
 * the non-redundant half plane, `height` rows × (width/2 + 1) complex values. Column c of the full,
 * centred FFT maps to stored column width/2 − c for c ≤ width/2, and to c − width/2 (its Hermitian partner,
 * same amplitude) beyond.
 * @param half amplitudes of the stored half plane, row-major, (width/2 + 1) per row
 */
export function unpackHalfPlaneAmplitude(half: Float32Array, width: number, height: number): Float32Array {
  const stored = Math.floor(width / 2) + 1;
  const centre = Math.floor(width / 2);
  const out = new Float32Array(width * height);
  for (let row = 0; row < height; row++) {
    const src = row * stored;
    const dst = row * width;
    for (let c = 0; c < width; c++) out[dst + c] = half[src + (c <= centre ? centre - c : c - centre)];
  }
  return out;
}
