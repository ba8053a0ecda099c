/**
 * The jax-js building blocks shared by the classifier's engine and the segmentation network: parameter
 * trees, 3×3 convolution as patch extraction + one matrix product (faster than `lax.conv` in jax-js), 2×2 max
 * pooling, and the AdamW update. All jax-js calls stay inside classify/ (design.md).
 */
import { init, numpy as np, tree } from "@jax-js/jax";
import type { WeightMap } from "./weights.js";

/** Named parameter arrays. */
export type Params = { [name: string]: np.Array };
/** Optimiser hyper-parameters of one step; b1, b2 are Adam's bias corrections 1 − β^t. */
export type Hyper = { lr: np.Array; weightDecay: np.Array; b1: np.Array; b2: np.Array };
/** Optimiser moments per parameter. */
export type OptState = { m: Params; v: Params };

let ready: Promise<unknown> | null = null;
/** Starts jax-js's Wasm backend once. */
export function initialiseJax(): Promise<unknown> {
  ready ??= init("wasm");
  return ready;
}

/** 3×3 "same" convolution of channels-last `x` [n, h, w, c] with im2col weights `w` [9c, cout] (no bias). */
export function conv3x3(x: np.Array, w: np.Array): np.Array {
  const [n, h, width, c] = x.shape;
  const cout = w.shape[1];
  const padded = np.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const columns: np.Array[] = [];
  for (let dy = 0; dy < 3; dy++)
    for (let dx = 0; dx < 3; dx++) columns.push(padded.ref.slice([], [dy, dy + h], [dx, dx + width], []));
  padded.dispose();
  const patches = np.concatenate(columns, -1).reshape([n * h * width, 9 * c]);
  return np.dot(patches, w).reshape([n, h, width, cout]);
}

/** 2×2 max pooling of channels-last `x` (even height and width). */
export function maxPool2(x: np.Array): np.Array {
  const [n, h, w, c] = x.shape;
  return x.reshape([n, h / 2, 2, w / 2, 2, c]).max([2, 4]);
}

/** Weights → jax-js arrays. */
export function toParams(weights: WeightMap): Params {
  const params: Params = {};
  for (const [name, t] of Object.entries(weights)) params[name] = np.array(t.data).reshape(t.shape);
  return params;
}

/** jax-js arrays → weights (copies; the arrays stay alive). */
export async function fromParams(params: Params): Promise<WeightMap> {
  const out: WeightMap = {};
  for (const [name, p] of Object.entries(params)) {
    const data = (await p.ref.data()) as Float32Array;
    out[name] = { shape: [...p.shape], data: Float32Array.from(data) };
  }
  return out;
}

/**
 * One AdamW step (β1 0.9, β2 0.999, ε 1e-8) with decoupled weight decay where `decay` is 1 (weights, not
 * biases); consumes `params`, `opt`, `grads` and `h`.
 */
export function adamwUpdate(
  params: Params,
  opt: OptState,
  decay: Params,
  grads: Params,
  h: Hyper,
): [Params, OptState] {
  const next: Params = {};
  const m: Params = {};
  const v: Params = {};
  for (const name of Object.keys(params)) {
    const g = grads[name];
    m[name] = opt.m[name].mul(0.9).add(g.ref.mul(0.1));
    v[name] = opt.v[name].mul(0.999).add(g.ref.mul(g).mul(0.001));
    const mHat = m[name].ref.div(h.b1.ref);
    const vHat = v[name].ref.div(h.b2.ref);
    const p = params[name];
    const shrink = decay[name].mul(h.weightDecay.ref).mul(h.lr.ref).mul(-1).add(1);
    next[name] = p.mul(shrink).sub(mHat.div(np.sqrt(vHat).add(1e-8)).mul(h.lr.ref));
  }
  tree.dispose(h);
  return [next, { m, v }];
}

/**
 * One step of SGD with momentum 0.9 (MATLAB's `sgdm`, the paper's), with L2 weight decay where `decay` is 1;
 * consumes `params`, `opt`, `grads` and `h` (Adam's second moment `opt.v` passes through).
 */
export function sgdmUpdate(
  params: Params,
  opt: OptState,
  decay: Params,
  grads: Params,
  h: Hyper,
): [Params, OptState] {
  const next: Params = {};
  const m: Params = {};
  for (const name of Object.keys(params)) {
    const p = params[name];
    const g = grads[name].add(p.ref.mul(decay[name].mul(h.weightDecay.ref)));
    m[name] = opt.m[name].mul(0.9).add(g);
    next[name] = p.sub(m[name].ref.mul(h.lr.ref));
  }
  tree.dispose(h);
  return [next, { m, v: opt.v }];
}
