import type { Command } from "commander";
import {
  loadFieldExamples,
  saveSegmentationModel,
  trainSegmentation,
} from "../../classify/segmentation/index.js";
import { usageError } from "../../core/index.js";
import { parseCount, parseNumber, parsePositive } from "../options.js";

/** `nanocryst train-segmentation`: trains the particle-segmentation network of `--detector net`. */
export function registerTrainSegmentation(program: Command): void {
  program
    .command("train-segmentation")
    .description(
      "Train a particle-segmentation network (--detector net of analyze, classify and evaluate) on whole simulated images: fields (dataset generate --preset fields) and the whole particle images of simulated particle datasets",
    )
    .requiredOption(
      "--data <dir...>",
      "fields or simulated particle datasets (their train split trains, their val split validates; each dataset weighs alike)",
    )
    .requiredOption("--out <dir>", "model folder to write (model.json + weights.safetensors)")
    .option("--steps <n>", "optimisation steps", "1500")
    .option("--batch <n>", "crops per step", "16")
    .option("--crop <px>", "crop side at 0.1 nm/px, a multiple of 8", "64")
    .option("--lr <x>", "peak learning rate (AdamW, cosine decay)", "0.003")
    .option("--validate-every <n>", "steps between validations (the best weights are kept)", "250")
    .option("--seed <n>", "random seed", "0")
    .option(
      "--hysteresis <p>",
      "record in the model that detection keeps only regions whose probability exceeds P somewhere (0.5..1)",
    )
    .option(
      "--refine-outlines",
      "record in the model that detection moves its outlines to the texture level (for networks trained on fields only)",
    )
    .action(async (opts) => {
      const crop = parseCount("--crop", opts.crop);
      if (crop < 16 || crop % 8 !== 0)
        throw usageError(`--crop must be a multiple of 8, at least 16; got ${opts.crop}`);
      const hysteresis =
        opts.hysteresis === undefined ? undefined : parseNumber("--hysteresis", opts.hysteresis);
      if (hysteresis !== undefined && !(hysteresis > 0.5 && hysteresis < 1))
        throw usageError(`--hysteresis must lie between the threshold 0.5 and 1; got ${opts.hysteresis}`);
      const dirs: string[] = opts.data;
      const train = await loadFieldExamples(dirs, "train");
      const val = await loadFieldExamples(dirs, "val");
      if (train.length === 0 || val.length === 0) {
        throw usageError(
          `the data holds ${train.length} training and ${val.length} validation images; both splits need at least one`,
        );
      }
      process.stderr.write(
        `training on ${train.length} whole images, validating on ${val.length} (${dirs.length} datasets)\n`,
      );
      const options = {
        steps: parseCount("--steps", opts.steps),
        batch: parseCount("--batch", opts.batch),
        cropPx: crop,
        learningRate: parsePositive("--lr", opts.lr),
        validateEvery: parseCount("--validate-every", opts.validateEvery),
        seed: parseCount("--seed", opts.seed),
      };
      const started = performance.now();
      const result = await trainSegmentation(train, val, {
        ...options,
        onProgress: ({ step, steps, loss, valIou }) => {
          if (valIou === undefined && step % 50 !== 0) return;
          const elapsed = (performance.now() - started) / 1000;
          const eta = Math.round((elapsed / step) * (steps - step));
          const val = valIou === undefined ? "" : `, validation IoU ${valIou.toFixed(3)}`;
          process.stderr.write(
            `step ${step}/${steps}: loss ${loss.toFixed(4)}${val}, about ${eta} s to go\n`,
          );
        },
      });
      saveSegmentationModel(opts.out, result.architecture, result.weights, {
        threshold: 0.5,
        refineOutlines: opts.refineOutlines === true,
        ...(hysteresis === undefined ? {} : { hysteresisThreshold: hysteresis }),
        training: {
          data: dirs,
          trainImages: train.length,
          valImages: val.length,
          ...options,
          valIou: result.valIou,
          bestStep: result.bestStep,
          ...(result.divergedAtStep === undefined ? {} : { divergedAtStep: result.divergedAtStep }),
          history: result.history,
          seconds: Math.round(result.seconds),
        },
      });
      if (result.divergedAtStep !== undefined)
        process.stderr.write(
          `the training loss was not finite at step ${result.divergedAtStep}: stopped there and kept the weights of step ${result.bestStep}; a lower --lr trains further\n`,
        );
      process.stdout.write(
        `${opts.out}: validation IoU ${result.valIou.toFixed(3)} (step ${result.bestStep}), ${Math.round(result.seconds)} s\n`,
      );
    });
}
