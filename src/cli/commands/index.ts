import type { Command } from "commander";
import { registerAnalyze } from "./analyze.js";
import { registerCalibrate } from "./calibrate.js";
import { registerClassify } from "./classify.js";
import { registerField } from "./field.js";
import { registerDataset } from "./dataset.js";
import { registerEvaluate } from "./evaluate.js";
import { registerExperiment } from "./experiment.js";
import { registerTrain } from "./train.js";
import { registerTrainSegmentation } from "./trainSegmentation.js";
import { registerExample } from "./example.js";
import { registerInfo } from "./info.js";
import { registerMergeClasses } from "./mergeClasses.js";
import { registerSimulate } from "./simulate.js";
import { registerStructure } from "./structure.js";

/** Every subcommand registers itself on the program; one line per command file. */
export const commands: ((program: Command) => void)[] = [
  registerStructure,
  registerExample,
  registerDataset,
  registerTrain,
  registerTrainSegmentation,
  registerCalibrate,
  registerMergeClasses,
  registerEvaluate,
  registerClassify,
  registerAnalyze,
  registerField,
  registerExperiment,
  registerSimulate,
  registerInfo,
];
