import { availableParallelism } from "node:os";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import {
  type GenerationProgress,
  generateDataset,
  makeConfig,
  mergeShards,
  PRESET_NAMES,
  parseShard,
  type Preset,
  presetByName,
  writePreview,
  DEFAULT_SIMULATION,
  datasetStats,
  PLUS_RANGES,
} from "../../dataset/index.js";
import { usageError } from "../../core/index.js";
import { PARTICLE_ELEMENTS } from "../../structure/index.js";
import {
  conventionOptions,
  filmOption,
  parseChoice,
  parseCount,
  parsePositive,
  parseRange,
  withConventionOptions,
  withFilmOption,
} from "../options.js";

/** `nanocryst dataset generate | merge | preview | stats`. */
export function registerDataset(program: Command): void {
  const dataset = program
    .command("dataset")
    .description("Make, merge and inspect labelled training datasets (the paper's Table 5 and more)");

  const generate = dataset
    .command("generate")
    .description("Generate a dataset (re-running into the same --out resumes an interrupted run)")
    .requiredOption("--preset <name>", `dataset recipe: ${PRESET_NAMES.join(", ")}`)
    .requiredOption("--out <dir>", "dataset folder")
    .option("--per-class <n>", "samples per class (default: the paper's Table 5 counts)")
    .option("--count <n>", "fields presets: number of micrographs (default 200)")
    .option("--field-size <px>", "fields presets: micrograph edge [px] (default 1024)")
    .option(
      "--max-sampling <nm>",
      "fields presets: largest multislice grid spacing [nm] (default 0.012; coarser is faster and less exact)",
    )
    .option("--workers <n>", "worker threads (0 = main thread)", String(availableParallelism()))
    .option(
      "--shard <i/n>",
      "make only the samples with index ≡ i (mod n), for clusters; join with `dataset merge`",
    )
    .option("--seed <n>", "random seed", "0")
    .option(
      "--element <symbol>",
      `particle element: ${PARTICLE_ELEMENTS.join(", ")} (default Au, as the paper)`,
    )
    .option("--box <nm>", "edge of the cubic simulation cell [nm] (default 6, as the paper)")
    .option(
      "--diameter <min:max>",
      "range of the particle diameters [nm] (default 1:3, as the paper; --box must be ≥ 1.25·max + 1)",
    )
    .option(
      "--grid <px>",
      `multislice grid over the cell edge, a power of two (default ${DEFAULT_SIMULATION.gridPx})`,
    )
    .option(
      "--phonons <n>",
      `frozen-phonon configurations per image (default ${DEFAULT_SIMULATION.phonons})`,
    );
  withConventionOptions(generate)
    .option(
      "--focal-points <n>",
      `Gauss–Hermite points of the focal average (default ${DEFAULT_SIMULATION.focalPoints})`,
    )
    .option(
      "--pixel-size <nm>",
      `camera pixel size of the written images [nm]; poly-plus and poly-instruments draw it from ${PLUS_RANGES.pixelSizeNm.min}–${PLUS_RANGES.pixelSizeNm.max} instead (default ${DEFAULT_SIMULATION.pixelSizeNm})`,
    )
    .option(
      "--pixel-range <min:max>",
      `camera pixel range of poly-plus and poly-instruments [nm], drawn log-uniformly (default ${PLUS_RANGES.pixelSizeNm.min}:${PLUS_RANGES.pixelSizeNm.max})`,
    );
  withFilmOption(generate)
    .option(
      "--noise-free",
      "images without shot noise, each the expectation of the noisy one (as Dr. Probe writes them); training augmentation still adds noise",
    )
    .option(
      "--amorphous-min-distance <min:max>",
      "smallest atom distance in amorphous particles [nm], drawn per particle (default 0.248, the paper's; 0.232 packs them as densely as the crystal)",
    )
    .option("--pattern-size <px>", "edge of the pattern images [px] (pattern preset)")
    .action(async (opts) => {
      const preset = presetByName(opts.preset);
      if (opts.count !== undefined && preset.kind !== "field")
        throw usageError("--count is for the fields presets; give class presets --per-class");
      if (preset.kind === "field") refuseParticleFlags(opts);
      const perClass = opts.count ?? opts.perClass;
      // how the multislice is computed, which an independent simulator chooses differently
      const conventions = {
        ...(opts.phonons ? { phonons: parsePerClass(opts.phonons, "--phonons") } : {}),
        ...conventionOptions(opts),
      };
      const film = filmOption(opts);
      const config = makeConfig(opts.preset, {
        seed: parseCount("--seed", opts.seed),
        perClass:
          perClass === undefined ? null : parsePerClass(perClass, opts.count ? "--count" : "--per-class"),
        simulation: {
          ...(opts.element ? { element: parseChoice("--element", opts.element, PARTICLE_ELEMENTS) } : {}),
          ...(opts.box ? { boxNm: parsePositive("--box", opts.box) } : {}),
          ...(opts.diameter ? { diameterRangeNm: parseDiameterRange(opts.diameter, opts.box) } : {}),
          ...(opts.grid ? { gridPx: parsePowerOfTwo("--grid", opts.grid) } : {}),
          ...(preset.kind === "field" ? {} : { ...conventions, ...film }),
          ...(opts.focalPoints ? { focalPoints: parsePerClass(opts.focalPoints, "--focal-points") } : {}),
          ...(opts.pixelSize ? { pixelSizeNm: parsePositive("--pixel-size", opts.pixelSize) } : {}),
          ...(opts.pixelRange ? { pixelSizeRangeNm: parsePixelRange(opts.pixelRange, preset) } : {}),
          ...(opts.noiseFree ? { shotNoise: false as const } : {}),
          ...(opts.amorphousMinDistance
            ? {
                amorphousMinDistanceRangeNm: parseRange(
                  "--amorphous-min-distance",
                  opts.amorphousMinDistance,
                  "0.232:0.248",
                  0.15,
                  0.35,
                ),
              }
            : {}),
        },
        pattern: opts.patternSize ? { sizePx: parsePerClass(opts.patternSize, "--pattern-size") } : {},
        field: {
          ...(opts.fieldSize ? { sizePx: parseFieldSize(opts.fieldSize) } : {}),
          ...(opts.maxSampling ? { maxSamplingNm: parsePositive("--max-sampling", opts.maxSampling) } : {}),
          ...(opts.focalPoints ? { focalPoints: parsePerClass(opts.focalPoints, "--focal-points") } : {}),
          ...(preset.kind === "field" ? { ...conventions, ...film } : {}),
        },
      });
      const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
      const workers = parseCount("--workers", opts.workers);
      const progress = progressReporter(
        `${config.preset}${shard ? ` shard ${shard.index}/${shard.count}` : ""}`,
      );
      try {
        const result = await generateDataset({
          config,
          outDir: opts.out,
          workers,
          shard,
          onProgress: progress.update,
        });
        progress.stop();
        process.stdout.write(
          `${opts.out}: ${result.rows.length} samples (${result.generated} made now, ${result.resumed} resumed)\n`,
        );
      } finally {
        progress.stop();
      }
    });

  dataset
    .command("merge")
    .description("Join shard folders (same preset, seed and counts) into the dataset one run would make")
    .argument("<shard-dir...>", "folders made with --shard I/N, all N of them")
    .requiredOption("--out <dir>", "merged dataset folder")
    .action((dirs: string[], opts) => {
      const rows = mergeShards(dirs, opts.out);
      process.stdout.write(`${opts.out}: ${rows.length} samples merged from ${dirs.length} shards\n`);
    });

  dataset
    .command("preview")
    .description("Contact sheet of samples per class, labelled with their parameters")
    .argument("<dir>", "dataset folder")
    .requiredOption("--out <file>", "PNG to write")
    .option("--per-class <n>", "samples shown per class", "8")
    .action((dir: string, opts) => {
      const sheet = writePreview(dir, opts.out, { perClass: parsePerClass(opts.perClass) });
      process.stdout.write(`${opts.out}: ${sheet.width}×${sheet.height} px, ${sheet.samples} samples\n`);
    });

  dataset
    .command("stats")
    .description("Counts per split and class, and the range of every drawn parameter")
    .argument("<dir>", "dataset folder")
    .option("--json", "print JSON instead of text")
    .action((dir: string, opts) => {
      const stats = datasetStats(dir);
      process.stdout.write(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : stats.text);
    });
}

