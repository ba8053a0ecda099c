export { PatchCanvas } from "./composite.js";
export { type BinaryMask, squaredDistanceTransform } from "./distanceTransform.js";
export { fieldTruthPaths, formatNumber, writeField } from "./fieldFiles.js";
export { choosePlace, type Place } from "./placement.js";
export {
  drawFieldMicroscope,
  type FieldOptions,
  type FieldParticle,
  type SimulatedField,
  simulateField,
} from "./simulateField.js";
