export {
  autoDetector,
  type DetectorChoice,
  LATTICE_RESOLVING_PIXEL_NM,
} from "../classify/segmentation/index.js";
export {
  type AnalyzeOptions,
  analyzeMicrograph,
  isotropicPixelSizeNm,
  type MicrographAnalysis,
} from "./analyzeMicrograph.js";
export { classifyParticles, cutOutParticles } from "./classifyParticles.js";
export { classColor, classColorHex } from "./colors.js";
export { type ParticleColumn, particleColumns, STANDARD_CLASSES } from "./columns.js";
export { formatNumber, particlesCsv } from "./csv.js";
export { type ClassHistogram, classHistogram, histogramSvg, niceBinWidth } from "./histogramSvg.js";
export { type DetectionScore, type MatchedPair, scoreDetections } from "./evaluate.js";
export { displayRange, renderOverlay, scaleBarNm } from "./overlay.js";
export { type ParticleClass, type ParticleReport, UNCLASSIFIED } from "./particleReport.js";
export { overlayDataUrl, type ReportMicrograph, reportHtml } from "./report.js";
export {
  outputNames,
  type RunOptions,
  type RunProgress,
  type RunResult,
  runAnalysis,
  writeLabelsPng,
} from "./runAnalysis.js";
export { type Distribution, describe, wilsonInterval, Z95 } from "./statistics.js";
export {
  type AnalysisSummary,
  type ClassShare,
  type FailedMicrograph,
  labelOrder,
  type SizeStatistics,
  summarize,
} from "./summary.js";
export { summaryTable, textTable } from "./table.js";
export { drawText, type RgbaCanvas, type Rgb, textWidthPx } from "./text.js";
export { columnLetters, type Sheet, xlsxWorkbook } from "./xlsx.js";
export { crc32, storedZip, type ZipEntry } from "./zip.js";
