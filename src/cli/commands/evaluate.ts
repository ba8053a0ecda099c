import type { Command } from "commander";
import { usageError } from "../../core/index.js";
import {
  breakdownTable,
  evaluateModel,
  loadModel,
  loadSplitsOf,
  SPLITS,
  metricsTable,
  type OutlineAgreement,
  ParticleLocator,
  percent,
  useWholeImages,
  writeEvaluation,
} from "../../classify/index.js";
import {
  locatorOptions,
  parseChoice,
  parseViews,
  parseNumber,
  parsePositive,
  WINDOWS_HELP,
  withLocatorOptions,
} from "../options.js";

/** `nanocryst evaluate`: metrics of a model on a labelled dataset split. */
export function registerEvaluate(program: Command): void {
  const command = program
    .command("evaluate")
    .description("Accuracy, precision, recall and confusion matrices of a model on a dataset split")
    .requiredOption("--model <dir>", "model folder (model.json + weights.safetensors)")
    .requiredOption(
      "--data <dir...>",
      "dataset folder(s) (DIR/SPLIT/CLASS/ID.tif, or class folders); several are evaluated together",
    )
    .requiredOption(
      "--out <dir>",
      "report folder: metrics.json, confusion.svg, confusion-omission.svg, predictions.csv",
    )
    .option(
      "--split <name>",
      "train, val, test, or all (the three together: a set no model was trained on)",
      "test",
    )
    .option("--threshold <p>", "omission rule: top probability below this is 'unknown' (0..1)", "0.8")
    .option("--views <n>", "symmetry views averaged per particle: 1 or 8 (default: the model's own)")
    .option("--pixel-size <nm>", "pixel size for images without calibration [nm]")
    .option("--no-windows", WINDOWS_HELP)
    .option(
      "--detected-masks",
      "classify each particle's whole simulated image (DIR/fields) with the outline found there (see --detector), as classify does for an image without a mask, instead of its cut-out with the true mask",
    );
  withLocatorOptions(command).action(async (opts) => {
    const split = parseChoice("--split", opts.split, [...SPLITS, "all"] as const);
    if (split === "all" && opts.detectedMasks)
      throw usageError("--detected-masks takes one split (train, val or test), not all");
    const dirs = opts.data as string[];
    if (dirs.length > 1 && opts.detectedMasks) throw usageError("--detected-masks takes one --data folder");
    const threshold = parseNumber("--threshold", opts.threshold);
    if (threshold < 0 || threshold > 1)
      throw usageError(`--threshold must lie in 0..1, got ${opts.threshold}`);
    const pixelSizeNm =
      opts.pixelSize === undefined ? undefined : parsePositive("--pixel-size", opts.pixelSize);
    const locator = new ParticleLocator(locatorOptions(opts));
    const model = await loadModel(opts.model);
    try {
      const samples = await loadSplitsOf(dirs, split, model.classes.length === 2 ? 2 : 3, {
        locator,
        pixelSizeNm,
      });
      let agreement: OutlineAgreement | null = null;
      if (opts.detectedMasks) {
        const whole = await useWholeImages(samples, dirs[0], split, locator);
        agreement = whole.agreement;
        if (whole.replaced < samples.length)
          throw usageError(
            `--detected-masks needs every particle's whole simulated image (DIR/fields/${split}), which \`dataset generate\` writes; ${samples.length - whole.replaced} of ${samples.length} have none in ${dirs[0]}`,
          );
      }
      const views = opts.views ? parseViews(opts.views) : undefined;
      const evaluation = await evaluateModel(model, samples, threshold, { views, windows: opts.windows });
      writeEvaluation(opts.out, evaluation, {
        model: opts.model,
        data: dirs.length === 1 ? dirs[0] : dirs,
        split,
        ...(opts.detectedMasks ? { outlines: "found on whole simulated images" } : {}),
        ...(agreement ? { outlineAgreement: agreement } : {}),
      });
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (agreement)
        out(
          `found outlines against the true masks (${agreement.count}): IoU median ${agreement.iouMedian.toFixed(3)}, ECD error median ${percent(agreement.ecdErrorMedian)} %, 90th percentile ${percent(agreement.ecdErrorP90)} %`,
        );
      out(metricsTable(`${dirs.join(", ")} ${split} (n = ${evaluation.all.count})`, evaluation.all));
      out(
        metricsTable(
          `after the omission rule (threshold ${threshold}): ${percent(evaluation.omission.unknownFraction)} % unknown`,
          evaluation.omission,
        ),
      );
      const shown = evaluation.shownClass;
      if (shown) {
        out(
          metricsTable(
            `where the image can show the class (n = ${shown.all.count}; left out: ${shown.leftOut} crystals without visible fringes or polycrystals showing fewer than two distinct domains)`,
            shown.all,
          ),
        );
        out(
          `  after the omission rule: accuracy ${percent(shown.omission.accuracy)} %, ${percent(shown.omission.unknownFraction)} % unknown`,
        );
      }
      if (evaluation.breakdown.length > 0)
        out(
          `by simulation condition (accuracy of the most probable class; the rule's share decided)\n${breakdownTable(evaluation.breakdown)}`,
        );
      out(`report in ${opts.out}`);
    } finally {
      model.engine.dispose();
      await locator.dispose();
    }
  });
}
