const UINT32_MAX = 0xffffffff;

/**
 * Best rational approximation p/q of a positive number with p and q fitting TIFF's unsigned 32-bit RATIONAL
 * (continued fractions), so a resolution like 1/0.0123 px/nm survives the round trip to ~1e-15.
 * @returns [numerator, denominator]
 */
export function toRational(value: number): [number, number] {
  if (!(value > 0) || !Number.isFinite(value)) return [0, 1];
  if (value >= UINT32_MAX) return [UINT32_MAX, 1];
  if (value <= 1 / UINT32_MAX) return [1, UINT32_MAX];
  let [p0, q0, p1, q1] = [0, 1, 1, 0];
  let x = value;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(x);
    const p2 = a * p1 + p0;
    const q2 = a * q1 + q0;
    if (p2 > UINT32_MAX || q2 > UINT32_MAX) break;
    [p0, q0, p1, q1] = [p1, q1, p2, q2];
    const frac = x - a;
    if (frac < 1e-15 || p1 / q1 === value) break;
    x = 1 / frac;
  }
  return [p1, q1];
}
