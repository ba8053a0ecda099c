import { Rng } from "../../core/index.js";
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
  seconds: number;
}

/**
 * Trains the U-Net on random crops of simulated fields: half the crops are centred on a particle pixel,
 * half anywhere; each gets one of the 8 symmetries of the square (the physics is isotropic). The validation
 * fields are predicted whole (as in use) every `validateEvery` steps; the best weights are kept.
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
  const usable = train.filter((e) => e.input.width >= cropPx && e.input.height >= cropPx);
  const particlePixels = usable.map((e) => {
    const list: number[] = [];
    e.target.forEach((v, p) => {
      if (v > 0.5) list.push(p);
    });
    return Int32Array.from(list);
  });
  const channels = architecture.inputChannels;
  const inputs = new Float32Array(batch * cropPx * cropPx * channels);
  const targets = new Float32Array(batch * cropPx * cropPx);
  const history: SegmentationTrainResult["history"] = [];
  let best = { iou: -1, step: 0, weights: await network.weights() };
  try {
    for (let step = 1; step <= steps; step++) {
      for (let n = 0; n < batch; n++) {
        const k = draw.int(usable.length);
        fillCrop(usable[k], particlePixels[k], cropPx, draw, inputs, targets, n);
      }
      const warm = Math.max(1, Math.round(0.05 * steps));
      const lr =
        step <= warm
          ? (learningRate * step) / warm
          : 0.5 * learningRate * (1 + Math.cos((Math.PI * (step - warm)) / (steps - warm + 1)));
      const loss = await network.step({ inputs, targets, count: batch, side: cropPx }, lr, weightDecay);
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
  return {
    architecture,
    weights: best.weights,
    valIou: best.iou,
    bestStep: best.step,
    history,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Pixel IoU of particle (probability > 0.5) against target (share > 0.5) over all fields. */
export async function validationIou(
  network: SegmentationInference,
  fields: readonly FieldExample[],
): Promise<number> {
  let both = 0;
  let either = 0;
  for (const field of fields) {
    const map = await predictInput(network, field.input);
    for (let p = 0; p < map.data.length; p++) {
      const a = map.data[p] > 0.5;
      const b = field.target[p] > 0.5;
      if (a && b) both++;
      if (a || b) either++;
    }
  }
  return either > 0 ? both / either : 1;
}

/** Writes crop `n` of a batch: origin centred on a particle pixel half the time, one of 8 symmetries. */
function fillCrop(
  example: FieldExample,
  particles: Int32Array,
  side: number,
  rng: Rng,
  inputs: Float32Array,
  targets: Float32Array,
  n: number,
): void {
  const { width, height, channels, data } = example.input;
  let x0: number;
  let y0: number;
  if (particles.length > 0 && rng.chance(0.5)) {
    const p = particles[rng.int(particles.length)];
    x0 = (p % width) - rng.int(side);
    y0 = Math.floor(p / width) - rng.int(side);
  } else {
    x0 = rng.int(width - side + 1);
    y0 = rng.int(height - side + 1);
  }
  x0 = Math.min(width - side, Math.max(0, x0));
  y0 = Math.min(height - side, Math.max(0, y0));
  const symmetry = rng.int(8);
  for (let v = 0; v < side; v++) {
    for (let u = 0; u < side; u++) {
      let a = u;
      let b = v;
      if (symmetry & 1) a = side - 1 - a;
      if (symmetry & 2) b = side - 1 - b;
      if (symmetry & 4) [a, b] = [b, a];
      const from = (y0 + b) * width + (x0 + a);
      const to = n * side * side + v * side + u;
      targets[to] = example.target[from];
      for (let c = 0; c < channels; c++) inputs[to * channels + c] = data[from * channels + c];
    }
  }
}
