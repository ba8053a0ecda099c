import { existsSync } from "node:fs";
import { join } from "node:path";
import { Rng, usageError, writeFileAtomic } from "../core/index.js";
import {
  architecture,
  type ArchitectureName,
  architectureProblem,
  INPUT_CROP_PX,
  INPUT_PIXEL_SIZE_NM,
  LATTICE_MAP_COUNT,
} from "./architecture.js";
import { trainingCurveSvg } from "./charts.js";
import { type Checkpoint, type EpochRecord, readCheckpoint, writeCheckpoint } from "./checkpoint.js";
import type { Sample } from "./data.js";
import { dataParallelSteps, singleThreadSteps } from "./dataParallel.js";
import { countCorrect, Engine, type InputBatch, type OptimizerName } from "./engine.js";
import { createOnnxEngine } from "./engineOnnx.js";
import { type ModelJson, modelJson, saveModel } from "./model.js";
import { type BatchPlan, batchesPerEpoch, workerBatches } from "./batches.js";
import { prepareInputs } from "./prepare.js";
import { readSafetensors } from "./safetensors.js";
import { learningRate, type ScheduleName } from "./schedule.js";
import { initialWeights, type WeightMap } from "./weights.js";
import { particleExtentNm } from "./windows.js";

/** Hyper-parameters and bookkeeping of one training run. */
export interface TrainOptions {
  /** Class names in output order. */
  classes: string[];
  /** @default "small" */
  architecture?: ArchitectureName;
  /** Maximum number of epochs. */
  epochs: number;
  /** Images per optimisation step. */
  batchSize: number;
  /** Initial learning rate. */
  lr: number;
  schedule: ScheduleName;
  optimizer: OptimizerName;
  /** Decoupled weight decay (AdamW) or L2 coefficient (SGDM). */
  weightDecay: number;
  /** Augmentation strength (0 = off, 1 = documented ranges). */
  augmentStrength: number;
  /** Stop after this many epochs without a lower validation loss. @default 5 */
  patience?: number;
  seed: number;
  /** Input pixel size [nm]. @default INPUT_PIXEL_SIZE_NM */
  inputPixelSizeNm?: number;
  /** Side of the square network input [px]. @default INPUT_CROP_PX */
  cropPx?: number;
  /** Space-to-depth block of the image branch [px]. @default cropPx/32 */
  imageStemPx?: number;
  /** Lattice-fringe maps joined to the image branch (0 = none). @default LATTICE_MAP_COUNT */
  latticeMaps?: number;
  /** Whether each lattice map comes with its phase map. @default false */
  latticePhase?: boolean;
  /** Symmetry views the finished model averages at inference (model.json `inference.views`). @default 1 */
  inferenceViews?: 1 | 8;
  /**
   * Threads computing each batch's gradient: 1, or 2 (a worker thread takes half of every batch; the same
   * training to float rounding, faster where a second core is free). @default 1
   */
  gradientThreads?: 1 | 2;
  /** Where checkpoints, the best model and the curve go; nothing is written when absent. */
  outDir?: string;
  /** Continue from `outDir/checkpoint.*` when present. */
  resume?: boolean;
  /** Free-form record stored in model.json (data directory, preset, ...). */
  dataInfo?: Record<string, unknown>;
  /** Called after every epoch. */
  onEpoch?: (record: EpochRecord, epochs: number) => void;
  /** Called after every batch with (batches done, batches per epoch). */
  onBatch?: (done: number, total: number, loss: number) => void;
}

/** Outcome of a training run. */
export interface TrainResult {
  /** Weights of the epoch with the lowest validation loss. */
  weights: WeightMap;
  meta: ModelJson;
  history: EpochRecord[];
  /** Index of the best epoch in `history` (from 0; the files written count from 1). */
  bestEpoch: number;
  bestValLoss: number;
  stoppedEarly: boolean;
  /** Where the training loss first was not finite (epoch from 0, batch from 1); training stopped there. */
  diverged?: Divergence;
}

/** The epoch (from 0) and batch (from 1) at which a run's loss stopped being finite. */
export interface Divergence {
  epoch: number;
  batch: number;
}

/** Mean cross-entropy [nats] and accuracy of probabilities against labels. */
export function lossAndAccuracy(probs: Float32Array, labels: ArrayLike<number>, classes: number) {
  let loss = 0;
  const n = labels.length;
  for (let i = 0; i < n; i++) loss -= Math.log(Math.max(probs[i * classes + labels[i]], 1e-7));
  return { loss: loss / n, accuracy: countCorrect(probs, labels, classes) / n };
}

