/**
 * Wave aberration χ(k) of the objective lens in the Krivanek / Uhlemann–Haider notation of physics.md §4:
 * with θ = λk, φ from +x (columns) towards +y (rows), ω = θ·e^{iφ},
 *   χ = (2π/λ)·[½C1|ω|² + ½Re(A1 ω̄²) + ⅓Re(A2 ω̄³) + Re(B2 ω̄²ω) + ¼C3|ω|⁴ + ¼Re(A3 ω̄⁴) + Re(S3 ω̄³ω)
 *              + ⅙C5|ω|⁶],
 * where a complex coefficient A = Ax + i·Ay, so Re(A ω̄ⁿ) = θⁿ(Ax cos nφ + Ay sin nφ). All coefficients in Å.
 * C1 > 0 is overfocus and equals free-space propagation by +C1.
 */

/** Aberration coefficients [Å]; omitted ones are zero. */
export interface Aberrations {
  /** Defocus C1 [Å] (> 0 overfocus). */
  readonly c1?: number;
  /** Two-fold astigmatism A1, x and y components [Å]. */
  readonly a1x?: number;
  readonly a1y?: number;
  /** Three-fold astigmatism A2 [Å]. */
  readonly a2x?: number;
  readonly a2y?: number;
  /** Axial coma B2 [Å]. */
  readonly b2x?: number;
  readonly b2y?: number;
  /** Spherical aberration C3 [Å]. */
  readonly c3?: number;
  /** Four-fold astigmatism A3 [Å]. */
  readonly a3x?: number;
  readonly a3y?: number;
  /** Star aberration S3 [Å]. */
  readonly s3x?: number;
  readonly s3y?: number;
  /** Fifth-order spherical aberration C5 [Å]. */
  readonly c5?: number;
}

/**
 * χ at spatial frequency (kx, ky) [1/Å].
 * @returns phase [rad]
 */
export function aberrationPhase(ab: Aberrations, wavelengthAng: number, kx: number, ky: number): number {
  const wx = wavelengthAng * kx;
  const wy = wavelengthAng * ky;
  const t2 = wx * wx + wy * wy;
  const c2 = wx * wx - wy * wy;
  const s2 = 2 * wx * wy;
  const c3 = wx * (wx * wx - 3 * wy * wy);
  const s3 = wy * (3 * wx * wx - wy * wy);
  const w =
    0.5 * t2 * (ab.c1 ?? 0) +
    0.5 * ((ab.a1x ?? 0) * c2 + (ab.a1y ?? 0) * s2) +
    ((ab.a2x ?? 0) * c3 + (ab.a2y ?? 0) * s3) / 3 +
    t2 * ((ab.b2x ?? 0) * wx + (ab.b2y ?? 0) * wy) +
    0.25 * t2 * t2 * (ab.c3 ?? 0) +
    0.25 * ((ab.a3x ?? 0) * (c2 * c2 - s2 * s2) + (ab.a3y ?? 0) * 2 * c2 * s2) +
    t2 * ((ab.s3x ?? 0) * c2 + (ab.s3y ?? 0) * s2) +
    ((t2 * t2 * t2) / 6) * (ab.c5 ?? 0);
  return ((2 * Math.PI) / wavelengthAng) * w;
}

/**
 * ∇_k χ at (kx, ky) by central differences [rad·Å], written into `out` as [∂χ/∂kx, ∂χ/∂ky].
 */
export function aberrationGradient(
  ab: Aberrations,
  wavelengthAng: number,
  kx: number,
  ky: number,
  out: Float64Array,
): void {
  const h = 1e-5;
  out[0] =
    (aberrationPhase(ab, wavelengthAng, kx + h, ky) - aberrationPhase(ab, wavelengthAng, kx - h, ky)) /
    (2 * h);
  out[1] =
    (aberrationPhase(ab, wavelengthAng, kx, ky + h) - aberrationPhase(ab, wavelengthAng, kx, ky - h)) /
    (2 * h);
}

/** Scherzer defocus C1 = −1.2·√(C3·λ) [Å] for C3 > 0 [Å] (physics.md §4). */
export function scherzerDefocusAng(c3Ang: number, wavelengthAng: number): number {
  return -1.2 * Math.sqrt(c3Ang * wavelengthAng);
}
