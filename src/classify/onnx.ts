import type { Architecture } from "./architecture.js";
import type { WeightMap } from "./weights.js";

/**
 * Exports a network to ONNX (opset 13, NCHW), so any ONNX runtime can run the same weights: inputs
 * `image` [N, 1, crop, crop] and `spectrum` [N, 1, spec, spec], output `probabilities` [N, classes].
 * The protobuf is written by hand (a few message types of onnx.proto, proto2 encoding).
 */
export function exportOnnx(arch: Architecture, weights: WeightMap): Uint8Array {
  const nodes: Uint8Array[] = [];
  const initializers: Uint8Array[] = [];
  const node = (op: string, inputs: string[], outputs: string[], attributes: Uint8Array[] = []) =>
    nodes.push(
      message([
        ...inputs.map((s) => str(1, s)),
        ...outputs.map((s) => str(2, s)),
        str(3, outputs[0]),
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
  const branch = (prefix: string, input: string, cin0: number, channels: number[]) => {
    let x = input;
    let cin = cin0;
    channels.forEach((cout, l) => {
      const w = weights[`${prefix}.${l}.w`].data;
      const kernel = new Float32Array(cout * cin * 9);
      for (let dy = 0; dy < 3; dy++)
        for (let dx = 0; dx < 3; dx++)
          for (let c = 0; c < cin; c++)
            for (let o = 0; o < cout; o++)
              kernel[((o * cin + c) * 3 + dy) * 3 + dx] = w[((dy * 3 + dx) * cin + c) * cout + o];
      tensor(`${prefix}.${l}.W`, [cout, cin, 3, 3], kernel);
      tensor(`${prefix}.${l}.B`, [cout], weights[`${prefix}.${l}.b`].data);
      node(
        "Conv",
        [x, `${prefix}.${l}.W`, `${prefix}.${l}.B`],
        [`${prefix}.${l}.conv`],
        [intsAttr("kernel_shape", [3, 3]), intsAttr("pads", [1, 1, 1, 1])],
      );
      node("Relu", [`${prefix}.${l}.conv`], [`${prefix}.${l}.relu`]);
      x = `${prefix}.${l}.relu`;
      if (l < channels.length - 1) {
        node(
          "MaxPool",
          [x],
          [`${prefix}.${l}.pool`],
          [intsAttr("kernel_shape", [2, 2]), intsAttr("strides", [2, 2])],
        );
        x = `${prefix}.${l}.pool`;
      }
      cin = cout;
    });
    node("GlobalAveragePool", [x], [`${prefix}.gap`]);
    node("GlobalMaxPool", [x], [`${prefix}.gmp`]);
    node("Concat", [`${prefix}.gap`, `${prefix}.gmp`], [`${prefix}.pooled`], [intAttr("axis", 1)]);
    node("Flatten", [`${prefix}.pooled`], [`${prefix}.features`], [intAttr("axis", 1)]);
    return `${prefix}.features`;
  };
  const stem = (input: string, block: number) => {
    if (block === 1) return input;
    node("SpaceToDepth", [input], [`${input}.s2d`], [intAttr("blocksize", block)]);
    return `${input}.s2d`;
  };
  const a = branch("image", stem("image", arch.imageStemPx), arch.imageStemPx ** 2, arch.imageChannels);
  const b = branch(
    "spectrum",
    stem("spectrum", arch.spectrumStemPx),
    arch.spectrumStemPx ** 2,
    arch.spectrumChannels,
  );
  node("Concat", [a, b], ["features"], [intAttr("axis", 1)]);
  tensor("dense.W", weights["dense.w"].shape, weights["dense.w"].data);
  tensor("dense.B", weights["dense.b"].shape, weights["dense.b"].data);
  node("Gemm", ["features", "dense.W", "dense.B"], ["logits"]);
  node("Softmax", ["logits"], ["probabilities"], [intAttr("axis", 1)]);
  const graph = message([
    ...nodes.map((n) => bytes(1, n)),
    str(2, "nanocryst"),
    ...initializers.map((t) => bytes(5, t)),
    bytes(11, valueInfo("image", ["N", 1, arch.cropPx, arch.cropPx])),
    bytes(11, valueInfo("spectrum", ["N", 1, arch.spectrumPx, arch.spectrumPx])),
    bytes(12, valueInfo("probabilities", ["N", arch.classes])),
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

function message(fields: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(fields.reduce((s, f) => s + f.length, 0));
  let offset = 0;
  for (const f of fields) {
    out.set(f, offset);
    offset += f.length;
  }
  return out;
}
