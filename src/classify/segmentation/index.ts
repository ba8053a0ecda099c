export {
  initialSegmentationWeights,
  SEGMENTATION_ARCHITECTURE,
  type SegmentationArchitecture,
  segmentationParameters,
} from "./architecture.js";
export { autoDetector, type DetectorChoice, LATTICE_RESOLVING_PIXEL_NM } from "./detector.js";
export { type FieldExample, loadFieldExamples } from "./fieldData.js";
export {
  createSegmentationInference,
  type SegmentationEngineChoice,
  type SegmentationInference,
} from "./inference.js";
export {
  INPUT_CHANNELS,
  particleFraction,
  SEGMENTATION_PIXEL_NM,
  type SegmentationInput,
  segmentationInput,
} from "./input.js";
export {
  defaultSegmentationModelDir,
  loadSegmentationModel,
  type SegmentationModel,
  type SegmentationModelJson,
  saveSegmentationModel,
} from "./model.js";
export { type SegmentationBatch, SegmentationNetwork } from "./network.js";
export { exportSegmentationOnnx } from "./onnx.js";
export { particleProbability, particlesFromModel, type ProbabilityMap, predictInput } from "./predict.js";
export {
  type SegmentationTrainOptions,
  type SegmentationTrainResult,
  trainSegmentation,
  validationIou,
} from "./train.js";
