/**
 * Inference through ONNX Runtime (`onnxruntime-node`, CPU kernels shipped in its npm package): the same
 * weights exported by {@link exportOnnx}, ≈ 10× faster than the jax-js Wasm engine for inference on this
 * project's 2-core machine (bench/classify.ts). Loaded lazily; when the package cannot be loaded (not
 * installed, unsupported platform) the caller falls back to the jax-js engine.
 */
import { type Architecture, latticeGridPx } from "./architecture.js";
import type { InputBatch } from "./engine.js";
import { exportOnnx } from "./onnx.js";
import { onnxRuntimeSession } from "./onnxRuntime.js";
import type { WeightMap } from "./weights.js";

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
      const n = batch.count;
      if (n === 0) return new Float32Array(0);
      const { cropPx, spectrumPx, classes, latticeMaps } = arch;
      const grid = latticeGridPx(arch);
      const out = await session.run({
        image: [batch.images.subarray(0, n * cropPx * cropPx), [n, 1, cropPx, cropPx]],
        spectrum: [batch.spectra.subarray(0, n * spectrumPx * spectrumPx), [n, 1, spectrumPx, spectrumPx]],
        ...(latticeMaps > 0
          ? {
              lattice: [
                batch.lattice.subarray(0, n * latticeMaps * grid * grid),
                [n, latticeMaps, grid, grid],
              ],
            }
          : {}),
      });
      return Float32Array.from(out.probabilities.subarray(0, n * classes));
    },
    dispose: () => session.release(),
  };
}
