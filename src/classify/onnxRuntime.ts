/**
 * ONNX Runtime (`onnxruntime-node`, an optional dependency whose CPU kernels ship in its npm package), loaded
 * lazily; when it cannot be loaded (not installed, unsupported platform) callers fall back to jax-js.
 */
import { availableParallelism } from "node:os";

/** A loaded model that runs float32 inputs. */
export interface OnnxRuntimeSession {
  /** Runs the model on inputs given as (data, dims) by name; returns every output's data by name. */
  run(feeds: Record<string, [Float32Array, number[]]>): Promise<Record<string, Float32Array>>;
  release(): void;
}

interface OrtSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: Float32Array }>>;
  release(): Promise<void>;
}
interface OrtModule {
  Tensor: new (type: "float32", data: Float32Array, dims: number[]) => unknown;
  InferenceSession: {
    create(
      model: Uint8Array,
      options: {
        intraOpNumThreads: number;
        interOpNumThreads: number;
        extra?: { session: { intra_op: { allow_spinning: "0" | "1" } } };
      },
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

/**
 * A session on all cores for the ONNX model that `buildModel` serialises (called only when ONNX Runtime
 * loads), or null when ONNX Runtime is not available. Its threads sleep instead of spinning between runs:
 * spinning took the cores from the input-preparation workers (preparePool.ts), and `classify` of 1,508
 * particles was 10 % faster without it (no slower without the workers).
 */
export async function onnxRuntimeSession(buildModel: () => Uint8Array): Promise<OnnxRuntimeSession | null> {
  const ort = await loadOrt();
  if (!ort) return null;
  const session = await ort.InferenceSession.create(buildModel(), {
    intraOpNumThreads: availableParallelism(),
    interOpNumThreads: 1,
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  });
  return {
    async run(feeds) {
      const tensors = Object.fromEntries(
        Object.entries(feeds).map(([name, [data, dims]]) => [name, new ort.Tensor("float32", data, dims)]),
      );
      const out = await session.run(tensors);
      return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, t.data]));
    },
    release() {
      void session.release();
    },
  };
}
