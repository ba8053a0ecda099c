import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { LATTICE_RESOLVING_PIXEL_NM, runAnalysis, summaryTable } from "../../analyze/index.js";
import { defaultModelDir, loadModel, type Model } from "../../classify/index.js";
import { loadSegmentationModel, type SegmentationModel } from "../../classify/segmentation/index.js";
import { inputError, usageError } from "../../core/index.js";
import { type GreyImage, readMicrograph } from "../../io/index.js";
import {
  DETECTION_FEATURES,
  POLARITIES,
  SEPARATION_METHODS,
  THRESHOLD_METHODS,
} from "../../segment/index.js";
import { locatorOptions, parseChoice, parseCount, parseNumber, parsePositive } from "../options.js";

/** Reads a micrograph (frame `frame` of a stack); a file without calibration takes `fallbackPixelSizeNm`. */
function reader(
  fallbackPixelSizeNm: number | undefined,
  frame: number | undefined,
): (path: string) => Promise<GreyImage> {
  return async (path) => {
    const image = await readMicrograph(path, { frame });
    if (image.pixelSizeNm || fallbackPixelSizeNm === undefined) return image;
    return { ...image, pixelSizeNm: { x: fallbackPixelSizeNm, y: fallbackPixelSizeNm } };
  };
}

/** Why an analysis may find nothing: a field of view filled by a few large particles touches the border. */
const NONE_INSIDE =
  " — none away from the image border (particles cut by it are left out; --keep-border keeps them)";

/** A warning for pixels too coarse for lattice fringes, where crystallinity cannot be read from the image. */
function coarse(pixelSizeNm: number): string {
  return pixelSizeNm > LATTICE_RESOLVING_PIXEL_NM
    ? ` — warning: ${pixelSizeNm.toPrecision(3)} nm pixels do not resolve lattice fringes (needs ≤ ${LATTICE_RESOLVING_PIXEL_NM} nm); the crystallinity classes are unreliable`
    : "";
}

/** The classifier: the given folder, else the shipped default if present, else none (with a warning). */
async function chooseModel(dir: string | undefined): Promise<{ model: Model | null; name: string | null }> {
  if (dir !== undefined) return { model: await loadModel(dir), name: dir };
  const shipped = defaultModelDir(3);
  if (existsSync(join(shipped, "model.json")))
    return { model: await loadModel(shipped), name: "default-3class" };
  process.stderr.write(
    "warning: no classifier model shipped yet: particles are detected and measured only (label 'unclassified'); give one with --model DIR\n",
  );
  return { model: null, name: null };
}

