/**
 * Inference through ONNX Runtime (`onnxruntime-node`, CPU kernels shipped in its npm package): the same
 * weights exported by {@link exportOnnx}, ≈ 10× faster than the jax-js Wasm engine for inference on this
 * project's 2-core machine (bench/classify.ts). Loaded lazily; when the package cannot be loaded (not
 * installed, unsupported platform) the caller falls back to the jax-js engine.
 */
import { type Architecture, latticeChannels, latticeGridPx } from "./architecture.js";
import type { InputBatch } from "./engine.js";
import { exportOnnx } from "./onnx.js";
import { onnxRuntimeSession } from "./onnxRuntime.js";
import type { WeightMap } from "./weights.js";

/**
 * Particles per ONNX Runtime call: bounds the activations held at once (the first convolution's output is
 * 96 kB a particle) whatever the caller hands over, e.g. a whole validation split.
 */
const RUN_PARTICLES = 256;

/** What classify needs from an engine at inference time. */
export interface InferenceEngine {
  readonly arch: Architecture;
  /** "onnxruntime" or "jax-js". */
  readonly name: string;
  /** Class probabilities, `count × classes` row-major. */
  predict(batch: InputBatch): Promise<Float32Array>;
  dispose(): void;
}

/** An ONNX Runtime engine for `arch` with `weights`, or null when ONNX Runtime is not available. */
export async function createOnnxEngine(
  arch: Architecture,
  weights: WeightMap,
): Promise<InferenceEngine | null> {
  const session = await onnxRuntimeSession(() => exportOnnx(arch, weights));
  if (!session) return null;
  return {
    arch,
    name: "onnxruntime",
    async predict(batch: InputBatch): Promise<Float32Array> {
      const { cropPx, spectrumPx, classes } = arch;
      const grid = latticeGridPx(arch);
      const maps = latticeChannels(arch);
      const mapSize = maps * grid * grid;
      const out = new Float32Array(batch.count * classes);
      for (let start = 0; start < batch.count; start += RUN_PARTICLES) {
        const n = Math.min(RUN_PARTICLES, batch.count - start);
        const part = (data: Float32Array, size: number) => data.subarray(start * size, (start + n) * size);
        const result = await session.run({
          image: [part(batch.images, cropPx * cropPx), [n, 1, cropPx, cropPx]],
          spectrum: [part(batch.spectra, spectrumPx * spectrumPx), [n, 1, spectrumPx, spectrumPx]],
          ...(maps > 0 ? { lattice: [part(batch.lattice, mapSize), [n, maps, grid, grid]] } : {}),
        });
        out.set(result.probabilities.subarray(0, n * classes), start * classes);
      }
      return out;
    },
    dispose: () => session.release(),
  };
}
