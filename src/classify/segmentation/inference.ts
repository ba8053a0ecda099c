/**
 * Inference engines of the segmentation network: ONNX Runtime (`onnxruntime-node`, optional dependency;
 * native convolutions, many times faster than jax-js for whole micrographs) when it loads, else the jax-js
 * network. Both see the same weights and return the same probabilities to rounding.
 */
import { type OnnxRuntimeSession, onnxRuntimeSession } from "../onnxRuntime.js";
import type { WeightMap } from "../weights.js";
import type { SegmentationArchitecture } from "./architecture.js";
import { SegmentationNetwork } from "./network.js";
import { exportSegmentationOnnx } from "./onnx.js";

/** Which engine runs inference: `auto` = ONNX Runtime when available, else jax-js. */
export type SegmentationEngineChoice = "auto" | "onnxruntime" | "jax-js";

/** Predicts square channels-last tiles. */
export interface SegmentationInference {
  readonly arch: SegmentationArchitecture;
  /** "onnxruntime" or "jax-js". */
  readonly name: string;
  /** Tile side this engine works best with [input px]. */
  readonly tilePx: number;
  /** Tiles per call: jax-js compiles one function per shape, so it always gets the same count. */
  readonly tileBatch: number;
  /** Particle probabilities `[count, side, side]` of inputs `[count, side, side, channels]`. */
  predictTiles(inputs: Float32Array, count: number, side: number): Promise<Float32Array>;
  dispose(): void;
}

/** An inference engine for the weights (ONNX Runtime if available and allowed, else jax-js). */
export async function createSegmentationInference(
  arch: SegmentationArchitecture,
  weights: WeightMap,
  choice: SegmentationEngineChoice = "auto",
): Promise<SegmentationInference> {
  const session =
    choice === "jax-js" ? null : await onnxRuntimeSession(() => exportSegmentationOnnx(arch, weights));
  if (session) return onnxInference(session, arch);
  if (choice === "onnxruntime") throw new Error("onnxruntime-node is not available on this machine");
  const network = await SegmentationNetwork.create(arch, weights);
  return {
    arch,
    name: "jax-js",
    tilePx: 320,
    tileBatch: 2,
    predictTiles: (inputs, count, side) => network.predict({ inputs, count, side }),
    dispose: () => network.dispose(),
  };
}

function onnxInference(session: OnnxRuntimeSession, arch: SegmentationArchitecture): SegmentationInference {
  const channels = arch.inputChannels;
  return {
    arch,
    name: "onnxruntime",
    tilePx: 512,
    tileBatch: 1,
    async predictTiles(inputs: Float32Array, count: number, side: number): Promise<Float32Array> {
      // channels-last → channels-first
      const plane = side * side;
      const nchw = new Float32Array(count * channels * plane);
      for (let n = 0; n < count; n++)
        for (let p = 0; p < plane; p++)
          for (let c = 0; c < channels; c++)
            nchw[(n * channels + c) * plane + p] = inputs[(n * plane + p) * channels + c];
      const out = await session.run({ input: [nchw, [count, channels, side, side]] });
      return Float32Array.from(out.probability);
    },
    dispose: () => session.release(),
  };
}