/** `nanocryst analyze`: find, measure and classify every particle of micrographs (design.md). */
export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description(
      "Find every particle in micrographs, measure it, classify its crystallinity, and report the sample",
    )
    .argument("<micrograph...>", "micrographs (DM3/DM4, TIFF, MRC, SER, EMD, PNG, JPEG, NPY)")
    .requiredOption("--out <dir>", "output folder")
    .option("--pixel-size <nm>", "pixel size for files without calibration [nm]")
    .option("--frame <n>", "frame of a stack to analyse (0-based)")
    .option("--model <dir>", "classifier model folder (default: the shipped 3-class model, if any)")
    .option(
      "--detector <d>",
      `particle detector: net (segmentation network trained on lattice-resolved HRTEM; F1 0.985 vs 0.962 on held-out simulated fields), classic (feature map, threshold, morphology; no model), or auto: net for pixels ≤ ${LATTICE_RESOLVING_PIXEL_NM} nm, classic on the intensity for coarser (low-magnification) images`,
      "auto",
    )
    .option(
      "--segmentation-model <dir>",
      "segmentation model folder for --detector net (default: the shipped one)",
    )
    .option("--threshold <p>", "omission rule: top probability below this gives 'unknown' (0..1)", "0.8")
    .option("--min-diameter <nm>", "remove particles with a smaller equivalent diameter [nm] (default 0.5)")
    .option("--separation <m>", "split touching particles: watershed, erosion or none (default watershed)")
    .option("--convexity <c>", "only regions with convexity at or below this are split, 0..1 (default 0.95)")
    .option("--max-holes <n>", "drop regions with more holes than this (default 2)")
    .option("--keep-border", "keep particles that touch the image border")
    .option("--feature <f>", "what is thresholded: texture (local contrast) or intensity (default texture)")
    .option("--polarity <p>", "intensity feature: particles dark, bright or auto (default auto)")
    .option("--threshold-method <m>", "automatic threshold: li, otsu or triangle (default li)")
    .option("--smooth <nm>", "σ of the smoothing that removes noise and lattice fringes [nm] (default 0.1)")
    .option("--background <nm>", "intensity feature: σ of the background estimate [nm] (default 4)")
    .action(async (paths: string[], opts) => {
      const { detector, segmentationModelDir } = locatorOptions(opts);
      const classicOnly = ["feature", "polarity", "thresholdMethod", "smooth", "background"] as const;
      const misplaced = classicOnly.find((key) => opts[key] !== undefined);
      if (detector === "net" && misplaced) {
        const flag = `--${misplaced.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw usageError(`${flag} sets the classical detector; add --detector classic`);
      }
      const threshold = parseNumber("--threshold", opts.threshold);
      if (threshold < 0 || threshold > 1)
        throw usageError(`--threshold must lie in 0..1, got ${opts.threshold}`);
      const given = <T>(value: string | undefined, parse: (v: string) => T): T | undefined =>
        value === undefined ? undefined : parse(value);
      const unit = (flag: string) => (v: string) => {
        const x = parseNumber(flag, v);
        if (x < 0 || x > 1) throw usageError(`${flag} must lie in 0..1, got ${v}`);
        return x;
      };
      // Detector settings the user did not give stay undefined, so the library's defaults apply.
      const settings = {
        threshold,
        convexityThreshold: given(opts.convexity, unit("--convexity")),
        minDiameterNm: given(opts.minDiameter, (v) => parsePositive("--min-diameter", v)),
        maxHoles: given(opts.maxHoles, (v) => parseCount("--max-holes", v)),
        separation: given(opts.separation, (v) => parseChoice("--separation", v, SEPARATION_METHODS)),
        keepBorder: Boolean(opts.keepBorder),
        polarity: given(opts.polarity, (v) => parseChoice("--polarity", v, POLARITIES)),
        feature: given(opts.feature, (v) => parseChoice("--feature", v, DETECTION_FEATURES)),
        thresholdMethod: given(opts.thresholdMethod, (v) =>
          parseChoice("--threshold-method", v, THRESHOLD_METHODS),
        ),
        smoothNm: given(opts.smooth, (v) => parsePositive("--smooth", v)),
        backgroundNm: given(opts.background, (v) => parsePositive("--background", v)),
      };
      const fallback =
        opts.pixelSize === undefined ? undefined : parsePositive("--pixel-size", opts.pixelSize);
      const segmentation: SegmentationModel | null =
        detector === "classic" ? null : await loadSegmentationModel(segmentationModelDir);
      const { model, name } = await chooseModel(opts.model);
      const started = performance.now();
      try {
        const { summary, outputs } = await runAnalysis(paths, {
          ...settings,
          model,
          modelName: name,
          segmentation,
          detector,
          outDir: opts.out,
          read: reader(fallback, opts.frame === undefined ? undefined : parseCount("--frame", opts.frame)),
          onProgress: ({ index, total, file, result }) => {
            const status =
              "error" in result
                ? `skipped: ${result.error}`
                : `${result.particles.length} particles (${result.detector} detector), ${result.seconds.toFixed(1)} s${coarse(result.pixelSizeNm)}${result.particles.length === 0 && !settings.keepBorder ? NONE_INSIDE : ""}`;
            const elapsed = (performance.now() - started) / 1000;
            const eta =
              index < total ? `, about ${Math.ceil((elapsed / index) * (total - index))} s to go` : "";
            process.stderr.write(`[${index}/${total}] ${file}: ${status}${eta}\n`);
          },
        });
        process.stdout.write(`${summaryTable(summary)}\n\nreport: ${outputs.report}\n`);
        if (summary.failed.length > 0) {
          throw inputError(
            `${summary.failed.length} of ${paths.length} micrographs could not be analysed (see above and ${outputs.summary})`,
          );
        }
      } finally {
        model?.engine.dispose();
        segmentation?.network.dispose();
      }
    });
}
