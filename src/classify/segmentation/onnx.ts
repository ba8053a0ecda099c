import type { WeightMap } from "../weights.js";
import type { SegmentationArchitecture } from "./architecture.js";

/**
 * Exports the U-Net to ONNX (opset 13, NCHW, height and width free): input `input` [N, C, H, W] with H and
 * W multiples of 2^(levels − 1), output `probability` [N, 1, H, W]. The learnt up-sampling is a 1×1
 * convolution followed by `DepthToSpace` in DCR order, the same channel order as the jax-js network. The
 * protobuf is written by hand (a few message types of onnx.proto, proto2 encoding).
 */
export function exportSegmentationOnnx(arch: SegmentationArchitecture, weights: WeightMap): Uint8Array {
  const nodes: Uint8Array[] = [];
  const initializers: Uint8Array[] = [];
  const node = (op: string, inputs: string[], output: string, attributes: Uint8Array[] = []) =>
    nodes.push(
      message([
        ...inputs.map((s) => str(1, s)),
        str(2, output),
        str(3, output),
        str(4, op),
        ...attributes.map((a) => bytes(5, a)),
      ]),
    );
  const tensor = (name: string, dims: number[], data: Float32Array) => {
    const raw = new Uint8Array(data.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i], true);
    initializers.push(
      message([...dims.map((d) => varintField(1, d)), varintField(2, 1), str(8, name), bytes(9, raw)]),
    );
  };
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
  const graph = message([
    ...nodes.map((n) => bytes(1, n)),
    str(2, "nanocryst-segmentation"),
    ...initializers.map((t) => bytes(5, t)),
    bytes(11, valueInfo("input", ["N", arch.inputChannels, "H", "W"])),
    bytes(12, valueInfo("probability", ["N", 1, "H", "W"])),
  ]);
  return message([
    varintField(1, 8),
    str(2, "nanocryst"),
    bytes(7, graph),
    bytes(8, message([str(1, ""), varintField(2, 13)])),
  ]);
}

function valueInfo(name: string, dims: (number | string)[]): Uint8Array {
  const shape = message(
    dims.map((d) => bytes(1, typeof d === "number" ? message([varintField(1, d)]) : message([str(2, d)]))),
  );
  const tensorType = message([varintField(1, 1), bytes(2, shape)]);
  return message([str(1, name), bytes(2, message([bytes(1, tensorType)]))]);
}

function intAttr(name: string, value: number): Uint8Array {
  return message([str(1, name), varintField(3, value), varintField(20, 2)]);
}

function intsAttr(name: string, values: number[]): Uint8Array {
  return message([str(1, name), ...values.map((v) => varintField(8, v)), varintField(20, 7)]);
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 127) {
    out.push((v % 128) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field * 8), ...varint(value)]);
}

function bytes(field: number, data: Uint8Array): Uint8Array {
  const head = [...varint(field * 8 + 2), ...varint(data.length)];
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

function str(field: number, text: string): Uint8Array {
  return bytes(field, new TextEncoder().encode(text));
}

function message(parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