/** Options of the single-particle simulation, which the fields presets' own simulation does not read. */
const PARTICLE_FLAGS: Record<string, string> = {
  element: "--element",
  box: "--box",
  diameter: "--diameter",
  grid: "--grid",
  pixelSize: "--pixel-size",
  pixelRange: "--pixel-range",
  noiseFree: "--noise-free",
  amorphousMinDistance: "--amorphous-min-distance",
};

/** Refuses particle-simulation flags given to a fields preset, rather than ignoring them. */
function refuseParticleFlags(opts: Record<string, unknown>): void {
  const given = Object.keys(PARTICLE_FLAGS).filter((key) => opts[key] !== undefined);
  if (given.length === 0) return;
  throw usageError(
    `${given.map((key) => PARTICLE_FLAGS[key]).join(", ")} ${given.length > 1 ? "are" : "is"} not read by the ${opts.preset} preset; fields take --count, --field-size, --max-sampling, --focal-points, --phonons, --slice and --parametrization`,
  );
}

function parsePerClass(value: string, flag = "--per-class"): number {
  const n = parseCount(flag, value);
  if (n < 1) throw usageError(`${flag} must be at least 1, got ${value}`);
  return n;
}

function parseFieldSize(value: string): number {
  const n = parseCount("--field-size", value);
  if (n < 64) throw usageError(`--field-size must be at least 64 px, got ${value}`);
  return n;
}

