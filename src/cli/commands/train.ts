import { availableParallelism } from "node:os";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { usageError } from "../../core/index.js";
import {
  ARCHITECTURES,
  type ArchitectureName,
  architecture,
  architectureProblem,
  classNames,
  INPUT_CROP_PX,
  LATTICE_MAP_COUNT,
  INPUT_PIXEL_SIZE_NM,
  loadSplitsOf,
  PAPER_RECIPE,
  SCHEDULES,
  type ScheduleName,
  trainAndReport,
  tune,
  ParticleLocator,
} from "../../classify/index.js";
import { parseChoice, parseCount, parseNumber, parsePositive, parseViews } from "../options.js";

/** `nanocryst train`: train a classifier on a dataset folder (or search hyper-parameters with --tune). */
export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("Train a crystallinity classifier on a nanocryst dataset (DIR/SPLIT/CLASS/ID.tif)")
    .requiredOption(
      "--data <dir...>",
      "dataset folder(s) with train/ and val/ (test/ is evaluated at the end); several are joined",
    )
    .requiredOption("--out <dir>", "model folder to write (model.json, weights.safetensors, report/)")
    .option("--classes <n>", "2 (amorphous/crystalline) or 3 (amorphous/mono-/polycrystalline)", "3")
    .option("--epochs <n>", "maximum epochs (default 30; 80 with --schedule paper)")
    .option("--batch <n>", "images per step", "32")
    .option("--lr <x>", "initial learning rate (default 0.003; 0.0085 with --schedule paper)")
    .option("--schedule <name>", `learning-rate schedule: ${SCHEDULES.join(", ")}`, "cosine")
    .option("--optimizer <name>", "adamw or sgdm (default adamw; sgdm with --schedule paper)")
    .option("--weight-decay <x>", "weight decay", "0.0001")
    .option("--augment <s>", "augmentation strength (0 = off, 1 = default ranges)", "1")
    .option("--architecture <name>", `network size: ${Object.keys(ARCHITECTURES).join(", ")}`, "small")
    .option(
      "--patience <n>",
      "early stopping: epochs without a lower validation loss",
      String(PAPER_RECIPE.patience),
    )
    .option(
      "--pixel-size <nm>",
      `network input pixel size [nm] (default ${INPUT_PIXEL_SIZE_NM}); finer keeps finer lattice fringes`,
    )
    .option("--crop <px>", `network input side [px], a power of two (default ${INPUT_CROP_PX})`)
    .option(
      "--lattice-maps <k>",
      `lattice-fringe maps (where each of the k strongest reflections lies) given to the image branch; 0 = none (default ${LATTICE_MAP_COUNT})`,
    )
    .option(
      "--lattice-phase",
      "add to each lattice-fringe map its phase map: how far the local lattice is from the reflection (GPA phase gradient)",
    )
    .option(
      "--views <n>",
      "symmetry views the finished model averages per particle: 1, or 8 (every 90° turn, mirrored or not)",
      "1",
    )
    .option("--seed <n>", "random seed", "0")
    .option(
      "--threads <n>",
      "threads computing each batch's gradient: 1, or 2 (half of every batch on a worker thread; default 2 on a machine with 2 or more cores)",
    )
    .option("--resume", "continue an interrupted run in --out (or an interrupted --tune)")
    .option(
      "--tune <n>",
      "run N trials of Bayesian optimisation (TPE) over lr, batch, weight decay, augmentation",
    )
    .action(async (opts) => {
      const classCount = Number(parseChoice("--classes", opts.classes, ["2", "3"])) as 2 | 3;
      const schedule = parseChoice("--schedule", opts.schedule, SCHEDULES) as ScheduleName;
      const paper = schedule === "paper";
      const settings = {
        classes: classNames(classCount),
        architecture: parseChoice(
          "--architecture",
          opts.architecture,
          Object.keys(ARCHITECTURES),
        ) as ArchitectureName,
        epochs: opts.epochs ? parseCount("--epochs", opts.epochs) : paper ? PAPER_RECIPE.maxEpochs : 30,
        batchSize: parseCount("--batch", opts.batch),
        lr: opts.lr ? parsePositive("--lr", opts.lr) : paper ? PAPER_RECIPE.lr : 3e-3,
        schedule,
        optimizer: parseChoice("--optimizer", opts.optimizer ?? (paper ? "sgdm" : "adamw"), [
          "adamw",
          "sgdm",
        ] as const),
        weightDecay: parseNumber("--weight-decay", opts.weightDecay),
        augmentStrength: parseNumber("--augment", opts.augment),
        patience: parseCount("--patience", opts.patience),
        seed: parseCount("--seed", opts.seed),
        inputPixelSizeNm: opts.pixelSize
          ? parsePositive("--pixel-size", opts.pixelSize)
          : INPUT_PIXEL_SIZE_NM,
        cropPx: opts.crop ? parseCount("--crop", opts.crop) : INPUT_CROP_PX,
        latticeMaps: opts.latticeMaps ? parseCount("--lattice-maps", opts.latticeMaps) : LATTICE_MAP_COUNT,
        latticePhase: Boolean(opts.latticePhase),
        inferenceViews: parseViews(opts.views),
        gradientThreads: Number(
          parseChoice("--threads", opts.threads ?? (availableParallelism() >= 2 ? "2" : "1"), ["1", "2"]),
        ) as 1 | 2,
        resume: Boolean(opts.resume),
        outDir: opts.out as string,
      };
      if (settings.batchSize < 1) throw usageError("--batch must be at least 1");
      const problem = architectureProblem(architecture(settings.architecture, classCount, settings.cropPx));
      if (problem) throw usageError(`--crop: ${problem}`);
      if (settings.epochs < 1) throw usageError("--epochs must be at least 1");
      const log = (line: string) => process.stdout.write(`${line}\n`);
      const dirs = opts.data as string[];
      const locator = new ParticleLocator();
      const load = (split: "train" | "val" | "test") =>
        loadSplitsOf(dirs, split, classCount, { locator }, split === "test");
      const data = { train: await load("train"), val: await load("val") };
      const test = await load("test");
      await locator.dispose();
      log(
        `${dirs.join(", ")}: ${data.train.length} train, ${data.val.length} validation, ${test.length} test images`,
      );
      if (opts.tune !== undefined) {
        const trials = parseCount("--tune", opts.tune);
        await tune(data, test, { ...settings, trials, dataInfo: { dirs } }, log);
        return;
      }
      const bar = batchProgress();
      try {
        await trainAndReport(
          data,
          test,
          { ...settings, dataInfo: { dirs }, onBatch: bar?.update },
          (line) => {
            bar?.stop();
            log(line);
          },
        );
      } finally {
        bar?.stop();
      }
    });
}

/** On a terminal, a progress bar over the batches of the current epoch (with ETA); null otherwise. */
function batchProgress(): {
  update: (done: number, total: number, loss: number) => void;
  stop: () => void;
} | null {
  if (!process.stdout.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    { format: "  {bar} {value}/{total} batches | loss {loss} | ETA {eta}s", clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    update(done, total, loss) {
      if (!running) {
        bar.start(total, 0, { loss: "–" });
        running = true;
      }
      bar.update(done, { loss: loss.toFixed(4) });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
