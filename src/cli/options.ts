import type { Command } from "commander";
import type { LocatorOptions } from "../classify/index.js";
import { type DetectorChoice, LATTICE_RESOLVING_PIXEL_NM } from "../classify/segmentation/index.js";
import { usageError } from "../core/index.js";
import { PARAMETRIZATIONS, type Parametrization } from "../simulate/index.js";

/** Parses a finite number flag, or fails with a usage error naming the flag. */
export function parseNumber(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw usageError(`${flag} expects a number, got "${value}"`);
  return n;
}

/** Parses a positive number flag (> 0). */
export function parsePositive(flag: string, value: string): number {
  const n = parseNumber(flag, value);
  if (!(n > 0)) throw usageError(`${flag} must be greater than 0, got ${value}`);
  return n;
}

/** Parses a non-negative integer flag (≥ 0). */
export function parseCount(flag: string, value: string): number {
  const n = parseNumber(flag, value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`${flag} expects a whole number ≥ 0, got "${value}"`);
  return n;
}

/**
 * Parses a `MIN:MAX` range flag [nm] with lowest ≤ MIN < MAX ≤ highest.
 * @param example a valid value for the error message, e.g. "1:5"
 */
export function parseRange(
  flag: string,
  text: string,
  example: string,
  lowest: number,
  highest = Number.POSITIVE_INFINITY,
): [number, number] {
  const parts = text.split(":");
  const [min, max] = parts.map(Number);
  if (parts.length !== 2 || !(min >= lowest) || !(max > min) || !(max <= highest)) {
    const upper = Number.isFinite(highest) ? ` ≤ ${highest}` : "";
    throw usageError(
      `${flag} must be MIN:MAX in nm with ${lowest} ≤ MIN < MAX${upper} (e.g. ${example}), got ${text}`,
    );
  }
  return [min, max];
}

/** Parses one of a closed set of choices. */
export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw usageError(`${flag} must be one of ${choices.join(", ")}; got "${value}"`);
  }
  return value as T;
}

/** `--views`: the symmetry views averaged per particle, 1 or 8. */
export function parseViews(value: string): 1 | 8 {
  return parseChoice("--views", value, ["1", "8"]) === "1" ? 1 : 8;
}

/** Adds `--detector` and `--segmentation-model`: how images given without a mask find their particle. */
export function withLocatorOptions(command: Command): Command {
  return command
    .option(
      "--detector <d>",
      `finds the particle of images given without a mask (cut-outs with a constant fill keep theirs): net (segmentation network), classic (feature map and threshold), or auto: net for pixels ≤ ${LATTICE_RESOLVING_PIXEL_NM} nm, else classic`,
      "auto",
    )
    .option(
      "--segmentation-model <dir>",
      "segmentation model folder for the net detector (default: the shipped one)",
    );
}

/** The locator settings of {@link withLocatorOptions}' flags (or `analyze`'s, which are the same). */
export function locatorOptions(opts: {
  detector: string;
  segmentationModel?: string;
}): LocatorOptions & { detector: DetectorChoice } {
  const detector = parseChoice("--detector", opts.detector, ["auto", "net", "classic"] as const);
  if (opts.segmentationModel !== undefined && detector === "classic")
    throw usageError("--segmentation-model needs --detector net or auto");
  return { detector, segmentationModelDir: opts.segmentationModel };
}

/**
 * Adds `--slice` and `--parametrization`: multislice conventions that another simulation code chooses
 * differently; without them the simulator's defaults apply.
 */
export function withConventionOptions(command: Command): Command {
  return command
    .option("--slice <nm>", "multislice slice thickness [nm] (default 0.2)")
    .option(
      "--parametrization <table>",
      `scattering factors of the projected potentials: ${PARAMETRIZATIONS.join(", ")} (default kirkland)`,
    );
}

/** The conventions given with {@link withConventionOptions}' flags; the ones not given are left out. */
export function conventionOptions(opts: { slice?: string; parametrization?: string }): {
  sliceThicknessNm?: number;
  parametrization?: Parametrization;
} {
  return {
    ...(opts.slice ? { sliceThicknessNm: parsePositive("--slice", opts.slice) } : {}),
    ...(opts.parametrization
      ? { parametrization: parseChoice("--parametrization", opts.parametrization, PARAMETRIZATIONS) }
      : {}),
  };
}

/** Adds `--support-thickness MIN:MAX`, the range the support film is drawn from (dataset generate, field). */
export function withFilmOption(command: Command): Command {
  return command.option(
    "--support-thickness <min:max>",
    "range of the support film thickness [nm] (default 1:3, as the paper; real grids' films are often thicker)",
  );
}

/**
 * The film range given with {@link withFilmOption}'s flag (0.5 ≤ MIN < MAX ≤ 30 nm); empty when not given.
 */
export function filmOption(opts: { supportThickness?: string }): {
  supportThicknessRangeNm?: [number, number];
} {
  return opts.supportThickness
    ? { supportThicknessRangeNm: parseRange("--support-thickness", opts.supportThickness, "3:10", 0.5, 30) }
    : {};
}

/** Help of `--no-windows` (classify, evaluate). */
export const WINDOWS_HELP =
  "classify a particle larger than the network's view (5.12 nm for the shipped models) from one view of its centre, instead of window by window";
