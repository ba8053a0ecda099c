/**
 * Rotations in 3-D as row-major 3 × 3 matrices, and uniformly random orientations (Haar measure on SO(3)).
 */
import type { Rng } from "../core/index.js";

/** A 3 × 3 matrix, row-major: element (row r, column c) at index 3r + c. */
export type Mat3 = Float64Array;

/** The identity rotation. */
export function identity(): Mat3 {
  return Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
}

/** Rotation matrix of a unit quaternion (w, x, y, z). */
export function quaternionToMatrix(w: number, x: number, y: number, z: number): Mat3 {
  return Float64Array.of(
    1 - 2 * (y * y + z * z),
    2 * (x * y - w * z),
    2 * (x * z + w * y),
    2 * (x * y + w * z),
    1 - 2 * (x * x + z * z),
    2 * (y * z - w * x),
    2 * (x * z - w * y),
    2 * (y * z + w * x),
    1 - 2 * (x * x + y * y),
  );
}

/**
 * A rotation drawn uniformly from SO(3): a uniform random unit quaternion (Shoemake, Graphics Gems III,
 * 1992), so the rotated z axis is uniform on the sphere and the rotation angle ω has density (1 − cos ω)/π.
 */
export function randomRotation(rng: Rng): Mat3 {
  const u1 = rng.uniform();
  const u2 = rng.uniform();
  const u3 = rng.uniform();
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  return quaternionToMatrix(
    b * Math.cos(2 * Math.PI * u3),
    a * Math.sin(2 * Math.PI * u2),
    a * Math.cos(2 * Math.PI * u2),
    b * Math.sin(2 * Math.PI * u3),
  );
}

/** Rotation by `angleRad` [rad] about the unit axis (x, y, z), right-handed. */
export function axisAngle(x: number, y: number, z: number, angleRad: number): Mat3 {
  const n = Math.hypot(x, y, z);
  const s = Math.sin(angleRad / 2) / n;
  return quaternionToMatrix(Math.cos(angleRad / 2), x * s, y * s, z * s);
}

/** Matrix product a · b. */
export function multiply(a: Mat3, b: Mat3): Mat3 {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      out[3 * r + c] = a[3 * r] * b[c] + a[3 * r + 1] * b[3 + c] + a[3 * r + 2] * b[6 + c];
  return out;
}

/** Rotation angle ω ∈ [0, π] [rad] of a rotation matrix. */
export function rotationAngle(m: Mat3): number {
  const c = (m[0] + m[4] + m[8] - 1) / 2;
  return Math.acos(Math.min(1, Math.max(-1, c)));
}

/** Applies `m` to interleaved xyz positions in place (or into `out`) and returns the result. */
export function rotatePositions(
  positions: Float64Array,
  m: Mat3,
  out: Float64Array = positions,
): Float64Array {
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i];
    const y = positions[i + 1];
    const z = positions[i + 2];
    out[i] = m[0] * x + m[1] * y + m[2] * z;
    out[i + 1] = m[3] * x + m[4] * y + m[5] * z;
    out[i + 2] = m[6] * x + m[7] * y + m[8] * z;
  }
  return out;
}
