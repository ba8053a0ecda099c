export { bandPass, localContrast } from "./bandpass.js";
export { binImage, unbinLabels } from "./binning.js";
export { cropRegion, type RegionCrop } from "./crop.js";
export {
  type ClassicDetectorOptions,
  DETECTION_FEATURES,
  type Detection,
  type DetectionFeature,
  detectParticles,
} from "./detect.js";
export { erosionSplit } from "./erosionSplit.js";
export { type FeretDiameters, feretDiameters } from "./feret.js";
export { boxWidths, gaussianBlur } from "./gaussian.js";
export { findHoles, type RegionHoles } from "./holes.js";
export {
  keepRegions,
  regionsAtLeast,
  regionsClearOf,
  regionsInside,
  renumberInRasterOrder,
} from "./keepRegions.js";
export { type Connectivity, labelComponents } from "./label.js";
export { measureRegions, type ParticleRegion, type PixelBox } from "./measure.js";
export { close, dilate, erode, open } from "./morphology.js";
export { croftonPerimeters } from "./perimeter.js";
export { subtractPlane } from "./plane.js";
export { POLARITIES, type Polarity, polarityFromSkewness } from "./polarity.js";
export { convexHull, latticePointsInConvexPolygon, polygonArea, polygonPerimeter } from "./polygon.js";
export { finishRegions, minimumAreaPx, type PostprocessOptions, postprocess } from "./postprocess.js";
export { type ProbabilityDetectorOptions, particlesFromProbability } from "./probability.js";
export { type RefineOptions, refineBoundaries } from "./refine.js";
export { type RegionPixels, regionPixels } from "./regionPixels.js";
export { resampleBilinear } from "./resample.js";
export {
  SEPARATION_METHODS,
  type SeparationMethod,
  type SeparationOptions,
  separateTouching,
} from "./separate.js";
export { type RegionShape, regionShape } from "./shape.js";
export * from "./threshold/index.js";
export type { BinaryImage, FloatImage, LabelImage } from "./types.js";
export { watershedSplit } from "./watershed.js";
