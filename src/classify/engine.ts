/**
 * The classifier's tensor engine: its calls into `@jax-js/jax` live here and in the shared blocks of
 * `jaxLayers.ts`, so the engine can be swapped without touching the rest of `classify/`. Convolutions are
 * written as patch extraction (im2col: nine shifted slices concatenated along channels) followed by one
 * matrix product, which jax-js's Wasm matmul runs ~13× faster than its `lax.conv` (design.md).
 */
import { jit, nn, numpy as np, tree, valueAndGrad } from "@jax-js/jax";
import {
  type Architecture,
  branchLayers,
  type ConvLayer,
  latticeChannels,
  latticeGridPx,
} from "./architecture.js";
import {
  adamwUpdate,
  conv3x3,
  fromParams,
  type Hyper,
  initialiseJax,
  maxPool2,
  type OptState,
  type Params,
  sgdmUpdate,
  toParams,
} from "./jaxLayers.js";
import { parameterSpecs, type WeightMap, zerosLike } from "./weights.js";

/** Optimisers: AdamW (decoupled weight decay) or SGD with momentum 0.9 (MATLAB's `sgdm`, the paper's). */
export type OptimizerName = "adamw" | "sgdm";

/**
 * Batch of network inputs: images `[n, crop, crop]`, spectra `[n, spec, spec]` and lattice-fringe maps
 * channel-first `[n, K (2K with phase maps), grid, grid]` (grid = crop / imageStemPx; empty when the
 * architecture has none).
 */
export interface InputBatch {
  images: Float32Array;
  spectra: Float32Array;
  lattice: Float32Array;
  count: number;
}

/** A batch's loss, logits and gradients under the current weights (see {@link Engine.gradients}). */
export interface BatchGradients {
  /** Samples in the batch. */
  count: number;
  /** Mean cross-entropy of the batch [nats]. */
  loss: number;
  /** Logits, `count × classes` row-major. */
  logits: Float32Array;
  /** Gradient of the mean loss per weight. */
  grads: WeightMap;
}

/** Result of one optimisation step. */
export interface StepResult {
  /** Mean cross-entropy of the batch before the update [nats]. */
  loss: number;
  /** Number of samples whose arg-max class equals the label. */
  correct: number;
}

/** b×b pixel blocks → b² channels, channel index (by·b + bx)·C + c (ONNX SpaceToDepth's order). */
function spaceToDepth(x: np.Array, b: number): np.Array {
  if (b === 1) return x;
  const [n, h, w, c] = x.shape;
  return x
    .reshape([n, h / b, b, w / b, b, c])
    .transpose([0, 1, 3, 2, 4, 5])
    .reshape([n, h / b, w / b, b * b * c]);
}

function branch(params: Params, prefix: string, layers: ConvLayer[], x: np.Array): np.Array {
  let h = x;
  layers.forEach(({ poolAfter }, l) => {
    h = nn.relu(conv3x3(h, params[`${prefix}.${l}.w`]).add(params[`${prefix}.${l}.b`]));
    if (poolAfter) h = maxPool2(h);
  });
  // mean and maximum over the field: the mean sees the whole particle, the maximum a single lattice spot
  return np.concatenate([h.ref.mean([1, 2]), h.max([1, 2])], -1);
}

function logits(
  arch: Architecture,
  params: Params,
  images: np.Array,
  spectra: np.Array,
  lattice: np.Array,
): np.Array {
  let stem = spaceToDepth(images, arch.imageStemPx);
  if (arch.latticeMaps > 0) stem = np.concatenate([stem, lattice.transpose([0, 2, 3, 1])], -1);
  else lattice.dispose();
  const a = branch(params, "image", branchLayers(arch.imageChannels, arch.convsPerStage), stem);
  const b = branch(
    params,
    "spectrum",
    branchLayers(arch.spectrumChannels, arch.convsPerStage),
    spaceToDepth(spectra, arch.spectrumStemPx),
  );
  return np.dot(np.concatenate([a, b], -1), params["dense.w"]).add(params["dense.b"]);
}

/**
 * A network held by the engine: weights, optimiser state and compiled functions. Call {@link dispose}
 * when done (frees the engine's memory).
 */
