import { intAttr, intsAttr, OnnxGraph } from "../onnxGraph.js";
import type { WeightMap } from "../weights.js";
import type { SegmentationArchitecture } from "./architecture.js";

/**
 * Exports the U-Net to ONNX (opset 13, NCHW, height and width free): input `input` [N, C, H, W] with H and
 * W multiples of 2^(levels − 1), output `probability` [N, 1, H, W]. The learnt up-sampling is a 1×1
 * convolution followed by `DepthToSpace` in DCR order, the same channel order as the jax-js network.
 */
export function exportSegmentationOnnx(arch: SegmentationArchitecture, weights: WeightMap): Uint8Array {
  const g = new OnnxGraph();
  const node = g.node.bind(g);
  const tensor = g.tensor.bind(g);
  /** A convolution from the im2col layout `[taps·Cin, Cout]` to ONNX's `[Cout, Cin, k, k]`. */
  const conv = (name: string, x: string, taps: 1 | 9, relu: boolean): string => {
    const w = weights[`${name}.w`];
    const cout = w.shape[1];
    const cin = w.shape[0] / taps;
    const k = taps === 9 ? 3 : 1;
    const kernel = new Float32Array(cout * cin * taps);
    for (let t = 0; t < taps; t++)
      for (let c = 0; c < cin; c++)
        for (let o = 0; o < cout; o++) kernel[(o * cin + c) * taps + t] = w.data[(t * cin + c) * cout + o];
    tensor(`${name}.W`, [cout, cin, k, k], kernel);
    tensor(`${name}.B`, [cout], weights[`${name}.b`].data);
    const pads = k === 3 ? [1, 1, 1, 1] : [0, 0, 0, 0];
    node("Conv", [x, `${name}.W`, `${name}.B`], `${name}.conv`, [
      intsAttr("kernel_shape", [k, k]),
      intsAttr("pads", pads),
    ]);
    if (!relu) return `${name}.conv`;
    node("Relu", [`${name}.conv`], `${name}.relu`);
    return `${name}.relu`;
  };
  const levels = arch.channels.length;
  const skips: string[] = [];
  let x = "input";
  for (let l = 0; l < levels; l++) {
    x = conv(`enc.${l}.1`, conv(`enc.${l}.0`, x, 9, true), 9, true);
    if (l < levels - 1) {
      skips.push(x);
      node("MaxPool", [x], `pool.${l}`, [intsAttr("kernel_shape", [2, 2]), intsAttr("strides", [2, 2])]);
      x = `pool.${l}`;
    }
  }
  for (let l = levels - 2; l >= 0; l--) {
    const up = conv(`up.${l}`, x, 1, false);
    node("DepthToSpace", [up], `up.${l}.d2s`, [intAttr("blocksize", 2)]);
    node("Relu", [`up.${l}.d2s`], `up.${l}.relu`);
    node("Concat", [skips[l], `up.${l}.relu`], `cat.${l}`, [intAttr("axis", 1)]);
    x = conv(`dec.${l}.1`, conv(`dec.${l}.0`, `cat.${l}`, 9, true), 9, true);
  }
  node("Sigmoid", [conv("head", x, 1, false)], "probability");
  return g.serialise(
    "nanocryst-segmentation",
    [["input", ["N", arch.inputChannels, "H", "W"]]],
    [["probability", ["N", 1, "H", "W"]]],
  );
}
