/**
 * Inference through ONNX Runtime (`onnxruntime-node`, CPU kernels shipped in its npm package): the same
 * weights exported by {@link exportOnnx}, ≈ 10× faster than the jax-js Wasm engine for inference on this
 * project's 2-core machine (bench/classify.ts). Loaded lazily; when the package cannot be loaded (not
 * installed, unsupported platform) the caller falls back to the jax-js engine.
 */
import { availableParallelism } from "node:os";
import type { Architecture } from "./architecture.js";
import type { InputBatch } from "./engine.js";
import { exportOnnx } from "./onnx.js";
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

interface OrtTensor {
  data: Float32Array;
}
interface OrtSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface OrtModule {
  Tensor: new (type: "float32", data: Float32Array, dims: number[]) => unknown;
  InferenceSession: {
    create(
      model: Uint8Array,
      options: { intraOpNumThreads: number; interOpNumThreads: number },
    ): Promise<OrtSession>;
  };
}

let ortModule: Promise<OrtModule | null> | null = null;

function loadOrt(): Promise<OrtModule | null> {
  // a variable specifier keeps the package optional for the type checker and at run time
  const name = "onnxruntime-node";
  ortModule ??= import(name).then(
    (m) => (m.default ?? m) as OrtModule,
    () => null,
  );
  return ortModule;
}

/** An ONNX Runtime engine for `arch` with `weights`, or null when ONNX Runtime is not available. */
export async function createOnnxEngine(
  arch: Architecture,
  weights: WeightMap,
): Promise<InferenceEngine | null> {
  const ort = await loadOrt();
  if (!ort) return null;
  const session = await ort.InferenceSession.create(exportOnnx(arch, weights), {
    intraOpNumThreads: availableParallelism(),
    interOpNumThreads: 1,
  });
  return {
    arch,
    name: "onnxruntime",
    async predict(batch: InputBatch): Promise<Float32Array> {
      const n = batch.count;
      if (n === 0) return new Float32Array(0);
      const { cropPx, spectrumPx, classes } = arch;
      const out = await session.run({
        image: new ort.Tensor("float32", batch.images.subarray(0, n * cropPx * cropPx), [
          n,
          1,
          cropPx,
          cropPx,
        ]),
        spectrum: new ort.Tensor("float32", batch.spectra.subarray(0, n * spectrumPx * spectrumPx), [
          n,
          1,
          spectrumPx,
          spectrumPx,
        ]),
      });
      return Float32Array.from(out.probabilities.data.subarray(0, n * classes));
    },
    dispose() {
      void session.release();
    },
  };
}
