import { readFileSync } from "node:fs";
import { packagePath } from "../core/index.js";
import type { Parametrization } from "../simulate/index.js";
import type { ElementSymbol } from "../structure/index.js";
import { CRYSTAL_CLASSES } from "./classes.js";
import { DEFAULT_FIELD, type FieldSettings } from "./fields/fieldSample.js";
import { SHAPES_BY_CLASS } from "./fields/simulateField.js";
import { PATTERN_FREQUENCY_RANGE, PATTERN_NOISE_DENSITY, PATTERN_SIZE_PX } from "./pattern.js";
import {
  type PlannedGroup,
  type PresetName,
  planGroups,
  planTotal,
  presetByName,
  type Recipe,
} from "./presets.js";
import { filmRangeRecord, INSTRUMENT_RANGES, SIMULATION_RANGES, simulationRangesRecord } from "./sampling.js";
import { SPLIT_FRACTIONS } from "./split.js";

/**
 * Fixed simulation settings of a dataset (the same for every sample). The defaults trade accuracy for
 * speed so that the full `poly` preset (7,883 samples) fits in about an hour on two cores; see README,
 * "Datasets", for the measurements behind them.
 */
export interface SimulationSettings {
  /** Edge of the cubic simulation cell [nm] (paper: ≈ 6 nm). */
  boxNm: number;
  /** Multislice grid [px] over the cell edge (power of two). */
  gridPx: number;
  /** Frozen-phonon configurations averaged per image. */
  phonons: number;
  /** Slice thickness [nm]. */
  sliceThicknessNm: number;
  /** Gauss–Hermite points of the explicit focal average (temporal coherence). */
  focalPoints: number;
  /** Camera pixel size of the written images [nm]. */
  pixelSizeNm: number;
  /** Particle element (the paper: gold). */
  element: ElementSymbol;
  /**
   * Range of the drawn particle diameters [nm], when not the paper's 1–3 nm (e.g. 1–5 nm to match whole
   * micrographs); absent in configs that keep the paper's range, so their bytes stay as they were.
   */
  diameterRangeNm?: [number, number];
  /**
   * Range of the camera pixel [nm] of the `poly-plus` and `poly-instruments` recipes, when not their
   * 0.02–0.07 nm; absent otherwise, so configs that keep it stay byte for byte as they were.
   */
  pixelSizeRangeNm?: [number, number];
  /**
   * Range of the drawn support film thickness [nm], when not the paper's 1–3 nm (real grids' films are often
   * 3–20 nm); absent otherwise, so configs stay byte for byte.
   */
  supportThicknessRangeNm?: [number, number];
  /**
   * Range of the smallest atom distance in amorphous particles [nm], drawn per particle, when not the
   * paper's 0.248 nm: random sequential addition at 0.248 nm packs ≈ 20 % fewer atoms than the crystal, so a
   * classifier could tell amorphous particles by their weaker contrast alone; 0.232 nm reaches the crystal's
   * density. Absent otherwise, so configs stay byte for byte.
   */
  amorphousMinDistanceRangeNm?: [number, number];
  /**
   * Scattering-factor table of the projected potentials, when not Kirkland's (e.g. Lobato's, to test a
   * classifier on images made with another convention); absent otherwise, so configs stay byte for byte.
   */
  parametrization?: Parametrization;
  /**
   * False for images without Poisson shot noise: each is the expectation of the noisy image the same draws
   * give (as Dr. Probe writes them; noise can come from training augmentation instead). Absent otherwise, so
   * configs stay byte for byte; the dose is still drawn, so every other draw stays the same.
   */
  shotNoise?: false;
}

/** Settings of the pattern preset. */
export interface PatternSettings {
  /** Edge of the square pattern images [px]. */
  sizePx: number;
}

/** Default simulation settings (see {@link SimulationSettings}). */
export const DEFAULT_SIMULATION: SimulationSettings = {
  boxNm: 6,
  gridPx: 256,
  phonons: 1,
  sliceThicknessNm: 0.2,
  focalPoints: 7,
  pixelSizeNm: 0.04,
  element: "Au",
};

/** Everything that decides a dataset's bytes: same config, same dataset. */
export interface GenerationConfig {
  preset: PresetName;
  seed: number;
  /** Samples per class; null = the paper's Table 5 counts. */
  perClass: number | null;
  simulation: SimulationSettings;
  pattern: PatternSettings;
  /** Settings of the `fields` preset. */
  field: FieldSettings;
}

/** A config with defaults filled in. */
export function makeConfig(
  preset: string,
  options: {
    seed?: number;
    perClass?: number | null;
    simulation?: Partial<SimulationSettings>;
    pattern?: Partial<PatternSettings>;
    field?: Partial<FieldSettings>;
  } = {},
): GenerationConfig {
  return {
    preset: presetByName(preset).name,
    seed: options.seed ?? 0,
    perClass: options.perClass ?? null,
    simulation: { ...DEFAULT_SIMULATION, ...options.simulation },
    pattern: { sizePx: PATTERN_SIZE_PX, ...options.pattern },
    field: { ...DEFAULT_FIELD, ...options.field },
  };
}

/** The planned groups (counts, first indices) of a config. */
export function configGroups(config: GenerationConfig): PlannedGroup[] {
  return planGroups(presetByName(config.preset), config.perClass ?? undefined);
}

/** The package version, recorded as the tool version of every dataset. */
export function toolVersion(): string {
  return JSON.parse(readFileSync(packagePath("package.json"), "utf8")).version as string;
}

