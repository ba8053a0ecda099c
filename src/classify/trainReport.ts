import { join } from "node:path";
import { usageError } from "../core/index.js";
import type { Sample } from "./data.js";
import { evaluateModel, metricsTable, percent, writeEvaluation } from "./evaluate.js";
import { fitClassOffsets, fitTemperature } from "./calibration.js";
import { loadModel, type Model, saveModel, WEIGHTS_FILE } from "./model.js";
import { predict } from "./predict.js";
import { readSafetensors } from "./safetensors.js";
import { type TrainOptions, type TrainResult, train } from "./train.js";

/** Line printer for progress and results. */
export type Log = (line: string) => void;

/** One progress line per epoch. */
export function epochLogger(log: Log): NonNullable<TrainOptions["onEpoch"]> {
  return (r, epochs) =>
    log(
      `epoch ${r.epoch + 1}/${epochs}  lr ${r.lr.toExponential(2)}  train loss ${r.trainLoss.toFixed(4)} acc ${percent(r.trainAccuracy)} %  |  val loss ${r.valLoss.toFixed(4)} acc ${percent(r.valAccuracy)} %  (${r.seconds.toFixed(1)} s)`,
    );
}

/**
 * Trains, then evaluates the best model on the validation and test splits, writes `OUT/report/{val,test}/`
 * (metrics.json, confusion matrices, predictions.csv) and records the metrics in `model.json`.
 * @param test test samples (may be empty)
 */
export async function trainAndReport(
  data: { train: Sample[]; val: Sample[] },
  test: Sample[],
  options: TrainOptions & { outDir: string; threshold?: number },
  log: Log,
): Promise<TrainResult> {
  const result = await train(data, { onEpoch: epochLogger(log), ...options });
  const { diverged } = result;
  if (diverged && result.bestEpoch < 0)
    throw usageError(
      `the training loss was not finite at epoch ${diverged.epoch + 1}, batch ${diverged.batch}, before the first validation: nothing to keep; lower --lr or check the data`,
    );
  if (diverged)
    log(
      `the loss was not finite at epoch ${diverged.epoch + 1}, batch ${diverged.batch}: training stopped there, keeping epoch ${result.bestEpoch + 1}`,
    );
  log(
    `best epoch ${result.bestEpoch + 1} (validation loss ${result.bestValLoss.toFixed(4)})${result.stoppedEarly ? ", stopped early" : ""}`,
  );
  await writeReports(options.outDir, data.val, test, options.threshold ?? 0.8, options.dataInfo ?? {}, log);
  return result;
}

/**
 * Fits the calibration (temperature, then class offsets) on the validation samples, evaluates the model in
 * `dir` on the validation and test samples, writes `dir/report/{val,test}/` (metrics.json, confusion
 * matrices, predictions.csv) and records the calibration and the metrics in `dir/model.json`.
 */
export async function writeReports(
  dir: string,
  val: Sample[],
  test: Sample[],
  threshold: number,
  dataInfo: Record<string, unknown>,
  log: Log,
): Promise<void> {
  const model = await loadModel(dir);
  try {
    const raw = await predict(
      model,
      val.map((s) => s.particle),
      { calibrated: false },
    );
    const labels = val.map((s) => s.label);
    const temperature = fitTemperature(raw, labels);
    const classOffsets = fitClassOffsets(raw, labels, temperature) ?? undefined;
    model.meta.calibration = { temperature, classOffsets, fittedOn: "validation split" };
    const offsetsText = classOffsets
      ? `, class offsets ${model.classes.map((c, k) => `${c} ${classOffsets[k].toFixed(2)}`).join(", ")}`
      : ", no class offsets (a class has no validation particle)";
    log(`calibration: temperature ${temperature.toFixed(3)}${offsetsText} fitted on the validation split`);
    await recordEvaluations(dir, model, { val, test }, threshold, dataInfo, log);
  } finally {
    model.engine.dispose();
  }
}

/**
 * Evaluates `model` (loaded from `dir`, with its calibration as it stands) on each split that has samples,
 * writes `dir/report/SPLIT/` (metrics.json, confusion matrices, predictions.csv) and records the metrics in
 * `dir/model.json`, replacing those recorded before.
 */
export async function recordEvaluations(
  dir: string,
  model: Model,
  splits: { val: Sample[]; test: Sample[] },
  threshold: number,
  dataInfo: Record<string, unknown>,
  log: Log,
): Promise<void> {
  const metrics: Record<string, unknown> = {};
  for (const [split, samples] of Object.entries(splits)) {
    if (samples.length === 0) continue;
    const evaluation = await evaluateModel(model, samples, threshold);
    writeEvaluation(join(dir, "report", split), evaluation, { split, data: dataInfo });
    metrics[split] = {
      count: evaluation.all.count,
      accuracy: evaluation.all.accuracy,
      perClass: evaluation.all.perClass,
      omission: {
        threshold: evaluation.omission.threshold,
        accuracy: evaluation.omission.accuracy,
        unknownFraction: evaluation.omission.unknownFraction,
      },
      breakdown: evaluation.breakdown,
    };
    log(metricsTable(`${split} split (n = ${evaluation.all.count})`, evaluation.all));
    const shown = evaluation.shownClass;
    if (shown)
      log(
        `${split} split where the image can show the class (${shown.leftOut} left out): accuracy ${percent(shown.all.accuracy)} %`,
      );
  }
  const { tensors } = readSafetensors(join(dir, WEIGHTS_FILE));
  saveModel(dir, { ...model.meta, metrics }, tensors);
}
