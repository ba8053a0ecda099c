import { benchClassify } from "./classify.js";
import { benchStructure } from "./structure.js";

/** Benchmark suites by name; one line per suite file. */
export const suites: Record<string, () => Promise<void>> = {
  classify: benchClassify,
  structure: benchStructure,
};
