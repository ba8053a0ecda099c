import { assertUnreachable } from "../core/index.js";
import type { OptimizerName } from "./engine.js";

/** Learning-rate schedules: the paper's step decay, cosine annealing, or constant. */
export const SCHEDULES = ["paper", "cosine", "constant"] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/**
 * The paper's training recipe (Methods): at most 80 epochs, initial rate 0.0085, × 0.62 every 20 epochs,
 * validation once per epoch, stop when the validation loss has not decreased for 5 epochs. MATLAB's
 * default solver, SGD with momentum 0.9, goes with it.
 */
export const PAPER_RECIPE = {
  lr: 0.0085,
  dropFactor: 0.62,
  dropEveryEpochs: 20,
  maxEpochs: 80,
  patience: 5,
  optimizer: "sgdm" as OptimizerName,
};

/**
 * Learning rate for an epoch (0-based).
 * @param lr initial rate
 * @param epochs planned number of epochs (cosine anneals to 1 % of `lr` at the end)
 */
export function learningRate(schedule: ScheduleName, lr: number, epoch: number, epochs: number): number {
  switch (schedule) {
    case "paper":
      return lr * PAPER_RECIPE.dropFactor ** Math.floor(epoch / PAPER_RECIPE.dropEveryEpochs);
    case "cosine":
      return lr * (0.01 + 0.99 * 0.5 * (1 + Math.cos((Math.PI * epoch) / Math.max(1, epochs))));
    case "constant":
      return lr;
    default:
      return assertUnreachable(schedule);
  }
}
