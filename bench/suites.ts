import { benchAnalyze } from "./analyze.js";
import { benchClassify } from "./classify.js";
import { benchDataset } from "./dataset.js";
import { benchIo } from "./io.js";
import { benchSimulate } from "./simulate.js";
import { benchStructure } from "./structure.js";

/** Benchmark suites by name; one line per suite file. */
export const suites: Record<string, () => Promise<void>> = {
  analyze: benchAnalyze,
  classify: benchClassify,
  dataset: benchDataset,
  io: benchIo,
  simulate: benchSimulate,
  structure: benchStructure,
};
