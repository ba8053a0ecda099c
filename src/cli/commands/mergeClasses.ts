import { join } from "node:path";
import type { Command } from "commander";
import { usageError, writeFileAtomic } from "../../core/index.js";
import {
  copyModelFolder,
  loadModel,
  loadSplitsOf,
  MODEL_FILE,
  ParticleLocator,
  readModelJson,
  recordEvaluations,
  type Sample,
  THREE_CLASSES,
  twoClassMeta,
} from "../../classify/index.js";
import { parsePositive } from "../options.js";

/**
 * `nanocryst merge-classes`: a 2-class model (amorphous / crystalline) that is a 3-class model read in two
 * classes: the same network and calibration, p_crystalline = p_monocrystalline + p_polycrystalline. With
 * `--data`, the new model is evaluated on the data's validation and test splits, as `train` does for the
 * models it makes: `OUT/report/{val,test}/` and the metrics in `OUT/model.json`.
 */
export function registerMergeClasses(program: Command): void {
  program
    .command("merge-classes")
    .description(
      "Make a 2-class model (amorphous / crystalline) from a 3-class one: the same network, p_crystalline = p_monocrystalline + p_polycrystalline",
    )
    .requiredOption("--model <dir>", "3-class model folder (model.json + weights.safetensors)")
    .requiredOption("--out <dir>", "2-class model folder to write")
    .option(
      "--data <dir...>",
      "dataset folder(s) whose val and test splits the new model is evaluated on (report/ and metrics in model.json)",
    )
    .option("--pixel-size <nm>", "pixel size for images without calibration [nm]")
    .action(async (opts) => {
      const meta = readModelJson(opts.model);
      if (meta.networkClasses || meta.classes.join() !== THREE_CLASSES.join())
        throw usageError(
          `--model must be a 3-class model (${THREE_CLASSES.join(", ")}); ${opts.model} has ${meta.classes.join(", ")}`,
        );
      const dirs = (opts.data ?? []) as string[];
      const pixelSizeNm =
        opts.pixelSize === undefined ? undefined : parsePositive("--pixel-size", opts.pixelSize);
      // read the data before writing anything, so that bad data leave no half-made model behind
      const splits = { val: [] as Sample[], test: [] as Sample[] };
      if (dirs.length > 0) {
        const locator = new ParticleLocator();
        try {
          splits.val = await loadSplitsOf(dirs, "val", 2, { locator, pixelSizeNm }, true);
          splits.test = await loadSplitsOf(dirs, "test", 2, { locator, pixelSizeNm }, true);
        } finally {
          await locator.dispose();
        }
      }
      if (dirs.length > 0 && splits.val.length + splits.test.length === 0)
        throw usageError(`--data ${dirs.join(" ")} has no val or test split to evaluate on`);
      const log = (line: string) => process.stdout.write(`${line}\n`);
      copyModelFolder(opts.model, opts.out);
      const merged = twoClassMeta(meta, opts.model);
      writeFileAtomic(join(opts.out, MODEL_FILE), `${JSON.stringify(merged, null, 2)}\n`);
      log(`${opts.out}: ${merged.classes.join(" / ")} from the network of ${opts.model}`);
      if (dirs.length === 0) return;
      const model = await loadModel(opts.out);
      try {
        log(`${dirs.join(", ")}: ${splits.val.length} validation, ${splits.test.length} test images`);
        await recordEvaluations(opts.out, model, splits, 0.8, { dirs }, log);
      } finally {
        model.engine.dispose();
      }
    });
}
