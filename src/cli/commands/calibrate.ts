import type { Command } from "commander";
import { usageError } from "../../core/index.js";
import {
  copyModelFolder,
  loadSplitsOf,
  ParticleLocator,
  readModelJson,
  writeReports,
} from "../../classify/index.js";
import { parsePositive } from "../options.js";

/**
 * `nanocryst calibrate`: refit a model's calibration (temperature and class offsets) on the validation split
 * of labelled data, e.g. particles from one's own microscope, and re-evaluate it.
 */
export function registerCalibrate(program: Command): void {
  program
    .command("calibrate")
    .description(
      "Refit a model's calibration (temperature, class offsets) on labelled data and rewrite its report",
    )
    .requiredOption("--model <dir>", "model folder (model.json + weights.safetensors)")
    .requiredOption(
      "--data <dir...>",
      "dataset folder(s): the val split is fitted on, test/ (if any) evaluated; or class folders (CLASS/ID.tif)",
    )
    .option("--out <dir>", "write the calibrated model here (default: update --model in place)")
    .option("--pixel-size <nm>", "pixel size for images without calibration [nm]")
    .action(async (opts) => {
      const meta = readModelJson(opts.model);
      if (meta.networkClasses)
        throw usageError(
          `${opts.model} reads a ${meta.networkClasses.length}-class network in ${meta.classes.length} classes; calibrate the ${meta.networkClasses.length}-class model and run nanocryst merge-classes again`,
        );
      const classes = meta.classes.length === 2 ? 2 : 3;
      const pixelSizeNm =
        opts.pixelSize === undefined ? undefined : parsePositive("--pixel-size", opts.pixelSize);
      const dirs = opts.data as string[];
      const locator = new ParticleLocator();
      const val = await loadSplitsOf(dirs, "val", classes, { locator, pixelSizeNm });
      const test = await loadSplitsOf(dirs, "test", classes, { locator, pixelSizeNm }, true);
      await locator.dispose();
      const dir = opts.out ?? opts.model;
      if (opts.out) copyModelFolder(opts.model, opts.out);
      const log = (line: string) => process.stdout.write(`${line}\n`);
      log(`${dirs.join(", ")}: ${val.length} validation, ${test.length} test images`);
      await writeReports(dir, val, test, 0.8, { dirs, calibratedBy: "nanocryst calibrate" }, log);
    });
}
