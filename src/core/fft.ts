/**
 * Two-dimensional complex FFTs on interleaved (re, im) `Float64Array`s in row-major order
 * (row = y, column = x). Sizes must be powers of two.
 *
 * Normalisation: the forward transform is unnormalised, the inverse divides by width·height,
 * so `inverse(forward(a)) = a`.
 *
 * Engine: a WebAssembly SIMD kernel (f64x2, full double precision; source wasm/fft.ts, shipped inside
 * ./fftKernel.ts), the scalar algorithm of ./fftScalar.ts with every complex value in one SIMD register —
 * 2.1× faster on 512² (bench/simulate.ts). WebAssembly code only reads its own memory, so each kernel instance owns a
 * `WebAssembly.Memory` holding one complex buffer and the plan tables. Buffers from `allocate()` live there and
 * are transformed in place; any other `Float64Array` is copied into a scratch instance and back (correct, but
 * the two copies cost about a fifth of a transform).
 */
import { FFT_KERNEL_BASE64 } from "./fftKernel.js";

type KernelTransform = (
  data: number,
  width: number,
  height: number,
  sign: number,
  scale: number,
  maxColumn: number,
  maxRow: number,
  twiddlesX: number,
  reversedX: number,
  twiddlesY: number,
  reversedY: number,
) => void;

/** One kernel instance: its memory, the complex buffer at byte 0, and the plan tables after it. */
interface KernelInstance {
  readonly data: Float64Array;
  readonly width: number;
  readonly height: number;
  readonly run: KernelTransform;
  readonly twiddlesX: number;
  readonly reversedX: number;
  readonly twiddlesY: number;
  readonly reversedY: number;
}

/** The parts of the WebAssembly JavaScript API used here (absent from the ES library this package compiles against). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const WASM_PAGE_BYTES = 65536;
let kernelModule: object | undefined;
/** Buffers handed out by `allocate()`, mapped to the instance whose memory holds them. */
const owners = new WeakMap<Float64Array, KernelInstance>();

export class Fft2d {
  readonly width: number;
  readonly height: number;
  private scratch: KernelInstance | undefined;

  /** @param width columns (power of two) @param height rows (power of two) */
  constructor(width: number, height: number) {
    if (!isPowerOfTwo(width) || !isPowerOfTwo(height)) {
      throw new RangeError(`FFT size must be a power of two, got ${width} × ${height}`);
    }
    this.width = width;
    this.height = height;
  }

  /**
   * A zeroed complex buffer of width·height values (2·width·height doubles) that this and any other `Fft2d` of
   * the same size transforms in place without copying. Use it for buffers transformed repeatedly.
   */
  allocate(): Float64Array {
    const instance = instantiate(this.width, this.height);
    owners.set(instance.data, instance);
    return instance.data;
  }

  /**
   * In-place forward transform, exp(−2πi k·x) kernel.
   * @param maxRowIndex when given, only output rows with |ky index| ≤ maxRowIndex are computed and the others
   *   are set to 0 (for results that are band-limited next anyway; saves their row transforms)
   */
  forward(data: Float64Array, maxRowIndex = this.height): void {
    this.transform(data, -1, 1, this.width, maxRowIndex);
  }

  /**
   * In-place inverse transform, divided by width·height.
   * @param maxColumnIndex when given, the input is known to be 0 in every column with |kx index| > maxColumnIndex
   *   (band-limited data), and those columns are skipped in the first pass
   */
  inverse(data: Float64Array, maxColumnIndex = this.width): void {
    this.transform(data, 1, 1 / (this.width * this.height), maxColumnIndex, this.height);
  }

  private transform(
    data: Float64Array,
    sign: number,
    scale: number,
    maxColumn: number,
    maxRow: number,
  ): void {
    const { width, height } = this;
    if (data.length !== 2 * width * height) {
      throw new RangeError(`FFT buffer holds ${data.length / 2} values, expected ${width * height}`);
    }
    const owner = owners.get(data);
    const own = owner !== undefined && owner.width === width && owner.height === height;
    let instance: KernelInstance;
    if (own) instance = owner;
    else {
      this.scratch ??= instantiate(width, height);
      instance = this.scratch;
      instance.data.set(data);
    }
    const { twiddlesX, reversedX, twiddlesY, reversedY } = instance;
    instance.run(
      0,
      width,
      height,
      sign,
      scale,
      maxColumn,
      maxRow,
      twiddlesX,
      reversedX,
      twiddlesY,
      reversedY,
    );
    if (!own) data.set(instance.data);
  }
}

/** A kernel instance with its own memory for one width × height buffer and both axes' plans. */
function instantiate(width: number, height: number): KernelInstance {
  kernelModule ??= new wasm.Module(Buffer.from(FFT_KERNEL_BASE64, "base64"));
  // Layout [bytes]: data (16·w·h), twiddles x (16·w/2), bit reversal x (4·w), the same for y; all 16-aligned.
  const dataBytes = 16 * width * height;
  const tableBytes = (n: number) => 16 * Math.max(1, n / 2) + 16 * Math.ceil(n / 4);
  const twiddlesX = dataBytes;
  const reversedX = twiddlesX + 16 * Math.max(1, width / 2);
  const twiddlesY = twiddlesX + tableBytes(width);
  const reversedY = twiddlesY + 16 * Math.max(1, height / 2);
  const totalBytes = twiddlesY + tableBytes(height);
  const memory = new wasm.Memory({ initial: Math.ceil(totalBytes / WASM_PAGE_BYTES) });
  writePlan(memory.buffer, twiddlesX, reversedX, width);
  writePlan(memory.buffer, twiddlesY, reversedY, height);
  const instance = new wasm.Instance(kernelModule, { env: { memory } });
  return {
    data: new Float64Array(memory.buffer, 0, 2 * width * height),
    width,
    height,
    run: instance.exports.transform as KernelTransform,
    twiddlesX,
    reversedX,
    twiddlesY,
    reversedY,
  };
}

/** Writes (cos 2πk/n, sin 2πk/n) for k < n/2 at `twiddles` and the bit-reversal permutation at `reversed`. */
function writePlan(buffer: ArrayBuffer, twiddles: number, reversed: number, n: number): void {
  const table = new Float64Array(buffer, twiddles, 2 * Math.max(1, n / 2));
  for (let k = 0; k < n / 2; k++) {
    table[2 * k] = Math.cos((2 * Math.PI * k) / n);
    table[2 * k + 1] = Math.sin((2 * Math.PI * k) / n);
  }
  const order = new Uint32Array(buffer, reversed, n);
  const bits = Math.round(Math.log2(n));
  for (let i = 0; i < n; i++) {
    let x = i;
    let y = 0;
    for (let b = 0; b < bits; b++) {
      y = (y << 1) | (x & 1);
      x >>= 1;
    }
    order[i] = y;
  }
}

/** True for 1, 2, 4, 8, ... */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
}

/**
 * Spatial frequency of FFT bin `index` along an axis of `n` samples spaced `spacing` apart
 * (in 1/unit of spacing, no 2π), with the usual wrap: bins ≥ n/2 are negative.
 */
export function fftFrequency(index: number, n: number, spacing: number): number {
  const k = index < n / 2 ? index : index - n;
  return k / (n * spacing);
}
