/**
 * The parts of the WebAssembly JavaScript API that nanocryst's kernels use (the ES library this package
 * compiles against does not declare them), and their loading from the base64 text the kernels ship as.
 */

/** A compiled module. */
export type WasmModule = object;

/** A linear memory (fixed size here: growing it would detach the views callers hold). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** Bytes per WebAssembly memory page. */
const WASM_PAGE_BYTES = 65536;

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Compiles a module from its base64 text (synchronously; kernels are a few kB). */
export function compileWasm(base64: string): WasmModule {
  return new wasm.Module(Buffer.from(base64, "base64"));
}

/** A zeroed memory of at least `bytes` bytes. */
export function wasmMemory(bytes: number): WasmMemory {
  return new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES)) });
}

/** Instantiates a kernel compiled with `--importMemory` on `memory`; returns its exports. */
export function instantiateWasm(module: WasmModule, memory: WasmMemory): Record<string, unknown> {
  return new wasm.Instance(module, { env: { memory } }).exports;
}
