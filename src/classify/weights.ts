import type { Rng } from "../core/index.js";
import { type Architecture, branchLayers, latticeChannels } from "./architecture.js";

/** A dense float32 tensor in row-major (C) order. */
export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** Named tensors: a network's weights or an optimiser's state. Names are stable across versions. */
export type WeightMap = Record<string, Tensor>;

/** One named parameter of an architecture: its shape and fan-in (for initialisation). */
export interface ParameterSpec {
  name: string;
  shape: number[];
  fanIn: number;
  kind: "weight" | "bias";
}

/**
 * Lists the parameters of an architecture in a fixed order. Convolution kernels are stored as
 * im2col matrices `[9·Cin, Cout]` whose row index is `(dy·3 + dx)·Cin + cin`.
 */
export function parameterSpecs(arch: Architecture): ParameterSpec[] {
  const specs: ParameterSpec[] = [];
  const branch = (prefix: string, inChannels: number, channels: number[]) => {
    let cin = inChannels;
    branchLayers(channels, arch.convsPerStage).forEach(({ channels: cout }, layer) => {
      specs.push({ name: `${prefix}.${layer}.w`, shape: [9 * cin, cout], fanIn: 9 * cin, kind: "weight" });
      specs.push({ name: `${prefix}.${layer}.b`, shape: [cout], fanIn: 9 * cin, kind: "bias" });
      cin = cout;
    });
    return cin;
  };
  const imageOut = branch("image", arch.imageStemPx ** 2 + latticeChannels(arch), arch.imageChannels);
  const spectrumOut = branch("spectrum", arch.spectrumStemPx ** 2, arch.spectrumChannels);
  // each branch gives its channels' spatial mean and maximum
  const features = 2 * (imageOut + spectrumOut);
  specs.push({ name: "dense.w", shape: [features, arch.classes], fanIn: features, kind: "weight" });
  specs.push({ name: "dense.b", shape: [arch.classes], fanIn: features, kind: "bias" });
  return specs;
}

/** He-uniform initial weights (suited to ReLU; the dense head ×0.1), zero biases; deterministic for `rng`. */
export function initialWeights(arch: Architecture, rng: Rng): WeightMap {
  const weights: WeightMap = {};
  for (const spec of parameterSpecs(arch)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (spec.kind === "weight") {
      // the classifier head starts small (logits ≈ 0, loss ≈ ln k) so early steps do not saturate the softmax
      const limit = Math.sqrt(6 / spec.fanIn) * (spec.name === "dense.w" ? 0.1 : 1);
      for (let i = 0; i < size; i++) data[i] = rng.range(-limit, limit);
    }
    weights[spec.name] = { shape: [...spec.shape], data };
  }
  return weights;
}

/** Zeros shaped like `weights` (initial optimiser moments). */
export function zerosLike(weights: WeightMap): WeightMap {
  const out: WeightMap = {};
  for (const [name, t] of Object.entries(weights))
    out[name] = { shape: [...t.shape], data: new Float32Array(t.data.length) };
  return out;
}

/** Checks that `weights` holds exactly the parameters of `arch` with the right shapes; returns a reason. */
export function weightMismatch(arch: Architecture, weights: WeightMap): string | null {
  for (const spec of parameterSpecs(arch)) {
    const t = weights[spec.name];
    if (!t) return `missing tensor "${spec.name}"`;
    if (t.shape.join("x") !== spec.shape.join("x"))
      return `tensor "${spec.name}" has shape [${t.shape}], expected [${spec.shape}]`;
  }
  return null;
}
