import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { runPaperExperiment } from "../../classify/index.js";
import { usageError } from "../../core/index.js";
import { parseCount, parsePositive } from "../options.js";

/** `nanocryst experiment paper`: the paper's study (Tables 1–4) in one command. */
export function registerExperiment(program: Command): void {
  program
    .command("experiment")
    .description("Reproduce a study; 'paper': train on the four Table 5 datasets and print Tables 1–4")
    .argument("<name>", "study name: paper")
    .option(
      "--scale <s>",
      "fraction of the paper's dataset sizes (1 = full Table 5; 0.003 = CI-sized)",
      "0.1",
    )
    .option("--out <dir>", "folder for datasets, models, tables.md and results.json", "experiment-paper")
    .option("--epochs <n>", "maximum training epochs per network", "30")
    .option(
      "--workers <n>",
      "worker threads: dataset generation, and with 2 or more each training gradient on two threads",
      String(availableParallelism()),
    )
    .option("--grid <px>", "multislice grid [px] (smaller = faster, coarser; e.g. 128 for CI)")
    .option("--seed <n>", "random seed", "0")
    .action(async (name: string, opts) => {
      if (name !== "paper") throw usageError(`unknown study "${name}"; the one study is "paper"`);
      const scale = parsePositive("--scale", opts.scale);
      if (scale > 1) throw usageError(`--scale must be at most 1 (the paper's sizes), got ${opts.scale}`);
      await runPaperExperiment(
        {
          scale,
          outDir: opts.out,
          epochs: Math.max(1, parseCount("--epochs", opts.epochs)),
          workers: parseCount("--workers", opts.workers),
          seed: parseCount("--seed", opts.seed),
          gridPx: opts.grid === undefined ? undefined : parseCount("--grid", opts.grid),
        },
        (line) => process.stdout.write(`${line}\n`),
      );
    });
}
