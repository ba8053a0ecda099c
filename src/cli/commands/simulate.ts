import { basename, dirname, extname, join } from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { Rng, usageError } from "../../core/index.js";
import { writePng, writeTiffFloat32 } from "../../io/index.js";
import {
  loadMicroscope,
  type Microscope,
  PARAMETRIZATIONS,
  parseMicroscope,
  type SimulatedImage,
  type SimulationOptionsInput,
  simulateImage,
  TEMPORAL_COHERENCE_MODELS,
  THERMAL_MODELS,
  TITAN_300KV,
} from "../../simulate/index.js";
import { readStructure } from "../../structure/index.js";
import { parseChoice, parseCount, parseNumber, parsePositive } from "../options.js";

/** `nanocryst simulate`: multislice HRTEM image of a structure file. */
export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("Simulate an HRTEM image of a structure by multislice (frozen phonons, focal averaging)")
    .argument("<structure>", "structure file: .xyz (extended XYZ), .cel (Dr. Probe) or .json")
    .requiredOption(
      "--out <file>",
      "image file: .tif (float32, vacuum = 1, pixel size recorded) or .png (16-bit)",
    )
    .option("--config <file>", "microscope description (.json or .yaml); flags below override its fields")
    .option("--voltage <kV>", "accelerating voltage [kV] (default 300)")
    .option("--defocus <nm>", "defocus C1 [nm]; > 0 overfocus, < 0 underfocus (default 0)")
    .option("--astig-x <nm>", "two-fold astigmatism A1, x component [nm] (default 0)")
    .option("--astig-y <nm>", "two-fold astigmatism A1, y component [nm] (default 0)")
    .option("--cs <um>", "spherical aberration C3 [µm] (default 3, Cs-corrected)")
    .option(
      "--focus-spread <nm>",
      "focus spread as the 1/e half-width Δ [nm], as Dr. Probe and the paper quote it (rms δ = Δ/√2) (default 5)",
    )
    .option("--convergence <mrad>", "semi-convergence angle α, 1/e half-width [mrad] (default 0.2)")
    .option("--aperture <mrad>", "objective aperture semi-angle [mrad] (default: none)")
    .option(
      "--mtf <g>",
      "detector MTF: sinc(kx·p)·sinc(ky·p)·g^((k/k_Nyquist)²), g = Gaussian factor at Nyquist, in (0, 1]",
    )
    .option("--dose <e/A2>", "electron dose [e⁻/Å²] for Poisson shot noise (default: noise-free)")
    .option("--pixel-size <nm>", "camera pixel size [nm]", "0.02")
    .option("--phonons <n>", "frozen-phonon configurations averaged", "8")
    .option("--slice <nm>", "slice thickness [nm]", "0.2")
    .option("--grid <n>", "simulation grid along x, a power of two (default: spacing ≤ 0.012 nm)")
    .option("--parametrization <name>", `scattering factors: ${PARAMETRIZATIONS.join(" or ")}`, "kirkland")
    .option(
      "--thermal <model>",
      "frozen-phonon (intensities averaged over displaced configurations) or absorptive (Debye–Waller-damped potential, one static configuration)",
      "frozen-phonon",
    )
    .option(
      "--temporal-coherence <model>",
      "focal-average (explicit Gauss–Hermite focal averaging, the reference) or envelope",
      "focal-average",
    )
    .option("--focal-points <n>", "Gauss–Hermite points of the focal average", "7")
    .option("--seed <n>", "random seed (phonon displacements, noise)", "0")
    .option(
      "--exit-wave <file.tif>",
      "also write the exit wave (first configuration) as <name>-amplitude.tif, <name>-phase.tif",
    )
    .option(
      "--mask <file.png>",
      "also write the particle mask (1 where the particle's atoms project) as 8-bit PNG",
    )
    .action((structurePath: string, opts: Record<string, string | undefined>) => {
      const outFormat = imageFormat("--out", opts.out!);
      if (opts.mask !== undefined && extname(opts.mask).toLowerCase() !== ".png")
        throw usageError(`--mask must name a .png file, got "${opts.mask}"`);
      if (opts.exitWave !== undefined && !/\.tiff?$/i.test(opts.exitWave))
        throw usageError(`--exit-wave must name a .tif file, got "${opts.exitWave}"`);
      const microscope = microscopeFrom(opts);
      const options = simulationOptions(opts);
      const seed = parseCount("--seed", opts.seed!);
      const structure = readStructure(structurePath);
      const t0 = performance.now();
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            {
              format: "simulate [{bar}] {value}/{total} phonon configurations | ETA {eta_formatted}",
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
      bar?.start(options.phonons ?? 1, 0);
      const image = simulateImage(
        structure,
        microscope,
        options,
        new Rng(["simulate", seed]),
        (done, total) => {
          bar?.setTotal(total);
          bar?.update(done);
        },
      );
      bar?.stop();
      writeImage(opts.out!, outFormat, image);
      if (opts.mask !== undefined) {
        const data = Float32Array.from(image.particleMask);
        writePng(
          opts.mask,
          { data, width: image.width, height: image.height, pixelSizeNm: pixel(image) },
          {
            bitDepth: 8,
            range: [0, 1],
          },
        );
      }
      if (opts.exitWave !== undefined) writeExitWave(opts.exitWave, image);
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      process.stdout.write(
        `${opts.out}: ${image.width} × ${image.height} px at ${image.pixelSizeNm} nm, ${structure.numbers.length} atoms, ${seconds} s\n`,
      );
    });
}

