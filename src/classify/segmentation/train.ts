import { Rng, usageError } from "../../core/index.js";
import type { WeightMap } from "../weights.js";
import {
  initialSegmentationWeights,
  SEGMENTATION_ARCHITECTURE,
  type SegmentationArchitecture,
} from "./architecture.js";
import type { FieldExample } from "./fieldData.js";
import { createSegmentationInference, type SegmentationInference } from "./inference.js";
import { SegmentationNetwork } from "./network.js";
import { predictInput } from "./predict.js";

/** Settings of a segmentation training run. */
export interface SegmentationTrainOptions {
  /** Optimisation steps. @default 1500 */
  steps?: number;
  /** Crops per step. @default 16 */
  batch?: number;
  /** Crop side [input px] (a multiple of 8). @default 64 */
  cropPx?: number;
  /** Peak learning rate (AdamW, cosine decay to zero after a 5 % warm-up). @default 0.003 */
  learningRate?: number;
  /** Decoupled weight decay. @default 1e-4 */
  weightDecay?: number;
  /** Validate (and keep the best weights) every this many steps. @default 250 */
  validateEvery?: number;
  seed?: number;
  architecture?: SegmentationArchitecture;
  onProgress?: (progress: { step: number; steps: number; loss: number; valIou?: number }) => void;
}

/** What a training run gives. */
export interface SegmentationTrainResult {
  architecture: SegmentationArchitecture;
  /** Weights of the step with the best validation IoU. */
  weights: WeightMap;
  /** Particle-pixel IoU (probability > 0.5) on the validation fields at the best step. */
  valIou: number;
  bestStep: number;
  history: { step: number; loss: number; valIou: number }[];
  /**
   * The step whose training loss was not finite (the optimisation diverged, e.g. at too high a learning
   * rate); training stopped there and kept the best weights validated before it.
   */
  divergedAtStep?: number;
  seconds: number;
}

/**
 * Trains the U-Net on random crops of whole simulated images: each crop comes from a dataset drawn with
 * equal chance (a few large fields would otherwise drown among thousands of single-particle images), half
 * the crops are centred on a particle pixel, half anywhere; each gets one of the 8 symmetries of the
 * square (the physics is isotropic). An image smaller than the crop lies at a random place in it on zeros,
 * the value the prediction pads with. The validation images are predicted whole (as in use) every
 * `validateEvery` steps; the best weights are kept.
 */
