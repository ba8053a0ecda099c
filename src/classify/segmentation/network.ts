/**
 * The segmentation network on `@jax-js/jax` (all its calls for segmentation live here). Convolutions are
 * patch extraction + one matrix product, as in the classifier's engine (faster than `lax.conv` in jax-js).
 */
import { jit, nn, numpy as np, tree, valueAndGrad } from "@jax-js/jax";
import {
  adamwUpdate,
  conv3x3,
  fromParams,
  type Hyper,
  initialiseJax,
  maxPool2,
  type OptState,
  type Params,
  toParams,
} from "../jaxLayers.js";
import { type WeightMap, zerosLike } from "../weights.js";
import { type SegmentationArchitecture, segmentationParameters } from "./architecture.js";

function conv1x1(x: np.Array, w: np.Array, b: np.Array): np.Array {
  const [n, h, width, c] = x.shape;
  return np
    .dot(x.reshape([n * h * width, c]), w)
    .add(b)
    .reshape([n, h, width, -1]);
}

/** `[n, h, w, 4c]` → `[n, 2h, 2w, c]`; channel (dy·2 + dx)·c + k goes to pixel offset (dy, dx). */
function depthToSpace2(x: np.Array): np.Array {
  const [n, h, w, c4] = x.shape;
  const c = c4 / 4;
  return x
    .reshape([n, h, w, 2, 2, c])
    .transpose([0, 1, 3, 2, 4, 5])
    .reshape([n, 2 * h, 2 * w, c]);
}

/** Particle logits `[n, h, w]` of a channels-last input batch `[n, h, w, inputChannels]`. */
function logits(arch: SegmentationArchitecture, p: Params, x: np.Array): np.Array {
  const levels = arch.channels.length;
  const skips: np.Array[] = [];
  let h = x;
  for (let l = 0; l < levels; l++) {
    h = nn.relu(conv3x3(h, p[`enc.${l}.0.w`]).add(p[`enc.${l}.0.b`]));
    h = nn.relu(conv3x3(h, p[`enc.${l}.1.w`]).add(p[`enc.${l}.1.b`]));
    if (l < levels - 1) {
      skips.push(h.ref);
      h = maxPool2(h);
    }
  }
  for (let l = levels - 2; l >= 0; l--) {
    const up = nn.relu(depthToSpace2(conv1x1(h, p[`up.${l}.w`], p[`up.${l}.b`])));
    h = np.concatenate([skips[l], up], -1);
    h = nn.relu(conv3x3(h, p[`dec.${l}.0.w`]).add(p[`dec.${l}.0.b`]));
    h = nn.relu(conv3x3(h, p[`dec.${l}.1.w`]).add(p[`dec.${l}.1.b`]));
  }
  const [n, height, width] = h.shape;
  return conv1x1(h, p["head.w"], p["head.b"]).reshape([n, height, width]);
}

/**
 * Loss of a batch of particle logits `z`: binary cross-entropy with soft targets (the covered share of each
 * pixel) plus the soft Dice loss 1 − 2Σpy/(Σp + Σy + 1), which keeps the few particle pixels from being
 * outvoted by the support (the 1 keeps a crop without particle pixels defined).
 */
export function segmentationLoss(z: np.Array, target: np.Array): np.Array {
  // softplus(z) = max(z, 0) + log(1 + e^−|z|): no overflow for large logits
  const softplus = nn.relu(z.ref).add(np.log1p(np.exp(np.abs(z.ref).mul(-1))));
  const bce = softplus.ref.sub(z.ref.mul(target.ref)).mean();
  // p = e^(z − softplus(z)): nn.sigmoid's 1/(1 + e^−z) has the gradient Inf/Inf = NaN once e^−z overflows
  // (z < −88 in float32), which a confident network reaches on plain support after a few hundred steps
  const prob = np.exp(z.sub(softplus));
  const overlap = prob.ref.mul(target.ref).sum();
  const dice = overlap.mul(2).div(prob.sum().add(target.sum()).add(1)).mul(-1).add(1);
  return bce.add(dice);
}

/** A batch of inputs `[n, side, side, channels]` and, for training, targets `[n, side, side]`. */
export interface SegmentationBatch {
  inputs: Float32Array;
  targets?: Float32Array;
  count: number;
  side: number;
}

/** The U-Net held by jax-js: weights, AdamW state and compiled functions. Call {@link dispose} when done. */
export class SegmentationNetwork {
  private params: Params;
  private opt: OptState;
  private steps = 0;
  private readonly forward;
  private readonly trainStep;
  private readonly decayMask: Params;

  private constructor(
    readonly arch: SegmentationArchitecture,
    weights: WeightMap,
  ) {
    this.params = toParams(weights);
    this.opt = { m: toParams(zerosLike(weights)), v: toParams(zerosLike(weights)) };
    this.decayMask = {};
    for (const spec of segmentationParameters(arch))
      this.decayMask[spec.name] = np.array(spec.kind === "weight" ? 1 : 0);
    this.forward = jit((params: Params, x: np.Array) => nn.sigmoid(logits(arch, params, x)));
    const lossFn = (params: Params, x: np.Array, target: np.Array) =>
      segmentationLoss(logits(arch, params, x), target);
    this.trainStep = jit(
      (params: Params, opt: OptState, decay: Params, x: np.Array, target: np.Array, hyper: Hyper) => {
        const [loss, grads] = valueAndGrad(lossFn)(tree.ref(params), x, target);
        const [next, nextOpt] = adamwUpdate(params, opt, decay, grads as Params, hyper);
        return [loss, next, nextOpt] as [np.Array, Params, OptState];
      },
    );
  }

  /** Builds the network with the given weights. */
  static async create(arch: SegmentationArchitecture, weights: WeightMap): Promise<SegmentationNetwork> {
    await initialiseJax();
    return new SegmentationNetwork(arch, weights);
  }

  /** Particle probabilities `[count, side, side]` of a batch. */
  async predict(batch: SegmentationBatch): Promise<Float32Array> {
    const { count, side } = batch;
    const x = np.array(batch.inputs).reshape([count, side, side, this.arch.inputChannels]);
    const probs = this.forward(tree.ref(this.params), x);
    return Float32Array.from((await probs.data()) as Float32Array);
  }

  /**
   * One AdamW step on a batch with targets; returns the batch loss before the update.
   * @param lr learning rate
   * @param weightDecay decoupled weight decay (relative, per unit learning rate)
   */
  async step(batch: SegmentationBatch, lr: number, weightDecay: number): Promise<number> {
    const { count, side } = batch;
    if (!batch.targets) throw new Error("a training batch needs targets");
    this.steps++;
    const hyper: Hyper = {
      lr: np.array(lr),
      weightDecay: np.array(weightDecay),
      b1: np.array(1 - 0.9 ** this.steps),
      b2: np.array(1 - 0.999 ** this.steps),
    };
    const [loss, params, opt] = this.trainStep(
      this.params,
      this.opt,
      tree.ref(this.decayMask),
      np.array(batch.inputs).reshape([count, side, side, this.arch.inputChannels]),
      np.array(batch.targets).reshape([count, side, side]),
      hyper,
    );
    this.params = params;
    this.opt = opt;
    return ((await loss.data()) as Float32Array)[0];
  }

  /** A copy of the current weights. */
  weights(): Promise<WeightMap> {
    return fromParams(this.params);
  }

  /** Frees the arrays and compiled functions. */
  dispose(): void {
    tree.dispose(this.params);
    tree.dispose(this.opt);
    tree.dispose(this.decayMask);
    this.forward.dispose();
    this.trainStep.dispose();
  }
}
