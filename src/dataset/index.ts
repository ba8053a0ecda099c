export { CRYSTAL_CLASSES, type CrystalClass, SPLITS, type Split, type SupportMaterial } from "./classes.js";
export {
  configGroups,
  type DatasetInfo,
  DEFAULT_SIMULATION,
  datasetInfo,
  type GenerationConfig,
  makeConfig,
  type PatternSettings,
  type SimulationSettings,
} from "./config.js";
export { type CutOut, type CutOutOptions, cutOutParticle } from "./cutout.js";
export {
  type GenerateOptions,
  type GenerateResult,
  type GenerationProgress,
  generateDataset,
} from "./generate.js";
export { MANIFEST_BASE_COLUMNS, type ManifestRow, type ParamValue, readManifest } from "./manifest.js";
export { mergeShards } from "./merge.js";
export {
  amorphousPattern,
  monocrystallinePattern,
  PATTERN_FREQUENCY_RANGE,
  PATTERN_NOISE_DENSITY,
  type Pattern,
  polycrystallinePattern,
} from "./pattern.js";
export {
  PRESET_NAMES,
  PRESETS,
  type Preset,
  type PresetName,
  planGroups,
  presetByName,
  sampleId,
} from "./presets.js";
export { writePreview } from "./preview.js";
export { generateSample, sampleRng } from "./sample.js";
export { PLUS_RANGES, SIMULATION_RANGES } from "./sampling.js";
export { parseShard, type Shard, shardIndices } from "./shard.js";
export { splitForId } from "./split.js";
export { type DatasetStats, datasetStats } from "./stats.js";
export { FONT, glyph, textWidth } from "./font5x7.js";
export {
  type BinaryMask,
  choosePlace,
  drawFieldMicroscope,
  type FieldOptions,
  type FieldParticle,
  fieldTruthPaths,
  formatNumber,
  PatchCanvas,
  type Place,
  type SimulatedField,
  simulateField,
  squaredDistanceTransform,
  writeField,
} from "./fields/index.js";
