export type {
  GreyImage,
  Micrograph,
  MicrographFormat,
  MicrographKind,
  MicrographMetadata,
  MicrographSource,
  PixelSizeNm,
  StoredDtype,
} from "./micrograph.js";
export {
  encodePngGrey,
  PNG_CALIBRATION_KEYWORD,
  type PngCalibration,
  type PngWriteOptions,
  writePng,
  writePngRgb,
} from "./pngWriter.js";
export { encodeTiffFloat32, writeTiffFloat32 } from "./tiffWriter.js";
export { cropGrey } from "./crop.js";
export { type FilledImage, fillMissingPixels, finiteStatistics } from "./missingPixels.js";
export { type DetectedFormat, detectFormat } from "./detectFormat.js";
export { type ReadMicrographOptions, readMicrograph, requirePixelSize } from "./readMicrograph.js";
