import type { Command } from "commander";
import { Rng, usageError } from "../../core/index.js";
import { simulateField, writeField } from "../../dataset/index.js";
import {
  conventionOptions,
  filmOption,
  parseCount,
  parseNumber,
  parsePositive,
  withConventionOptions,
  withFilmOption,
} from "../options.js";

/** `nanocryst field`: a simulated full-field micrograph with exact ground truth (issue 6, point 1). */
export function registerField(program: Command): void {
  const command = program
    .command("field")
    .description(
      "Simulate a full-field HRTEM micrograph of many particles with its ground truth (instances, classes, sizes)",
    )
    .requiredOption(
      "--out <file.tif>",
      "micrograph to write; NAME.instances.png, NAME.truth.csv, NAME.microscope.json beside it",
    )
    .option("--size <px>", "field edge [px]", "1024")
    .option("--pixel-size <nm>", "camera pixel [nm]", "0.03")
    .option("--particles <n>", "particles to place", "16")
    .option("--min-diameter <nm>", "smallest particle diameter [nm]", "1")
    .option("--max-diameter <nm>", "largest particle diameter [nm]", "5")
    .option("--touching <f>", "share of particles placed touching another (0..1)", "0.2")
    .option("--border <f>", "share of particles placed across the image border (0..1)", "0.1")
    .option("--phonons <n>", "frozen-phonon configurations per simulated cell", "1");
  withConventionOptions(withFilmOption(command))
    .option(
      "--instruments",
      "draw the voltage (80, 200, 300 kV) and objective lens (with or without a Cs corrector) as dataset preset poly-instruments does, instead of a corrected 300 kV TEM",
    )
    .option("--seed <n>", "random seed", "0")
    .action((opts) => {
      if (!/\.tiff?$/i.test(opts.out)) throw usageError(`--out must name a .tif file, got "${opts.out}"`);
      const share = (flag: string, value: string) => {
        const v = parseNumber(flag, value);
        if (v < 0 || v > 1) throw usageError(`${flag} must lie in 0..1, got ${value}`);
        return v;
      };
      const minDiameter = parsePositive("--min-diameter", opts.minDiameter);
      const maxDiameter = parsePositive("--max-diameter", opts.maxDiameter);
      if (maxDiameter < minDiameter) throw usageError("--max-diameter must not be below --min-diameter");
      const sizePx = parseCount("--size", opts.size);
      if (sizePx < 64) throw usageError(`--size must be at least 64 px, got ${opts.size}`);
      const field = simulateField(
        {
          sizePx,
          pixelSizeNm: parsePositive("--pixel-size", opts.pixelSize),
          particles: parseCount("--particles", opts.particles),
          diameterRangeNm: [minDiameter, maxDiameter],
          touchingFraction: share("--touching", opts.touching),
          borderFraction: share("--border", opts.border),
          phonons: Math.max(1, parseCount("--phonons", opts.phonons)),
          ...conventionOptions(opts),
          instruments: opts.instruments === true,
          ...filmOption(opts),
        },
        new Rng(["nanocryst-field", parseCount("--seed", opts.seed)]),
      );
      writeField(opts.out, field);
      process.stdout.write(
        `${opts.out}: ${field.particles.length} particles, ${sizePx}×${sizePx} px, on ${field.supportThicknessNm.toFixed(1)} nm of amorphous carbon\n`,
      );
    });
}
