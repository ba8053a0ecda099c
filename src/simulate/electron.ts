/**
 * The fast electron: relativistic wavelength and interaction parameter (physics.md §1; Kirkland 2010, eq. 2.5
 * and 5.6). Energies in keV, lengths in Å.
 */

/** Electron rest energy m₀c² [keV]. */
export const ELECTRON_REST_ENERGY_KEV = 510.99895;
/** h·c [keV·Å]. */
const HC_KEV_ANG = 12.3984198;

/**
 * Relativistic electron wavelength.
 * @param voltageKv accelerating voltage [kV] (> 0)
 * @returns λ [Å]; 300 kV → 0.019687 Å
 */
export function wavelengthAng(voltageKv: number): number {
  if (!(voltageKv > 0)) throw new RangeError(`accelerating voltage must be > 0 kV, got ${voltageKv} kV`);
  return HC_KEV_ANG / Math.sqrt(voltageKv * (2 * ELECTRON_REST_ENERGY_KEV + voltageKv));
}

/**
 * Interaction parameter σ = (2π / λV)·(m₀c² + eV)/(2m₀c² + eV).
 * @param voltageKv accelerating voltage [kV]
 * @returns σ [rad/(V·Å)]; 300 kV → 6.526·10⁻⁴
 */
export function interactionSigma(voltageKv: number): number {
  const lambda = wavelengthAng(voltageKv);
  const e0 = ELECTRON_REST_ENERGY_KEV;
  return ((2 * Math.PI) / (lambda * voltageKv * 1e3)) * ((e0 + voltageKv) / (2 * e0 + voltageKv));
}