export async function trainSegmentation(
  train: readonly FieldExample[],
  val: readonly FieldExample[],
  options: SegmentationTrainOptions = {},
): Promise<SegmentationTrainResult> {
  const {
    steps = 1500,
    batch = 16,
    cropPx = 64,
    learningRate = 0.003,
    weightDecay = 1e-4,
    validateEvery = 250,
    seed = 0,
    architecture = SEGMENTATION_ARCHITECTURE,
  } = options;
  const started = performance.now();
  const rng = new Rng(["nanocryst-segmentation", seed]);
  const network = await SegmentationNetwork.create(
    architecture,
    initialSegmentationWeights(architecture, rng.fork("init")),
  );
  const draw = rng.fork("crops");
  const byDataset = [...groupByDataset(train).values()].map((group) =>
    group.map((example) => {
      const list: number[] = [];
      example.target.forEach((v, p) => {
        if (v > 0.5) list.push(p);
      });
      return { example, particles: Int32Array.from(list) };
    }),
  );
  const channels = architecture.inputChannels;
  const inputs = new Float32Array(batch * cropPx * cropPx * channels);
  const targets = new Float32Array(batch * cropPx * cropPx);
  const history: SegmentationTrainResult["history"] = [];
  let best = { iou: -1, step: 0, weights: await network.weights() };
  let divergedAtStep: number | undefined;
  try {
    for (let step = 1; step <= steps; step++) {
      for (let n = 0; n < batch; n++) {
        // one dataset draws no dataset, so a fields-only run repeats the crops it drew before datasets mixed
        const group = byDataset.length === 1 ? byDataset[0] : byDataset[draw.int(byDataset.length)];
        const { example, particles } = group[draw.int(group.length)];
        fillCrop(example, particles, cropPx, draw, inputs, targets, n);
      }
      const warm = Math.max(1, Math.round(0.05 * steps));
      const lr =
        step <= warm
          ? (learningRate * step) / warm
          : 0.5 * learningRate * (1 + Math.cos((Math.PI * (step - warm)) / (steps - warm + 1)));
      const loss = await network.step({ inputs, targets, count: batch, side: cropPx }, lr, weightDecay);
      // NaN weights never recover; the remaining steps would only cost time
      if (!Number.isFinite(loss)) {
        divergedAtStep = step;
        break;
      }
      let valIou: number | undefined;
      if (step % validateEvery === 0 || step === steps) {
        const inference = await createSegmentationInference(architecture, await network.weights());
        try {
          valIou = await validationIou(inference, val);
        } finally {
          inference.dispose();
        }
        history.push({ step, loss, valIou });
        if (valIou > best.iou) best = { iou: valIou, step, weights: await network.weights() };
      }
      options.onProgress?.({ step, steps, loss, valIou });
    }
  } finally {
    network.dispose();
  }
  if (divergedAtStep !== undefined && history.length === 0)
    throw usageError(
      `the training loss was not finite at step ${divergedAtStep}, before the first validation: nothing to keep; lower --lr or check the data`,
    );
  return {
    architecture,
    weights: best.weights,
    valIou: best.iou,
    bestStep: best.step,
    history,
    ...(divergedAtStep === undefined ? {} : { divergedAtStep }),
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Pixel IoU of particle (probability > 0.5) against target (share > 0.5), pooled over the images of each
 * dataset and averaged over the datasets.
 */
export async function validationIou(
  network: SegmentationInference,
  examples: readonly FieldExample[],
): Promise<number> {
  let sum = 0;
  const groups = groupByDataset(examples);
  for (const group of groups.values()) {
    let both = 0;
    let either = 0;
    for (const example of group) {
      const map = await predictInput(network, example.input);
      for (let p = 0; p < map.data.length; p++) {
        const a = map.data[p] > 0.5;
        const b = example.target[p] > 0.5;
        if (a && b) both++;
        if (a || b) either++;
      }
    }
    sum += either > 0 ? both / either : 1;
  }
  return groups.size > 0 ? sum / groups.size : 1;
}

/** Examples by the dataset folder they came from. */
function groupByDataset(examples: readonly FieldExample[]): Map<string, FieldExample[]> {
  const groups = new Map<string, FieldExample[]>();
  for (const example of examples) {
    const group = groups.get(example.dataset);
    if (group) group.push(example);
    else groups.set(example.dataset, [example]);
  }
  return groups;
}

/**
 * Writes crop `n` of a batch: origin centred on a particle pixel half the time, one of 8 symmetries; where
 * the crop reaches past a smaller image, input and target are zero.
 */
export function fillCrop(
  example: FieldExample,
  particles: Int32Array,
  side: number,
  rng: Rng,
  inputs: Float32Array,
  targets: Float32Array,
  n: number,
): void {
  const { width, height, channels, data } = example.input;
  // origins keep the crop inside a larger image, and a smaller image inside the crop
  const low = (size: number) => Math.min(0, size - side);
  const high = (size: number) => Math.max(0, size - side);
  let x0: number;
  let y0: number;
  if (particles.length > 0 && rng.chance(0.5)) {
    const p = particles[rng.int(particles.length)];
    x0 = Math.min(high(width), Math.max(low(width), (p % width) - rng.int(side)));
    y0 = Math.min(high(height), Math.max(low(height), Math.floor(p / width) - rng.int(side)));
  } else {
    x0 = low(width) + rng.int(high(width) - low(width) + 1);
    y0 = low(height) + rng.int(high(height) - low(height) + 1);
  }
  const symmetry = rng.int(8);
  for (let v = 0; v < side; v++) {
    for (let u = 0; u < side; u++) {
      let a = u;
      let b = v;
      if (symmetry & 1) a = side - 1 - a;
      if (symmetry & 2) b = side - 1 - b;
      if (symmetry & 4) [a, b] = [b, a];
      const x = x0 + a;
      const y = y0 + b;
      const to = n * side * side + v * side + u;
      if (x < 0 || y < 0 || x >= width || y >= height) {
        targets[to] = 0;
        inputs.fill(0, to * channels, (to + 1) * channels);
        continue;
      }
      const from = y * width + x;
      targets[to] = example.target[from];
      for (let c = 0; c < channels; c++) inputs[to * channels + c] = data[from * channels + c];
    }
  }
}