/** `dataset.json`: what the dataset is and how it was made. */
export interface DatasetInfo {
  format: "nanocryst-dataset";
  formatVersion: 1;
  preset: PresetName;
  paperName: string;
  description: string;
  seed: number;
  perClass: number | null;
  toolVersion: string;
  total: number;
  /** Samples per label: the three classes, or `field` for the fields preset. */
  counts: Record<string, number>;
  groups: PlannedGroup[];
  /** Present only in a shard's folder: which indices (≡ index mod count) it holds. */
  shard?: { index: number; count: number };
  /** Sample counts per split and class, filled in when the dataset (or shard) is complete. */
  splitCounts?: Record<string, Record<string, number>>;
  splits: typeof SPLIT_FRACTIONS;
  settings: {
    simulation?: SimulationSettings;
    pattern?: PatternSettings;
    field?: FieldSettings;
    cutout?: Record<string, unknown>;
  };
  parameterRanges: Record<string, unknown>;
  layout: Record<string, string>;
}

/** Builds `dataset.json` for a config (and a shard, when generating one). */
export function datasetInfo(config: GenerationConfig, shard?: { index: number; count: number }): DatasetInfo {
  const preset = presetByName(config.preset);
  const groups = configGroups(config);
  const labels = preset.kind === "field" ? ["field"] : CRYSTAL_CLASSES;
  const counts = Object.fromEntries(
    labels.map((c) => [c, groups.filter((g) => g.label === c).reduce((s, g) => s + g.count, 0)]),
  );
  const isPattern = preset.kind === "pattern";
  const common = {
    format: "nanocryst-dataset" as const,
    formatVersion: 1 as const,
    preset: preset.name,
    paperName: preset.paperName,
    description: preset.description,
    seed: config.seed,
    perClass: config.perClass,
    toolVersion: toolVersion(),
    total: planTotal(groups),
    counts,
    groups,
    ...(shard ? { shard } : {}),
    splits: SPLIT_FRACTIONS,
  };
  if (preset.kind === "field") return { ...common, ...fieldInfo(config.field, preset.recipe) };
  return {
    ...common,
    settings: isPattern
      ? { pattern: config.pattern }
      : {
          simulation: config.simulation,
          cutout: {
            fill: "ring-mean",
            marginNm: 0.25,
            ringNm: 0.3,
            function: "cutOutParticle (src/dataset/cutout.ts)",
          },
        },
    parameterRanges: isPattern
      ? {
          frequencyRadPerPx: {
            distribution: "uniform",
            min: PATTERN_FREQUENCY_RANGE[0],
            max: PATTERN_FREQUENCY_RANGE[1],
          },
          angleDeg: { distribution: "uniform", min: 0, max: 180 },
          noiseDensity: { distribution: "fixed", value: PATTERN_NOISE_DENSITY },
          patches: { distribution: "choice", values: [2, 3] },
        }
      : simulationRangesRecord(preset.recipe, config.simulation),
    layout: isPattern
      ? {
          cutout: "SPLIT/CLASS/ID.tif (the pattern itself, float32 in [0, 1], no calibration)",
          mask: "masks/SPLIT/CLASS/ID.png (all 255: the whole pattern is the particle)",
          records: "records/ID.json (one per finished sample; the manifest is rebuilt from them)",
        }
      : {
          cutout: "SPLIT/CLASS/ID.tif (particle cut-out, float32, ImageJ calibration in nm)",
          mask: "masks/SPLIT/CLASS/ID.png (mask of the cut-out, 255 = particle)",
          field: "fields/SPLIT/CLASS/ID.tif (full simulated field, float32)",
          fieldMask: "field-masks/SPLIT/CLASS/ID.png (mask of the full field)",
          records: "records/ID.json (one per finished sample; the manifest is rebuilt from them)",
        },
  };
}

/** The settings, parameter ranges and file layout of a `fields` dataset for `dataset.json`. */
function fieldInfo(
  field: FieldSettings,
  recipe: Recipe,
): Pick<DatasetInfo, "settings" | "parameterRanges" | "layout"> {
  const { diameterNm: _perParticle, ...imaging } = SIMULATION_RANGES;
  const source = "nanocryst fields preset (issue 6)";
  return {
    settings: { field },
    parameterRanges: {
      ...imaging,
      ...(recipe === "instruments" ? INSTRUMENT_RANGES : {}),
      ...filmRangeRecord(field.supportThicknessRangeNm),
      pixelSizeNm: { distribution: "uniform", min: field.pixelSizeMinNm, max: field.pixelSizeMaxNm, source },
      densityPerNm2: {
        distribution: "uniform",
        min: field.densityMinPerNm2,
        max: field.densityMaxPerNm2,
        source,
      },
      particleDiameterNm: {
        distribution: "uniform",
        min: field.diameterMinNm,
        max: field.diameterMaxNm,
        source,
      },
      particleClass: { distribution: "choice", values: CRYSTAL_CLASSES, source },
      shapeByClass: SHAPES_BY_CLASS,
    },
    layout: {
      field: "SPLIT/ID.tif (the micrograph, float32, ImageJ calibration in nm)",
      fieldMask: "SPLIT/ID.instances.png (16-bit instance image: 0 = support, k = particle k)",
      truth: "SPLIT/ID.truth.csv (one row per particle: id, shape, class, diameters, centroid, flags)",
      microscope: "SPLIT/ID.microscope.json (imaging values of the field)",
      records: "records/ID.json (one per finished field, with every particle's truth)",
    },
  };
}

/** Serialised `dataset.json` (stable key order, trailing newline). */
export function datasetInfoText(info: DatasetInfo): string {
  return `${JSON.stringify(info, null, 2)}\n`;
}
