/**
 * How much of a spatial frequency a microscope's partial coherence lets through: the quasi-coherent
 * envelopes of physics.md §4 at one frequency, E_t(k)·E_s(k), with the objective aperture's cut-off. This
 * is what decides whether an image can show a set of lattice fringes, whatever the phase the lens gives them.
 */
import { aberrationGradient } from "./aberrations.js";
import { spatialEnvelope, temporalEnvelope } from "./coherence.js";
import { wavelengthAng } from "./electron.js";
import { type Microscope, microscopeAberrations, microscopeCoherence } from "./microscope.js";

/** The usual information limit: the envelope has fallen to e⁻². */
export const INFORMATION_LIMIT_ENVELOPE = Math.exp(-2);

/**
 * E_t(k)·E_s(k) of a microscope as a function of the spatial frequency (kx, ky) [1/nm]; 0 beyond the
 * objective aperture. The lens constants are computed once, for the many frequencies asked about.
 * @param microscope aberrations, focus spread, convergence and aperture
 */
export function coherenceEnvelope(microscope: Microscope): (kxPerNm: number, kyPerNm: number) => number {
  const lambda = wavelengthAng(microscope.voltageKv);
  const { focusSpreadRmsAng, convergenceRad, apertureRad } = microscopeCoherence(microscope);
  const aberrations = microscopeAberrations(microscope);
  const maxK2 = apertureRad === null ? Infinity : (apertureRad / lambda) ** 2;
  const gradient = new Float64Array(2);
  return (kxPerNm, kyPerNm) => {
    const kx = kxPerNm / 10;
    const ky = kyPerNm / 10;
    const k2 = kx * kx + ky * ky;
    if (k2 > maxK2) return 0;
    aberrationGradient(aberrations, lambda, kx, ky, gradient);
    return (
      temporalEnvelope(k2, lambda, focusSpreadRmsAng) *
      spatialEnvelope(gradient[0] ** 2 + gradient[1] ** 2, lambda, convergenceRad)
    );
  };
}