export class Engine {
  /** Engine name recorded in reports. */
  readonly name = "jax-js";
  private params: Params;
  private opt: OptState;
  private steps = 0;
  private readonly forward;
  private readonly gradientStep;
  private readonly updateStep;
  private readonly decayMask: Params;

  private constructor(
    readonly arch: Architecture,
    weights: WeightMap,
    readonly optimizer: OptimizerName,
    /** Batch size of inference calls; inputs are padded to it so one compiled function serves all. */
    readonly inferenceBatch: number,
  ) {
    this.params = toParams(weights);
    this.opt = { m: toParams(zerosLike(weights)), v: toParams(zerosLike(weights)) };
    this.decayMask = {};
    for (const spec of parameterSpecs(arch))
      this.decayMask[spec.name] = np.array(spec.kind === "weight" ? 1 : 0);
    this.forward = jit((params: Params, images: np.Array, spectra: np.Array, lattice: np.Array) =>
      nn.softmax(logits(arch, params, images, spectra, lattice), -1),
    );
    const lossFn = (
      params: Params,
      images: np.Array,
      spectra: np.Array,
      lattice: np.Array,
      onehot: np.Array,
    ) => {
      const z = logits(arch, params, images, spectra, lattice);
      const n = onehot.shape[0];
      const loss = nn
        .logSoftmax(z.ref, -1)
        .mul(onehot)
        .sum()
        .mul(-1 / n);
      return [loss, z] as [np.Array, np.Array];
    };
    this.gradientStep = jit(
      (params: Params, images: np.Array, spectra: np.Array, lattice: np.Array, onehot: np.Array) => {
        const [[loss, z], grads] = valueAndGrad(lossFn, { hasAux: true })(
          params,
          images,
          spectra,
          lattice,
          onehot,
        );
        return [loss, z, grads] as [np.Array, np.Array, Params];
      },
    );
    this.updateStep = jit(optimizer === "adamw" ? adamwUpdate : sgdmUpdate);
  }

  /**
   * Builds an engine for `arch` with the given weights.
   * @param inferenceBatch images per compiled inference call (default 64)
   */
  static async create(
    arch: Architecture,
    weights: WeightMap,
    options: { optimizer?: OptimizerName; inferenceBatch?: number } = {},
  ): Promise<Engine> {
    await initialiseJax();
    return new Engine(arch, weights, options.optimizer ?? "adamw", options.inferenceBatch ?? 64);
  }

  /** Class probabilities, `count × classes` row-major, in the architecture's class order. */
  async predict(batch: InputBatch): Promise<Float32Array> {
    const { cropPx, spectrumPx, classes } = this.arch;
    const out = new Float32Array(batch.count * classes);
    const b = this.inferenceBatch;
    for (let start = 0; start < batch.count; start += b) {
      const n = Math.min(b, batch.count - start);
      const images = new Float32Array(b * cropPx * cropPx);
      images.set(batch.images.subarray(start * cropPx * cropPx, (start + n) * cropPx * cropPx));
      const spectra = new Float32Array(b * spectrumPx * spectrumPx);
      spectra.set(
        batch.spectra.subarray(start * spectrumPx * spectrumPx, (start + n) * spectrumPx * spectrumPx),
      );
      const mapSize = this.latticeSize;
      const lattice = new Float32Array(b * mapSize);
      lattice.set(batch.lattice.subarray(start * mapSize, (start + n) * mapSize));
      const probs = this.forward(
        tree.ref(this.params),
        np.array(images).reshape([b, cropPx, cropPx, 1]),
        np.array(spectra).reshape([b, spectrumPx, spectrumPx, 1]),
        this.latticeArray(lattice, b),
      );
      const data = (await probs.data()) as Float32Array;
      out.set(data.subarray(0, n * classes), start * classes);
    }
    return out;
  }

  /**
   * One optimisation step on a batch: {@link gradients}, then {@link applyGradients}.
   * @param labels class index per sample
   * @param lr learning rate
   * @param weightDecay decoupled weight decay per step, relative (AdamW) or L2 coefficient (SGDM)
   */
  async step(batch: InputBatch, labels: Int32Array, lr: number, weightDecay: number): Promise<StepResult> {
    const part = await this.gradients(batch, labels);
    this.applyGradients(part.grads, lr, weightDecay);
    return { loss: part.loss, correct: countCorrect(part.logits, labels, this.arch.classes) };
  }