function imageFormat(flag: string, path: string): "tif" | "png" {
  const ext = extname(path).toLowerCase();
  if (ext === ".tif" || ext === ".tiff") return "tif";
  if (ext === ".png") return "png";
  throw usageError(`${flag} must end in .tif or .png, got "${path}"`);
}

function microscopeFrom(opts: Record<string, string | undefined>): Microscope {
  const base: Microscope = opts.config === undefined ? TITAN_300KV : loadMicroscope(opts.config);
  const merged: Record<string, unknown> = { ...base };
  const set = (flag: string, key: string, value: string | undefined, parse: typeof parseNumber) => {
    if (value !== undefined) merged[key] = parse(flag, value);
  };
  set("--voltage", "voltageKv", opts.voltage, parsePositive);
  set("--defocus", "defocusNm", opts.defocus, parseNumber);
  set("--astig-x", "astigmatismXNm", opts.astigX, parseNumber);
  set("--astig-y", "astigmatismYNm", opts.astigY, parseNumber);
  set("--cs", "csUm", opts.cs, parseNumber);
  set("--focus-spread", "focusSpreadNm", opts.focusSpread, nonNegative);
  set("--convergence", "convergenceMrad", opts.convergence, nonNegative);
  set("--aperture", "apertureMrad", opts.aperture, parsePositive);
  set("--dose", "doseEPerA2", opts.dose, parsePositive);
  if (opts.mtf !== undefined) {
    const g = parsePositive("--mtf", opts.mtf);
    if (g > 1) throw usageError(`--mtf is the MTF value at Nyquist, in (0, 1]; got ${opts.mtf}`);
    merged.mtf = { gaussianAtNyquist: g };
  }
  return parseMicroscope(merged, opts.config);
}

function nonNegative(flag: string, value: string): number {
  const n = parseNumber(flag, value);
  if (n < 0) throw usageError(`${flag} must be ≥ 0, got ${value}`);
  return n;
}

function simulationOptions(opts: Record<string, string | undefined>): SimulationOptionsInput {
  const phonons = parseCount("--phonons", opts.phonons!);
  if (phonons < 1) throw usageError("--phonons must be at least 1");
  const focalPoints = parseCount("--focal-points", opts.focalPoints!);
  if (focalPoints < 1) throw usageError("--focal-points must be at least 1");
  return {
    pixelSizeNm: parsePositive("--pixel-size", opts.pixelSize!),
    phonons,
    sliceThicknessNm: parsePositive("--slice", opts.slice!),
    gridSize: opts.grid === undefined ? null : parseCount("--grid", opts.grid),
    parametrization: parseChoice("--parametrization", opts.parametrization!, PARAMETRIZATIONS),
    thermal: parseChoice("--thermal", opts.thermal!, THERMAL_MODELS),
    temporalCoherence: parseChoice(
      "--temporal-coherence",
      opts.temporalCoherence!,
      TEMPORAL_COHERENCE_MODELS,
    ),
    focalPoints,
    exitWave: opts.exitWave !== undefined,
  };
}

function pixel(image: SimulatedImage): { x: number; y: number } {
  return { x: image.pixelSizeNm, y: image.pixelSizeNm };
}

function writeImage(path: string, format: "tif" | "png", image: SimulatedImage): void {
  const grey = { data: image.intensity, width: image.width, height: image.height, pixelSizeNm: pixel(image) };
  if (format === "tif") writeTiffFloat32(path, grey);
  else writePng(path, grey, { bitDepth: 16 });
}

function writeExitWave(path: string, image: SimulatedImage): void {
  const wave = image.exitWave!;
  const grid = image.exitWaveGrid!;
  const n = grid.width * grid.height;
  const amplitude = new Float32Array(n);
  const phase = new Float32Array(n);
  for (let p = 0; p < n; p++) {
    amplitude[p] = Math.hypot(wave[2 * p], wave[2 * p + 1]);
    phase[p] = Math.atan2(wave[2 * p + 1], wave[2 * p]);
  }
  const stem = join(dirname(path), basename(path, extname(path)));
  const size = { x: grid.pixelSizeNm, y: grid.pixelSizeNm };
  writeTiffFloat32(`${stem}-amplitude.tif`, {
    data: amplitude,
    width: grid.width,
    height: grid.height,
    pixelSizeNm: size,
  });
  writeTiffFloat32(`${stem}-phase.tif`, {
    data: phase,
    width: grid.width,
    height: grid.height,
    pixelSizeNm: size,
  });
}
