/**
 * Partial coherence (physics.md §4). Temporal: explicit focal averaging over Gauss–Hermite defocus points
 * (the reference) or the quasi-coherent envelope E_t(k) = exp(−½(πλδk²)²). Spatial: the quasi-coherent
 * envelope E_s(k) = exp(−(α²/4λ²)·|∇_k χ|²). δ is the rms focus spread; users give the 1/e half-width
 * Δ = √2·δ (as Dr. Probe and the paper do).
 */

/** rms focus spread δ [Å] from the 1/e half-width Δ [Å]: δ = Δ/√2. */
export function focusSpreadRms(halfWidth: number): number {
  return halfWidth / Math.SQRT2;
}

/**
 * Gauss–Hermite nodes t and weights w with ∫ e^{−t²} f(t) dt ≈ Σ w f(t) (Golub–Welsch-free Newton iteration
 * on the Hermite recurrence; exact for polynomials of degree ≤ 2n − 1).
 */
export function gaussHermite(n: number): { nodes: Float64Array; weights: Float64Array } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Gauss–Hermite order must be ≥ 1, got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const m = Math.floor((n + 1) / 2);
  const pim4 = Math.PI ** -0.25;
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * nodes[0];
    else if (i === 3) z = 1.91 * z - 0.91 * nodes[1];
    else z = 2 * z - nodes[i - 2];
    let pp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) < 1e-14) break;
    }
    nodes[i] = z;
    nodes[n - 1 - i] = -z;
    weights[i] = 2 / (pp * pp);
    weights[n - 1 - i] = weights[i];
  }
  return { nodes, weights };
}

/**
 * Defocus offsets and normalised weights (Σw = 1) sampling a Gaussian defocus distribution of rms δ.
 * @param rmsAng δ [Å]; 0 gives the single point (0, 1)
 * @param points number of Gauss–Hermite points (≥ 1)
 */
export function focalPoints(rmsAng: number, points: number): { offsetsAng: number[]; weights: number[] } {
  if (!(rmsAng > 0) || points === 1) return { offsetsAng: [0], weights: [1] };
  const { nodes, weights } = gaussHermite(points);
  return {
    offsetsAng: Array.from(nodes, (t) => Math.SQRT2 * rmsAng * t),
    weights: Array.from(weights, (w) => w / Math.sqrt(Math.PI)),
  };
}

/** E_t(k) = exp(−½(πλδk²)²) for rms focus spread δ [Å], k² [1/Å²]. */
export function temporalEnvelope(k2: number, wavelengthAng: number, rmsAng: number): number {
  const x = Math.PI * wavelengthAng * rmsAng * k2;
  return Math.exp(-0.5 * x * x);
}

/** E_s = exp(−(α²/4λ²)·|∇χ|²) for semi-convergence α [rad] and |∇_k χ|² [rad²·Å²]. */
export function spatialEnvelope(gradient2: number, wavelengthAng: number, convergenceRad: number): number {
  return Math.exp(-((convergenceRad * convergenceRad) / (4 * wavelengthAng * wavelengthAng)) * gradient2);
}
