import { mkdirSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { NanocrystError, writeFileAtomic } from "../core/index.js";
import { fillMissingPixels, type GreyImage, writePng, writePngRgb } from "../io/index.js";
import type { LabelImage } from "../segment/index.js";
import { type AnalyzeOptions, analyzeMicrograph, type MicrographAnalysis } from "./analyzeMicrograph.js";
import { particleColumns } from "./columns.js";
import { particlesCsv } from "./csv.js";
import { classHistogram, histogramSvg } from "./histogramSvg.js";
import { renderOverlay } from "./overlay.js";
import type { ParticleReport } from "./particleReport.js";
import { overlayDataUrl, reportHtml, type ReportMicrograph } from "./report.js";
import { type AnalysisSummary, type FailedMicrograph, labelOrder, summarize } from "./summary.js";
import { xlsxWorkbook } from "./xlsx.js";

/** Settings of a whole run over several micrographs. */
export interface RunOptions extends AnalyzeOptions {
  /** Output folder. */
  outDir: string;
  /** Reads one micrograph (with its pixel size, from the file or a fallback). */
  read: (path: string) => Promise<GreyImage>;
  /** Model folder named in the summary, or null without a model. */
  modelName: string | null;
  /** Called after each micrograph (done or failed). */
  onProgress?: (event: RunProgress) => void;
}

/** Progress after one micrograph. */
export interface RunProgress {
  index: number;
  total: number;
  file: string;
  /** The analysis, or the error message when the micrograph failed. */
  result: MicrographAnalysis | { error: string };
}

/** What a run produced. */
export interface RunResult {
  summary: AnalysisSummary;
  /** Paths of the files written over all micrographs. */
  outputs: { csv: string; xlsx: string; summary: string; histogram: string; report: string };
}

/** Output folder names per micrograph: the file name without extension, made unique with -2, -3, … */
export function outputNames(paths: readonly string[]): string[] {
  const used = new Map<string, number>();
  return paths.map((p) => {
    const stem = basename(p, extname(p)) || "micrograph";
    const n = (used.get(stem) ?? 0) + 1;
    used.set(stem, n);
    return n === 1 ? stem : `${stem}-${n}`;
  });
}

/** Writes the instance image as a 16-bit PNG whose grey values are the particle numbers. */
export function writeLabelsPng(path: string, labels: LabelImage, pixelSizeNm: number): void {
  if (labels.count > 65535) {
    throw new NanocrystError("input", `${labels.count} particles do not fit a 16-bit label image`, {
      file: path,
    });
  }
  const data = Float32Array.from(labels.labels);
  writePng(
    path,
    { data, width: labels.width, height: labels.height, pixelSizeNm: { x: pixelSizeNm, y: pixelSizeNm } },
    { bitDepth: 16, range: [0, 65535] },
  );
}

/**
 * Analyses micrographs one after another and writes every output (design.md): per micrograph
 * `NAME/overlay.png`, `NAME/labels.png`, `NAME/particles.csv`; over all of them `particles.csv`,
 * `particles.xlsx`, `summary.json`, `ecd_histogram.svg` and `report.html`. A micrograph that cannot be
 * read or analysed (a `NanocrystError` of kind usage/input) is recorded in `summary.failed` and skipped;
 * internal errors propagate.
 */
export async function runAnalysis(paths: readonly string[], options: RunOptions): Promise<RunResult> {
  const { outDir, read, modelName, onProgress, ...analyzeOptions } = options;
  const classes = analyzeOptions.model?.classes ?? [];
  const legend = labelOrder(analyzeOptions.model ? classes : null);
  const columns = particleColumns(classes);
  const names = outputNames(paths);
  const analyses: MicrographAnalysis[] = [];
  const failed: FailedMicrograph[] = [];
  const pictures: ReportMicrograph[] = [];
  mkdirSync(outDir, { recursive: true });
  for (let k = 0; k < paths.length; k++) {
    const file = paths[k];
    let result: RunProgress["result"];
    try {
      const { image, missing } = fillMissingPixels(await read(file), file);
      const analysis = await analyzeMicrograph(image, file, analyzeOptions, missing);
      const dir = join(outDir, names[k]);
      mkdirSync(dir, { recursive: true });
      const overlay = renderOverlay(image, analysis.labels, analysis.particles, analysis.pixelSizeNm, legend);
      writePngRgb(join(dir, "overlay.png"), overlay.rgba, overlay.width, overlay.height);
      writeLabelsPng(join(dir, "labels.png"), analysis.labels, analysis.pixelSizeNm);
      writeFileAtomic(join(dir, "particles.csv"), particlesCsv(analysis.particles, columns));
      analyses.push(analysis);
      pictures.push({ file, overlayUrl: overlayDataUrl(overlay), particles: analysis.particles });
      result = analysis;
    } catch (error) {
      if (!(error instanceof NanocrystError) || error.kind === "internal") throw error;
      const message = error.message.replace(/\s*\n\s*/g, " ");
      failed.push({ file, error: message });
      result = { error: message };
    }
    onProgress?.({ index: k + 1, total: paths.length, file, result });
  }
  const summary = summarize(analyses, failed, {
    model: modelName,
    classes: [...classes],
    threshold: analyzeOptions.threshold ?? 0.8,
  });
  const particles: ParticleReport[] = analyses.flatMap((a) => a.particles);
  const outputs = {
    csv: join(outDir, "particles.csv"),
    xlsx: join(outDir, "particles.xlsx"),
    summary: join(outDir, "summary.json"),
    histogram: join(outDir, "ecd_histogram.svg"),
    report: join(outDir, "report.html"),
  };
  writeFileAtomic(outputs.csv, particlesCsv(particles, columns));
  writeFileAtomic(outputs.xlsx, xlsxWorkbook(workbookSheets(summary, particles, columns)));
  writeFileAtomic(outputs.summary, `${JSON.stringify(summary, null, 2)}\n`);
  const histogram = histogramSvg(
    classHistogram(particles, legend, (p) => p.ecdNm),
    "equivalent circular diameter (nm)",
  );
  writeFileAtomic(outputs.histogram, histogram);
  writeFileAtomic(outputs.report, reportHtml(summary, pictures, histogram, columns));
  return { summary, outputs };
}

function workbookSheets(
  summary: AnalysisSummary,
  particles: readonly ParticleReport[],
  columns: ReturnType<typeof particleColumns>,
) {
  return [
    {
      name: "particles",
      rows: [columns.map((c) => c.name), ...particles.map((p) => columns.map((c) => c.value(p)))],
    },
    {
      name: "columns",
      rows: [["column", "unit", "type", "meaning"], ...columns.map((c) => [c.name, c.unit, c.type, c.doc])],
    },
    {
      name: "summary",
      rows: [
        ["class", "count", "fraction", "ci95_low", "ci95_high", "ecd_mean_nm", "ecd_sd_nm", "ecd_median_nm"],
        ...summary.classes.map((c) => {
          const s = summary.sizes.byClass[c.label].ecdNm;
          return [c.label, c.count, c.fraction, c.ci95[0], c.ci95[1], s.mean, s.sd, s.median];
        }),
      ],
    },
  ];
}