function parsePowerOfTwo(flag: string, value: string): number {
  const n = parseCount(flag, value);
  if (n < 32 || (n & (n - 1)) !== 0) throw usageError(`${flag} must be a power of two ≥ 32, got ${value}`);
  return n;
}

/** A progress bar with ETA on a terminal; one line every ≥ 10 s (and at the end) otherwise. */
function progressReporter(title: string): { update: (p: GenerationProgress) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${title} [{bar}] {value}/{total} samples | {percentage}% | ETA {eta_formatted} | {duration_formatted}`,
        stream: process.stderr,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        if (!started) {
          bar.start(p.total, p.done);
          started = true;
        } else bar.update(p.done);
      },
      stop: () => {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  const t0 = Date.now();
  let last = 0;
  let first: GenerationProgress | null = null;
  return {
    update: (p) => {
      first ??= p;
      const now = Date.now();
      if (now - last < 10_000 && p.done !== p.total) return;
      last = now;
      const made = p.done - first.done;
      const rate = made / Math.max(1e-3, (now - t0) / 1000);
      const eta = rate > 0 ? `, ETA ${formatSeconds((p.total - p.done) / rate)}` : "";
      process.stderr.write(`${title}: ${p.done}/${p.total} samples (${rate.toFixed(2)}/s${eta})\n`);
    },
    stop: () => {},
  };
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** `--pixel-range MIN:MAX` [nm]: 0.005 ≤ MIN < MAX ≤ 0.5, for the presets that draw the camera pixel. */
function parsePixelRange(text: string, preset: Preset): [number, number] {
  if (preset.recipe === "paper")
    throw usageError(`--pixel-range is for poly-plus and poly-instruments; ${preset.name} uses --pixel-size`);
  return parseRange("--pixel-range", text, "0.02:0.1", 0.005, 0.5);
}

/**
 * `--diameter MIN:MAX` [nm]: 0.5 ≤ MIN < MAX, and the largest particle must fit the cell: round and twinned
 * particles of "diameter" d span up to ≈ 1.23 d (a Marks decahedron), plus 0.5 nm to each edge (the structure
 * builder's rule); the largest cubes and octahedra (1.30 d, 1.43 d) are shrunk to fit (`shrinkToFit`).
 */
function parseDiameterRange(text: string, box: string | undefined): [number, number] {
  const [min, max] = parseRange("--diameter", text, "1:5", 0.5);
  const boxNm = box === undefined ? DEFAULT_SIMULATION.boxNm : parsePositive("--box", box);
  const needed = Math.ceil(1.25 * max + 1);
  if (boxNm < needed)
    throw usageError(
      `--diameter ${text}: particles up to ${max} nm (polyhedra up to ${(1.25 * max).toFixed(1)} nm across) do not fit a ${boxNm} nm cell; give --box ${needed}`,
    );
  return [min, max];
}
