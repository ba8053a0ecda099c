import type { Command } from "commander";
import { registerClassify } from "./classify.js";
import { registerDataset } from "./dataset.js";
import { registerEvaluate } from "./evaluate.js";
import { registerTrain } from "./train.js";

/** Every subcommand registers itself on the program; one line per command file. */
export const commands: ((program: Command) => void)[] = [registerDataset, registerTrain, registerEvaluate, registerClassify];
