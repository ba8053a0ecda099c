import { join } from "node:path";
import type { Command } from "commander";
import { usageError, writeFileAtomic } from "../../core/index.js";
import {
  copyModelFolder,
  MODEL_FILE,
  readModelJson,
  THREE_CLASSES,
  twoClassMeta,
} from "../../classify/index.js";

/**
 * `nanocryst merge-classes`: a 2-class model (amorphous / crystalline) that is a 3-class model read in two
 * classes: the same network and calibration, p_crystalline = p_monocrystalline + p_polycrystalline.
 */
export function registerMergeClasses(program: Command): void {
  program
    .command("merge-classes")
    .description(
      "Make a 2-class model (amorphous / crystalline) from a 3-class one: the same network, p_crystalline = p_monocrystalline + p_polycrystalline",
    )
    .requiredOption("--model <dir>", "3-class model folder (model.json + weights.safetensors)")
    .requiredOption("--out <dir>", "2-class model folder to write (evaluate it for its report)")
    .action((opts) => {
      const meta = readModelJson(opts.model);
      if (meta.networkClasses || meta.classes.join() !== THREE_CLASSES.join())
        throw usageError(
          `--model must be a 3-class model (${THREE_CLASSES.join(", ")}); ${opts.model} has ${meta.classes.join(", ")}`,
        );
      copyModelFolder(opts.model, opts.out);
      const merged = twoClassMeta(meta, opts.model);
      writeFileAtomic(join(opts.out, MODEL_FILE), `${JSON.stringify(merged, null, 2)}\n`);
      process.stdout.write(`${opts.out}: ${merged.classes.join(" / ")} from the network of ${opts.model}\n`);
    });
}