  /**
   * The mean cross-entropy of a batch under the current weights, its logits and the loss's gradient with
   * respect to every weight; nothing is updated. A batch split in parts gives the same gradient as the
   * count-weighted mean of the parts' gradients (see dataParallel.ts).
   */
  async gradients(batch: InputBatch, labels: Int32Array): Promise<BatchGradients> {
    const { cropPx, spectrumPx, classes } = this.arch;
    const n = batch.count;
    const onehot = new Float32Array(n * classes);
    for (let i = 0; i < n; i++) onehot[i * classes + labels[i]] = 1;
    const [loss, z, grads] = this.gradientStep(
      tree.ref(this.params),
      np.array(batch.images.subarray(0, n * cropPx * cropPx)).reshape([n, cropPx, cropPx, 1]),
      np
        .array(batch.spectra.subarray(0, n * spectrumPx * spectrumPx))
        .reshape([n, spectrumPx, spectrumPx, 1]),
      this.latticeArray(batch.lattice.subarray(0, n * this.latticeSize), n),
      np.array(onehot).reshape([n, classes]),
    );
    const lossValue = ((await loss.data()) as Float32Array)[0];
    const logits = Float32Array.from((await z.data()) as Float32Array);
    const gradients = await fromParams(grads);
    tree.dispose(grads);
    return { count: n, loss: lossValue, logits, grads: gradients };
  }

  /**
   * One optimiser update with the given gradients (one more step for Adam's bias correction).
   * @param lr learning rate
   * @param weightDecay decoupled weight decay per step, relative (AdamW) or L2 coefficient (SGDM)
   */
  applyGradients(grads: WeightMap, lr: number, weightDecay: number): void {
    this.steps++;
    const hyper: Hyper = {
      lr: np.array(lr),
      weightDecay: np.array(weightDecay),
      b1: np.array(1 - 0.9 ** this.steps),
      b2: np.array(1 - 0.999 ** this.steps),
    };
    const [params, opt] = this.updateStep(
      this.params,
      this.opt,
      tree.ref(this.decayMask),
      toParams(grads),
      hyper,
    );
    this.params = params;
    this.opt = opt;
  }

  /** Replaces the weights (the optimiser state stays): a gradient worker follows the trainer's weights. */
  setWeights(weights: WeightMap): void {
    tree.dispose(this.params);
    this.params = toParams(weights);
  }

  /** Values of one particle's lattice maps. */
  private get latticeSize(): number {
    return latticeChannels(this.arch) * latticeGridPx(this.arch) ** 2;
  }

  /** The maps as an engine array `[n, channels, grid, grid]`; a placeholder the network ignores when K = 0. */
  private latticeArray(values: Float32Array, n: number): np.Array {
    const grid = latticeGridPx(this.arch);
    return this.arch.latticeMaps > 0
      ? np.array(values).reshape([n, latticeChannels(this.arch), grid, grid])
      : np.zeros([1]);
  }

  /** A copy of the current weights. */
  weights(): Promise<WeightMap> {
    return fromParams(this.params);
  }

  /** A copy of the optimiser state (first and second moments, step count) for checkpoints. */
  async optimizerState(): Promise<{ m: WeightMap; v: WeightMap; steps: number }> {
    return { m: await fromParams(this.opt.m), v: await fromParams(this.opt.v), steps: this.steps };
  }

  /** Restores a state saved by {@link optimizerState}. */
  setOptimizerState(state: { m: WeightMap; v: WeightMap; steps: number }): void {
    tree.dispose(this.opt);
    this.opt = { m: toParams(state.m), v: toParams(state.v) };
    this.steps = state.steps;
  }

  /** Frees the engine's arrays and compiled functions. */
  dispose(): void {
    tree.dispose(this.params);
    tree.dispose(this.opt);
    tree.dispose(this.decayMask);
    this.forward.dispose();
    this.gradientStep.dispose();
    this.updateStep.dispose();
  }
}

/** Number of rows of `logits` (`labels.length × classes`) whose largest entry is the label's. */
export function countCorrect(logits: Float32Array, labels: ArrayLike<number>, classes: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (logits[i * classes + k] > logits[i * classes + best]) best = k;
    if (best === labels[i]) correct++;
  }
  return correct;
}
