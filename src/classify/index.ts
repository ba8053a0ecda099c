export {
  ARCHITECTURES,
  type Architecture,
  type ArchitectureName,
  architecture,
  architectureProblem,
  INPUT_CROP_PX,
  INPUT_PIXEL_SIZE_NM,
  LATTICE_MAP_COUNT,
} from "./architecture.js";
export {
  classNames,
  loadSplit,
  loadSplits,
  loadSplitsOf,
  type Sample,
  SPLITS,
  THREE_CLASSES,
  TWO_CLASSES,
} from "./data.js";
export { readMaskFile, readParticleFile } from "./imageFiles.js";
export {
  copyModelFolder,
  defaultModelDir,
  type EngineChoice,
  loadModel,
  MODEL_FILE,
  type Model,
  type ModelJson,
  readModelJson,
  saveModel,
  WEIGHTS_FILE,
} from "./model.js";
export { exportOnnx } from "./onnx.js";
export type { InferenceEngine } from "./engineOnnx.js";
export { applyOmissionRule, type Decision, UNKNOWN } from "./omission.js";
export { predict } from "./predict.js";
export {
  cutOutMask,
  type LocatedParticle,
  type LocatorOptions,
  type MaskSource,
  ParticleLocator,
  particleMask,
} from "./locate.js";
export { type ParticleImage, resampleParticle } from "./resample.js";
export { PAPER_RECIPE, SCHEDULES, type ScheduleName } from "./schedule.js";
export type { EpochRecord } from "./checkpoint.js";
export { type TrainOptions, type TrainResult, train } from "./train.js";
export { epochLogger, type Log, recordEvaluations, trainAndReport, writeReports } from "./trainReport.js";
export {
  breakdownTable,
  evaluateModel,
  type Evaluation,
  metricsTable,
  percent,
  writeEvaluation,
} from "./evaluate.js";
export { breakdownByCondition, type GroupMetrics, instrumentName } from "./breakdown.js";
export {
  confusionMatrix,
  evaluateDecisions,
  type Metrics,
  metricsFromConfusion,
  type OmissionMetrics,
} from "./metrics.js";
export {
  classificationsCsv,
  classificationsJson,
  classifyFiles,
  type FileClassification,
} from "./classifyFiles.js";
export { proposeTrial, readTrials, type Trial, type TrialParams, tune } from "./tune.js";
export { PAPER_STUDY, runPaperExperiment, type StudyResult, studyTables } from "./experiment.js";
export { classGroupProblem, mergeClasses, networkClassesOf, twoClassMeta } from "./classGroups.js";
export { applyCalibration, type Calibration, fitClassOffsets, fitTemperature } from "./calibration.js";
export { type OutlineAgreement, useWholeImages } from "./wholeImages.js";
