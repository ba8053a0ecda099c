import { type Architecture, branchLayers, latticeChannels, latticeGridPx } from "./architecture.js";
import { intAttr, intsAttr, OnnxGraph } from "./onnxGraph.js";
import type { WeightMap } from "./weights.js";

/**
 * Exports a network to ONNX (opset 13, NCHW), so any ONNX runtime can run the same weights: inputs
 * `image` [N, 1, crop, crop], `spectrum` [N, 1, spec, spec] and, when the architecture has lattice-fringe
 * maps, `lattice` [N, K, grid, grid] (2K with their phase maps); output `probabilities` [N, classes].
 */
export function exportOnnx(arch: Architecture, weights: WeightMap): Uint8Array {
  const g = new OnnxGraph();
  const node = g.node.bind(g);
  const tensor = g.tensor.bind(g);
  const branch = (prefix: string, input: string, cin0: number, channels: number[]) => {
    let x = input;
    let cin = cin0;
    branchLayers(channels, arch.convsPerStage).forEach(({ channels: cout, poolAfter }, l) => {
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
      if (poolAfter) {
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
  const grid = latticeGridPx(arch);
  let imageStem = stem("image", arch.imageStemPx);
  if (arch.latticeMaps > 0) {
    node("Concat", [imageStem, "lattice"], ["image.stem"], [intAttr("axis", 1)]);
    imageStem = "image.stem";
  }
  const a = branch("image", imageStem, arch.imageStemPx ** 2 + latticeChannels(arch), arch.imageChannels);
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
  return g.serialise(
    "nanocryst",
    [
      ["image", ["N", 1, arch.cropPx, arch.cropPx]],
      ["spectrum", ["N", 1, arch.spectrumPx, arch.spectrumPx]],
      ...(arch.latticeMaps > 0
        ? [["lattice", ["N", latticeChannels(arch), grid, grid]] as [string, (number | string)[]]]
        : []),
    ],
    [["probabilities", ["N", arch.classes]]],
  );
}
