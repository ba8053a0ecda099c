/**
 * Objective-lens image formation (physics.md §4): ψ_i(k) = ψ_exit(k)·exp(−iχ(k))·A(k)·E_s(k) [·E_t(k)], and
 * I = |F⁻¹ψ_i|² averaged over the focal points. Focal averaging acts on the exit wave: one inverse FFT per focal
 * point, not a multislice per defocus.
 */
import type { Fft2d } from "../core/index.js";
import { ArrayPool } from "./arrayPool.js";
import { type Aberrations, aberrationGradient, aberrationPhase } from "./aberrations.js";
import { focalPoints, spatialEnvelope, temporalEnvelope } from "./coherence.js";
import { bandLimitIndices, type Grid } from "./grid.js";
import { cachedBandLimit, multiplyBandLimited } from "./propagator.js";
import { writePhasor } from "./transmission.js";

/** The ways partial temporal coherence is modelled: explicit focal averaging (reference) or the envelope. */
export const TEMPORAL_COHERENCE_MODELS = ["focal-average", "envelope"] as const;
/** Focal averaging (default) or quasi-coherent envelope. */
export type TemporalCoherenceModel = (typeof TEMPORAL_COHERENCE_MODELS)[number];

/** Lens and illumination in physics units. */
export interface LensSettings {
  readonly aberrations: Aberrations;
  /** rms focus spread δ [Å] (= Δ/√2). */
  readonly focusSpreadRmsAng: number;
  /** Semi-convergence α (1/e half-width) [rad]. */
  readonly convergenceRad: number;
  /** Objective aperture semi-angle [rad], or null for none. */
  readonly apertureRad: number | null;
  readonly temporalCoherence: TemporalCoherenceModel;
  /** Gauss–Hermite points for focal averaging (≥ 7 recommended). */
  readonly focalPoints: number;
}

/** Transfer functions (interleaved complex per FFT bin) and weights, one per focal point. */
export interface LensTransfer {
  readonly weights: number[];
  readonly transfers: Float64Array[];
  readonly grid: Grid;
  /** Largest |row| and |column| frequency indices where the transfers are non-zero (band limit). */
  readonly band: { readonly maxRow: number; readonly maxColumn: number };
}

/**
 * Builds the lens transfer functions for a grid (once per image; reused for every phonon configuration).
 * @param pool where the work arrays and the transfers come from (give `transfers` back when done)
 */
export function lensTransfer(
  grid: Grid,
  wavelengthAng: number,
  lens: LensSettings,
  pool = new ArrayPool(),
): LensTransfer {
  const { nx, ny, kx, ky } = grid;
  const mask = cachedBandLimit(grid);
  const explicit = lens.temporalCoherence === "focal-average";
  const points = explicit
    ? focalPoints(lens.focusSpreadRmsAng, lens.focalPoints)
    : { offsetsAng: [0], weights: [1] };
  const n = nx * ny;
  const { maxRow } = bandLimitIndices(grid);
  const chi0 = pool.take(n);
  const gradX = pool.take(n);
  const gradY = pool.take(n);
  const g = new Float64Array(2);
  for (let j = 0; j < ny; j++) {
    if (j > maxRow && j < ny - maxRow) continue;
    for (let i = 0; i < nx; i++) {
      const p = j * nx + i;
      if (!mask[p]) continue;
      chi0[p] = aberrationPhase(lens.aberrations, wavelengthAng, kx[i], ky[j]);
      aberrationGradient(lens.aberrations, wavelengthAng, kx[i], ky[j], g);
      gradX[p] = g[0];
      gradY[p] = g[1];
    }
  }
  const aperture2 = lens.apertureRad === null ? Infinity : (lens.apertureRad / wavelengthAng) ** 2;
  const transfers = points.offsetsAng.map((offset) => {
    const t = pool.takeZeroed(2 * n);
    for (let j = 0; j < ny; j++) {
      if (j > maxRow && j < ny - maxRow) continue;
      for (let i = 0; i < nx; i++) {
        const p = j * nx + i;
        const k2 = kx[i] * kx[i] + ky[j] * ky[j];
        if (!mask[p] || k2 > aperture2) continue;
        const chi = chi0[p] + Math.PI * wavelengthAng * offset * k2;
        const gx = gradX[p] + 2 * Math.PI * wavelengthAng * offset * kx[i];
        const gy = gradY[p] + 2 * Math.PI * wavelengthAng * offset * ky[j];
        let envelope = spatialEnvelope(gx * gx + gy * gy, wavelengthAng, lens.convergenceRad);
        if (!explicit) envelope *= temporalEnvelope(k2, wavelengthAng, lens.focusSpreadRmsAng);
        writePhasor(t, 2 * p, -chi, envelope);
      }
    }
    return t;
  });
  pool.give(chi0, gradX, gradY);
  return { weights: points.weights, transfers, grid, band: bandLimitIndices(grid) };
}

/**
 * Adds `scale`·Σ_j w_j |F⁻¹[Ψ_exit·H_j]|² to `intensity` (nx·ny). `exitWave` is the unnormalised forward FFT
 * of ψ_exit (as returned by `multislice`: zero outside the band-limit rows); `scratch` is a complex work buffer
 * of the same size (best one from `fft.allocate()`).
 */
export function addImageIntensity(
  exitWave: Float64Array,
  lens: LensTransfer,
  fft: Fft2d,
  scratch: Float64Array,
  intensity: Float64Array,
  scale: number,
): void {
  for (let f = 0; f < lens.transfers.length; f++) {
    multiplyBandLimited(scratch, exitWave, lens.transfers[f], lens.grid, lens.band);
    fft.inverse(scratch, lens.band.maxColumn);
    const w = scale * lens.weights[f];
    for (let p = 0; p < intensity.length; p++) {
      const re = scratch[2 * p];
      const im = scratch[2 * p + 1];
      intensity[p] += w * (re * re + im * im);
    }
  }
}