function recordedOptions(o: TrainOptions): Record<string, unknown> {
  return {
    classes: o.classes,
    architecture: o.architecture ?? "small",
    epochs: o.epochs,
    batchSize: o.batchSize,
    lr: o.lr,
    schedule: o.schedule,
    optimizer: o.optimizer,
    weightDecay: o.weightDecay,
    augmentStrength: o.augmentStrength,
    inputPixelSizeNm: o.inputPixelSizeNm ?? INPUT_PIXEL_SIZE_NM,
    cropPx: o.cropPx ?? INPUT_CROP_PX,
    imageStemPx: o.imageStemPx ?? null,
    latticeMaps: o.latticeMaps ?? LATTICE_MAP_COUNT,
    latticePhase: o.latticePhase ?? false,
    gradientThreads: o.gradientThreads ?? 1,
    patience: o.patience ?? 5,
    seed: o.seed,
  };
}

/**
 * Trains a classifier: mini-batch steps on freshly augmented inputs every epoch, validation once per epoch,
 * the learning-rate schedule, early stopping on the validation loss, and (with `outDir`) a checkpoint after
 * every epoch, the best model so far, `history.json` and `training-curve.svg`. The run is a pure function of
 * the data and the options: epoch e draws its shuffle and augmentation from `Rng([seed, "epoch", e])`, so a
 * resumed run continues exactly as an uninterrupted one would. `model.json` records the largest training
 * particle (inference.wholeUpToNm), up to which `predict` shows particles whole rather than window by window.
 * A run stops at the first non-finite loss and keeps the best weights validated before it (`diverged`,
 * model.json `training.divergedAt`); before any validation there is nothing to keep (`bestEpoch` −1).
 */
export async function train(
  data: { train: Sample[]; val: Sample[] },
  options: TrainOptions,
): Promise<TrainResult> {
  const arch = architecture(
    options.architecture ?? "small",
    options.classes.length,
    options.cropPx,
    options.imageStemPx,
    options.latticeMaps,
    options.latticePhase,
  );
  const problem = architectureProblem(arch);
  if (problem) throw usageError(problem);
  const pixelSizeNm = options.inputPixelSizeNm ?? INPUT_PIXEL_SIZE_NM;
  const patience = options.patience ?? 5;
  const meta = {
    ...modelJson(options.classes, arch, pixelSizeNm),
    inference: { views: options.inferenceViews ?? 1, wholeUpToNm: largestExtentNm(data.train) },
  };
  let weights = initialWeights(arch, new Rng([options.seed, "init"]));
  let best = weights;
  let state: Checkpoint = {
    epoch: -1,
    steps: 0,
    history: [],
    bestEpoch: -1,
    bestValLoss: Infinity,
    sinceBest: 0,
    options: recordedOptions(options),
  };
  const out = options.outDir;
  let optimizerState: { m: WeightMap; v: WeightMap; steps: number } | null = null;
  if (out && options.resume && existsSync(join(out, "checkpoint.json"))) {
    const restored = readCheckpoint(out, state.options);
    state = restored.state;
    weights = restored.weights;
    optimizerState = restored.optimizer;
    best = existsSync(join(out, "weights.safetensors"))
      ? readSafetensors(join(out, "weights.safetensors")).tensors
      : weights;
  }
  const engine = await Engine.create(arch, weights, { optimizer: options.optimizer });
  if (optimizerState) engine.setOptimizerState(optimizerState);
  const stepper = options.gradientThreads === 2 ? dataParallelSteps(engine) : singleThreadSteps(engine);
  const val = prepareInputs(
    data.val.map((s) => s.particle),
    arch,
    pixelSizeNm,
  );
  const valLabels = Int32Array.from(data.val, (s) => s.label);
  const k = options.classes.length;
  const plan: BatchPlan = {
    particles: data.train.map((s) => s.particle),
    labels: Int32Array.from(data.train, (s) => s.label),
    arch,
    inputPixelSizeNm: pixelSizeNm,
    batchSize: options.batchSize,
    augmentStrength: options.augmentStrength,
    seed: options.seed,
  };
  const source = workerBatches(plan);
  const batches = batchesPerEpoch(plan);
  let diverged: Divergence | undefined;
  try {
    for (let epoch = state.epoch + 1; epoch < options.epochs; epoch++) {
      if (state.sinceBest >= patience) break;
      const t0 = performance.now();
      const lr = learningRate(options.schedule, options.lr, epoch, options.epochs);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let b = 0;
      for await (const { batch, labels } of source.epoch(epoch)) {
        const step = await stepper.step(batch, labels, lr, options.weightDecay);
        // NaN weights never recover: the remaining epochs would only cost time, and no checkpoint keeps them
        if (!Number.isFinite(step.loss)) {
          diverged = { epoch, batch: b + 1 };
          break;
        }
        lossSum += step.loss;
        correct += step.correct;
        seen += labels.length;
        b++;
        options.onBatch?.(b, batches, step.loss);
      }
      if (diverged) break;
      const current = await engine.weights();
      const valMetrics = lossAndAccuracy(await validationProbabilities(engine, current, val), valLabels, k);
      if (!Number.isFinite(valMetrics.loss)) {
        diverged = { epoch, batch: b };
        break;
      }
      const record: EpochRecord = {
        epoch,
        lr,
        trainLoss: lossSum / b,
        trainAccuracy: correct / seen,
        valLoss: valMetrics.loss,
        valAccuracy: valMetrics.accuracy,
        seconds: (performance.now() - t0) / 1000,
      };
      state.history.push(record);
      state.epoch = epoch;
      if (record.valLoss < state.bestValLoss) {
        state.bestValLoss = record.valLoss;
        state.bestEpoch = epoch;
        state.sinceBest = 0;
        best = current;
        if (out) saveModel(out, withTraining(meta, state, options), best);
      } else state.sinceBest++;
      if (out) writeCheckpoint(out, current, await engine.optimizerState(), state);
      options.onEpoch?.(record, options.epochs);
    }
  } finally {
    engine.dispose();
    await Promise.all([source.close(), stepper.close()]);
  }
  const finalMeta = withTraining(meta, state, options, diverged);
  if (out && state.bestEpoch >= 0) {
    saveModel(out, finalMeta, best);
    // files count epochs from 1, as the progress lines do
    const history = state.history.map((h) => ({ ...h, epoch: h.epoch + 1 }));
    writeFileAtomic(join(out, "history.json"), `${JSON.stringify(history, null, 2)}\n`);
    writeFileAtomic(join(out, "training-curve.svg"), curve(state.history));
  }
  return {
    weights: best,
    meta: finalMeta,
    history: state.history,
    bestEpoch: state.bestEpoch,
    bestValLoss: state.bestValLoss,
    stoppedEarly: state.sinceBest >= patience,
    ...(diverged ? { diverged } : {}),
  };
}

