import type { Rng } from "../../core/index.js";
import type { WeightMap } from "../weights.js";

/**
 * The segmentation network, described as plain data so `model.json` records it: a U-Net (Ronneberger et al.
 * 2015) with `channels.length` levels. Each level has two 3×3 convolutions with ReLU; 2×2 max-pooling goes
 * down a level; going up, a learnt 1×1 convolution to 4× the channels rearranged into 2×2 pixels
 * (depth-to-space, a transposed convolution with stride 2) is joined with the level's encoder output, then
 * two 3×3 convolutions; a 1×1 convolution gives the particle logit per pixel.
 */
export interface SegmentationArchitecture {
  family: "unet";
  /** Input channels (see `INPUT_CHANNELS`). */
  inputChannels: number;
  /** Channels of each level, finest first; inputs must be multiples of 2^(levels − 1) pixels. */
  channels: number[];
}

/** The shipped architecture: 4 levels, receptive field ≈ 6 nm at 0.1 nm/px. */
export const SEGMENTATION_ARCHITECTURE: SegmentationArchitecture = {
  family: "unet",
  inputChannels: 2,
  channels: [8, 16, 32, 32],
};

/** One named parameter: shape and fan-in (for initialisation). Convolutions are im2col `[9·Cin, Cout]`. */
export interface SegmentationParameter {
  name: string;
  shape: number[];
  fanIn: number;
  kind: "weight" | "bias";
}

/** The parameters of an architecture in a fixed order. */
export function segmentationParameters(arch: SegmentationArchitecture): SegmentationParameter[] {
  const specs: SegmentationParameter[] = [];
  const conv = (name: string, cin: number, cout: number, taps: number) => {
    specs.push({ name: `${name}.w`, shape: [taps * cin, cout], fanIn: taps * cin, kind: "weight" });
    specs.push({ name: `${name}.b`, shape: [cout], fanIn: taps * cin, kind: "bias" });
  };
  const c = arch.channels;
  let cin = arch.inputChannels;
  c.forEach((cout, level) => {
    conv(`enc.${level}.0`, cin, cout, 9);
    conv(`enc.${level}.1`, cout, cout, 9);
    cin = cout;
  });
  for (let level = c.length - 2; level >= 0; level--) {
    conv(`up.${level}`, c[level + 1], 4 * c[level], 1);
    conv(`dec.${level}.0`, 2 * c[level], c[level], 9);
    conv(`dec.${level}.1`, c[level], c[level], 9);
  }
  conv("head", c[0], 1, 1);
  return specs;
}

/** He-uniform weights, zero biases (head bias −2: the network starts by calling most pixels support). */
export function initialSegmentationWeights(arch: SegmentationArchitecture, rng: Rng): WeightMap {
  const weights: WeightMap = {};
  for (const spec of segmentationParameters(arch)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (spec.kind === "weight") {
      const limit = Math.sqrt(6 / spec.fanIn);
      for (let i = 0; i < size; i++) data[i] = rng.range(-limit, limit);
    } else if (spec.name === "head.b") data.fill(-2);
    weights[spec.name] = { shape: [...spec.shape], data };
  }
  return weights;
}

/** Checks that `weights` holds exactly the parameters of `arch`; returns the reason when not. */
export function segmentationWeightMismatch(
  arch: SegmentationArchitecture,
  weights: WeightMap,
): string | null {
  for (const spec of segmentationParameters(arch)) {
    const t = weights[spec.name];
    if (!t) return `missing tensor "${spec.name}"`;
    if (t.shape.join("x") !== spec.shape.join("x"))
      return `tensor "${spec.name}" has shape [${t.shape}], expected [${spec.shape}]`;
  }
  return null;
}

/** Pixel multiple every network input side must have (one halving per level below the first). */
export function sizeMultiple(arch: SegmentationArchitecture): number {
  return 2 ** (arch.channels.length - 1);
}
