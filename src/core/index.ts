export { writeFileAtomic } from "./atomicWrite.js";
export { assertUnreachable, type ErrorKind, inputError, NanocrystError, usageError } from "./errors.js";
export { Fft2d, fftFrequency, isPowerOfTwo, multiplyPointwise } from "./fft.js";
export { ScalarFft2d } from "./fftScalar.js";
export { compiledModule, packagePath, packageRoot } from "./paths.js";
export { type WorkerChannel, workerChannel } from "./workerChannel.js";
export { Rng } from "./rng.js";
export { compileWasm, instantiateWasm, type WasmMemory, type WasmModule, wasmMemory } from "./wasm.js";
export { ANGSTROM_PER_NM, angstromToNm, mradToRad, nmToAngstrom, umToAngstrom } from "./units.js";