/**
 * Class probabilities of the validation inputs under the current weights: through ONNX Runtime when it loads
 * (the jax-js forward pass took a quarter of each epoch; the two agree to 1e-4, onnx.test.ts), else through
 * the training engine.
 */
async function validationProbabilities(
  engine: Engine,
  weights: WeightMap,
  val: InputBatch,
): Promise<Float32Array> {
  const onnx = await createOnnxEngine(engine.arch, weights);
  if (!onnx) return engine.predict(val);
  try {
    return await onnx.predict(val);
  } finally {
    onnx.dispose();
  }
}

/** The largest training particle [nm] ({@link particleExtentNm}), rounded up to 0.01 nm. */
function largestExtentNm(samples: readonly Sample[]): number | undefined {
  let largest = 0;
  for (const s of samples) largest = Math.max(largest, particleExtentNm(s.particle));
  return largest > 0 ? Math.ceil(largest * 100) / 100 : undefined;
}

function curve(history: EpochRecord[]): string {
  return trainingCurveSvg({
    trainLoss: history.map((h) => h.trainLoss),
    valLoss: history.map((h) => h.valLoss),
    trainAccuracy: history.map((h) => h.trainAccuracy),
    valAccuracy: history.map((h) => h.valAccuracy),
  });
}

function withTraining(
  meta: ModelJson,
  state: Checkpoint,
  options: TrainOptions,
  diverged?: Divergence,
): ModelJson {
  const bestRecord = state.history.find((h) => h.epoch === state.bestEpoch);
  return {
    ...meta,
    training: {
      ...state.options,
      data: options.dataInfo ?? {},
      epochsRun: state.history.length,
      bestEpoch: state.bestEpoch + 1,
      bestValLoss: state.bestValLoss,
      bestValAccuracy: bestRecord?.valAccuracy ?? null,
      seconds: state.history.reduce((s, h) => s + h.seconds, 0),
      engine: "@jax-js/jax 0.1.25 (wasm)",
      ...(diverged ? { divergedAt: { epoch: diverged.epoch + 1, batch: diverged.batch } } : {}),
    },
  };
}
