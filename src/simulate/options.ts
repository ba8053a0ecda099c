/**
 * Numerical and model options of a simulation (the microscope is separate): camera pixel, sampling, slicing,
 * thermal model, coherence model. Validated with zod; every field has a default.
 */
import { z } from "zod";
import { THERMAL_MODELS } from "./phonons.js";
import { PARAMETRIZATIONS } from "./scattering.js";
import { TEMPORAL_COHERENCE_MODELS } from "./lens.js";

/** Options of `simulateImage`. */
export const SimulationOptionsSchema = z.strictObject({
  /** Camera (output) pixel size [nm]. @default 0.02 */
  pixelSizeNm: z.number().positive().default(0.02),
  /** Frozen-phonon configurations averaged (ignored, i.e. 1, for the absorptive model). @default 8 */
  phonons: z.number().int().min(1).max(1000).default(8),
  /** Slice thickness along the beam [nm]; the cell is cut into round(L_z/Δz) equal slices. @default 0.2 */
  sliceThicknessNm: z.number().positive().default(0.2),
  /** Simulation grid samples along x (power of two); null picks the smallest with spacing ≤ maxSamplingNm. */
  gridSize: z.number().int().positive().nullable().default(null),
  /** Largest simulation grid spacing when `gridSize` is null [nm] (0.012 nm: 512 for a 6 nm cell). */
  maxSamplingNm: z.number().positive().default(0.012),
  /** Scattering-factor table. @default "kirkland" */
  parametrization: z.enum(PARAMETRIZATIONS).default("kirkland"),
  /** Thermal vibration: frozen phonons (default) or Debye–Waller-damped static potentials. */
  thermal: z.enum(THERMAL_MODELS).default("frozen-phonon"),
  /**
   * Frozen phonons of the support: "once" displaces support atoms in one configuration shared by all
   * particle configurations, so the support's slices are computed once per image (as the paper's reference
   * code reuses a pre-sliced support; the amorphous support's speckle barely changes); "per-configuration"
   * displaces them anew every time. @default "once"
   */
  supportDisplacement: z.enum(["once", "per-configuration"]).default("once"),
  /** Temporal coherence: explicit focal averaging (reference, default) or the envelope E_t. */
  temporalCoherence: z.enum(TEMPORAL_COHERENCE_MODELS).default("focal-average"),
  /** Gauss–Hermite points of the focal average. @default 7 */
  focalPoints: z.number().int().min(1).max(64).default(7),
  /** Debye–Waller factors B [Å²] by atomic number, overriding Au 0.6, Si 0.5, C 0.5 (others 0.5). */
  debyeWallerAng2: z.record(z.string().regex(/^\d+$/), z.number().nonnegative()).default({}),
  /** Also return the exit wave of the first configuration. @default false */
  exitWave: z.boolean().default(false),
});

/** Complete simulation options. */
export type SimulationOptions = z.infer<typeof SimulationOptionsSchema>;
/** Options as callers write them (all optional). */
export type SimulationOptionsInput = z.input<typeof SimulationOptionsSchema>;
