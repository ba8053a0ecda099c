/**
 * The microscope description (the recipe of the lens, illumination and camera), validated with zod at the
 * boundary; user-facing units in the names (nm, µm, mm, mrad, kV, e⁻/Å²). Loadable from JSON or YAML.
 * Conventions (physics.md §4): defocusNm is C1, > 0 overfocus; astigmatism is A1 as x/y components;
 * focusSpreadNm is the 1/e half-width Δ = √2·δ of the defocus distribution (as in Dr. Probe and the paper);
 * convergenceMrad is the semi-convergence α (1/e half-width).
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { inputError, mradToRad, nmToAngstrom, umToAngstrom } from "../core/index.js";
import type { Aberrations } from "./aberrations.js";
import { focusSpreadRms } from "./coherence.js";

/** Validated microscope parameters; every field has a default (the 300 kV Cs-corrected Titan of the paper). */
export const MicroscopeSchema = z.strictObject({
  /** Free-text name of the instrument or preset. */
  name: z.string().default("custom"),
  /** Accelerating voltage [kV]. @default 300 */
  voltageKv: z.number().positive().max(2000).default(300),
  /** Defocus C1 [nm]; > 0 overfocus, < 0 underfocus. @default 0 */
  defocusNm: z.number().default(0),
  /** Two-fold astigmatism A1, x component (along columns) [nm]. @default 0 */
  astigmatismXNm: z.number().default(0),
  /** Two-fold astigmatism A1, y component [nm]. @default 0 */
  astigmatismYNm: z.number().default(0),
  /** Three-fold astigmatism A2 x / y [nm]. @default 0 */
  a2xNm: z.number().default(0),
  a2yNm: z.number().default(0),
  /** Axial coma B2 x / y [nm]. @default 0 */
  b2xNm: z.number().default(0),
  b2yNm: z.number().default(0),
  /** Spherical aberration C3 [µm]. @default 3 */
  csUm: z.number().default(3),
  /** Four-fold astigmatism A3 x / y [µm]. @default 0 */
  a3xUm: z.number().default(0),
  a3yUm: z.number().default(0),
  /** Star aberration S3 x / y [µm]. @default 0 */
  s3xUm: z.number().default(0),
  s3yUm: z.number().default(0),
  /** Fifth-order spherical aberration C5 [mm]. @default 0 */
  c5Mm: z.number().default(0),
  /** Focus spread as the 1/e half-width Δ [nm] (δ_rms = Δ/√2). @default 5 */
  focusSpreadNm: z.number().nonnegative().default(5),
  /** Semi-convergence angle α, 1/e half-width [mrad]. @default 0.2 */
  convergenceMrad: z.number().nonnegative().default(0.2),
  /** Objective aperture semi-angle [mrad], or null for none. @default null */
  apertureMrad: z.number().positive().nullable().default(null),
  /** Electron dose [e⁻/Å²] for Poisson shot noise, or null for a noise-free image. @default null */
  doseEPerA2: z.number().positive().nullable().default(null),
  /** Parametric detector MTF (see `Mtf` in detector.ts), or null for an ideal detector. @default null */
  mtf: z
    .strictObject({ gaussianAtNyquist: z.number().positive().max(1) })
    .nullable()
    .default(null),
});

/** A complete, validated microscope description. */
export type Microscope = z.infer<typeof MicroscopeSchema>;
/** What users may write: any subset of the fields, the rest take defaults. */
export type MicroscopeInput = z.input<typeof MicroscopeSchema>;

/**
 * The paper's instrument: FEI Titan at 300 kV with a Cs corrector (small C3), focus spread Δ = 5 nm
 * (1/e half-width; the paper draws 4.5–5.5 nm), α = 0.2 mrad, no objective aperture, no noise.
 */
export const TITAN_300KV: Microscope = Object.freeze(MicroscopeSchema.parse({ name: "titan-300kv" }));

/** Presets by name. */
export const MICROSCOPE_PRESETS: Readonly<Record<string, Microscope>> = { "titan-300kv": TITAN_300KV };

/**
 * Validates a microscope record; errors become one line naming each bad field.
 * @throws NanocrystError (input)
 */
export function parseMicroscope(input: unknown, source?: string): Microscope {
  const result = MicroscopeSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    throw inputError(`invalid microscope description (${problems})`, source);
  }
  return result.data;
}

/**
 * Reads a microscope from a .json, .yaml or .yml file (fields as in `MicroscopeSchema`).
 * @throws NanocrystError (input) when the file is unreadable, unparsable or invalid
 */
export function loadMicroscope(path: string): Microscope {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw inputError(`cannot read the microscope file (${(e as Error).message.split("\n")[0]})`, path);
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw inputError(
      `not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(e as Error).message.split("\n")[0]}`,
      path,
    );
  }
  return parseMicroscope(data ?? {}, path);
}

/** The microscope's aberrations in Å. */
export function microscopeAberrations(m: Microscope): Aberrations {
  return {
    c1: nmToAngstrom(m.defocusNm),
    a1x: nmToAngstrom(m.astigmatismXNm),
    a1y: nmToAngstrom(m.astigmatismYNm),
    a2x: nmToAngstrom(m.a2xNm),
    a2y: nmToAngstrom(m.a2yNm),
    b2x: nmToAngstrom(m.b2xNm),
    b2y: nmToAngstrom(m.b2yNm),
    c3: umToAngstrom(m.csUm),
    a3x: umToAngstrom(m.a3xUm),
    a3y: umToAngstrom(m.a3yUm),
    s3x: umToAngstrom(m.s3xUm),
    s3y: umToAngstrom(m.s3yUm),
    c5: m.c5Mm * 1e7,
  };
}

/** rms focus spread δ [Å] and semi-convergence α [rad] and aperture [rad] of a microscope. */
export function microscopeCoherence(m: Microscope): {
  focusSpreadRmsAng: number;
  convergenceRad: number;
  apertureRad: number | null;
} {
  return {
    focusSpreadRmsAng: focusSpreadRms(nmToAngstrom(m.focusSpreadNm)),
    convergenceRad: mradToRad(m.convergenceMrad),
    apertureRad: m.apertureMrad === null ? null : mradToRad(m.apertureMrad),
  };
}
