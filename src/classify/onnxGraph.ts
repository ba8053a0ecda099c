/**
 * A minimal writer of ONNX models (opset 13, float32): the few message types of onnx.proto that the
 * exporters need, in proto2 wire encoding, written by hand so no protobuf dependency is needed.
 */
export class OnnxGraph {
  private readonly nodes: Uint8Array[] = [];
  private readonly initializers: Uint8Array[] = [];

  /** Adds a node `op(inputs) → outputs`; the node is named after its first output. */
  node(op: string, inputs: string[], outputs: string | string[], attributes: Uint8Array[] = []): void {
    const outs = typeof outputs === "string" ? [outputs] : outputs;
    this.nodes.push(
      message([
        ...inputs.map((s) => str(1, s)),
        ...outs.map((s) => str(2, s)),
        str(3, outs[0]),
        str(4, op),
        ...attributes.map((a) => bytes(5, a)),
      ]),
    );
  }

  /** Adds a float32 initializer (weights) of shape `dims`. */
  tensor(name: string, dims: number[], data: Float32Array): void {
    const raw = new Uint8Array(data.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i], true);
    this.initializers.push(
      message([...dims.map((d) => varintField(1, d)), varintField(2, 1), str(8, name), bytes(9, raw)]),
    );
  }

  /**
   * The serialised model. Shapes list numbers for fixed and names for free dimensions.
   * @param name graph name
   */
  serialise(
    name: string,
    inputs: [string, (number | string)[]][],
    outputs: [string, (number | string)[]][],
  ): Uint8Array {
    const graph = message([
      ...this.nodes.map((n) => bytes(1, n)),
      str(2, name),
      ...this.initializers.map((t) => bytes(5, t)),
      ...inputs.map(([n, dims]) => bytes(11, valueInfo(n, dims))),
      ...outputs.map(([n, dims]) => bytes(12, valueInfo(n, dims))),
    ]);
    return message([
      varintField(1, 8),
      str(2, "nanocryst"),
      bytes(7, graph),
      bytes(8, message([str(1, ""), varintField(2, 13)])),
    ]);
  }
}

/** An integer node attribute. */
export function intAttr(name: string, value: number): Uint8Array {
  return message([str(1, name), varintField(3, value), varintField(20, 2)]);
}

/** An integer-list node attribute. */
export function intsAttr(name: string, values: number[]): Uint8Array {
  return message([str(1, name), ...values.map((v) => varintField(8, v)), varintField(20, 7)]);
}

function valueInfo(name: string, dims: (number | string)[]): Uint8Array {
  const shape = message(
    dims.map((d) => bytes(1, typeof d === "number" ? message([varintField(1, d)]) : message([str(2, d)]))),
  );
  const tensorType = message([varintField(1, 1), bytes(2, shape)]);
  return message([str(1, name), bytes(2, message([bytes(1, tensorType)]))]);
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
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
