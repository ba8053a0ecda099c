/**
 * Two-dimensional complex FFTs on interleaved (re, im) `Float64Array`s in row-major order
 * (row = y, column = x). Sizes must be powers of two.
 *
 * Normalisation: the forward transform is unnormalised, the inverse divides by width·height,
 * so `inverse(forward(a)) = a`.
 *
 * Engine: a WebAssembly SIMD kernel (f64x2, full double precision; source wasm/fft.ts, shipped inside
 * ./fftKernel.ts) running the scalar algorithm of ./fftScalar.ts with every complex value in one SIMD register;
 * results are bit-identical to it and it is about 2.3× faster (bench/simulate.ts). WebAssembly code only reads
 * its own memory, so each kernel instance owns a `WebAssembly.Memory` holding a group of complex buffers and the
 * plan tables. Buffers from `allocate()`/`allocateGroup()` live there and are transformed in place; any other
 * `Float64Array` is copied into a scratch instance and back (correct, but the copies cost about a fifth of a
 * transform). A transform can first multiply its input pointwise by a `factor` (e.g. a transmission function or
 * a propagator): fused into the kernel's first pass when the factor is in the same group, else done in
 * JavaScript beforehand.
 */
import { FFT_KERNEL_BASE64 } from "./fftKernel.js";
import { compileWasm, instantiateWasm, type WasmModule, wasmMemory } from "./wasm.js";

type KernelTransform = (
  data: number,
  width: number,
  height: number,
  scale: number,
  maxColumn: number,
  maxRow: number,
  stagesX: number,
  reversedX: number,
  stagesY: number,
  reversedY: number,
  factor: number,
) => void;

/** Byte offsets of one axis' tables in a kernel instance's memory. */
interface AxisTables {
  /** Stage twiddles of the forward (exp −2πi…) and inverse (exp +2πi…) transforms. */
  readonly forward: number;
  readonly inverse: number;
  readonly reversed: number;
}

/** One kernel instance: its memory's complex buffers (from byte 0 on) and the plan tables after them. */
interface KernelInstance {
  readonly buffers: Float64Array[];
  readonly width: number;
  readonly height: number;
  readonly run: KernelTransform;
  readonly x: AxisTables;
  readonly y: AxisTables;
}

let kernelModule: WasmModule | undefined;
/** Buffers handed out by `allocate()`/`allocateGroup()`, mapped to the instance whose memory holds them. */
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
    return this.allocateGroup(1)[0];
  }

  /**
   * `count` zeroed complex buffers like `allocate()`'s, in one memory, so that each can be the `factor` of a
   * transform of another without any copy.
   */
  allocateGroup(count: number): Float64Array[] {
    const instance = instantiate(this.width, this.height, count);
    for (const buffer of instance.buffers) owners.set(buffer, instance);
    return instance.buffers;
  }

  /**
   * In-place forward transform, exp(−2πi k·x) kernel.
   * @param maxRowIndex when given, only output rows with |ky index| ≤ maxRowIndex are computed and the others
   *   are set to 0 (for results that are band-limited next anyway; saves their row transforms)
   * @param factor when given, `data` is first multiplied by it pointwise (complex, same size)
   */
  forward(data: Float64Array, maxRowIndex = this.height, factor?: Float64Array): void {
    this.transform(data, -1, 1, this.width, maxRowIndex, factor);
  }

  /**
   * In-place inverse transform, divided by width·height.
   * @param maxColumnIndex when given, the input is known to be 0 in every column with |kx index| > maxColumnIndex
   *   (band-limited data; with a factor: the product is), and those columns are skipped in the first pass
   * @param factor when given, `data` is first multiplied by it pointwise (complex, same size); the product is
   *   taken as 0 in the columns beyond maxColumnIndex (e.g. a band-limited propagator)
   */
  inverse(data: Float64Array, maxColumnIndex = this.width, factor?: Float64Array): void {
    this.transform(data, 1, 1 / (this.width * this.height), maxColumnIndex, this.height, factor);
  }

  private transform(
    data: Float64Array,
    sign: number,
    scale: number,
    maxColumn: number,
    maxRow: number,
    factor: Float64Array | undefined,
  ): void {
    const { width, height } = this;
    if (data.length !== 2 * width * height || (factor && factor.length !== data.length)) {
      throw new RangeError(
        `FFT buffer holds ${(factor && factor.length !== data.length ? factor : data).length / 2} values, expected ${width * height}`,
      );
    }
    const owner = owners.get(data);
    const own = owner !== undefined && owner.width === width && owner.height === height;
    let instance: KernelInstance;
    if (own) instance = owner;
    else {
      this.scratch ??= instantiate(width, height, 1);
      instance = this.scratch;
      instance.buffers[0].set(data);
    }
    const buffer = own ? data : instance.buffers[0];
    let factorOffset = -1;
    if (factor && owners.get(factor) === instance) factorOffset = factor.byteOffset;
    else if (factor) multiplyPointwise(buffer, factor, 2 * maxColumn + 1 < width ? maxColumn : width, width);
    const { x, y } = instance;
    const stagesX = sign < 0 ? x.forward : x.inverse;
    const stagesY = sign < 0 ? y.forward : y.inverse;
    instance.run(
      buffer.byteOffset,
      width,
      height,
      scale,
      maxColumn,
      maxRow,
      stagesX,
      x.reversed,
      stagesY,
      y.reversed,
      factorOffset,
    );
    if (!own) data.set(buffer);
  }
}

/**
 * data ·= factor, complex pointwise (the same arithmetic as the kernel's fused product), and 0 in the columns
 * with |index| > maxColumn of rows `width` long.
 */
export function multiplyPointwise(
  data: Float64Array,
  factor: Float64Array,
  maxColumn: number,
  width: number,
): void {
  for (let n = 0; n < data.length; n += 2) {
    const column = (n >> 1) % width;
    if (column > maxColumn && column < width - maxColumn) {
      data[n] = 0;
      data[n + 1] = 0;
      continue;
    }
    const re = data[n];
    const im = data[n + 1];
    data[n] = re * factor[n] - im * factor[n + 1];
    data[n + 1] = im * factor[n] + re * factor[n + 1];
  }
}

/** A kernel instance with its own memory for `count` width × height buffers and both axes' plans. */
function instantiate(width: number, height: number, count: number): KernelInstance {
  kernelModule ??= compileWasm(FFT_KERNEL_BASE64);
  // Layout [bytes]: the buffers (16·w·h each), then per axis the forward and inverse stage tables and the bit
  // reversal.
  const bufferBytes = 16 * width * height;
  let end = count * bufferBytes;
  const reserve = (bytes: number) => {
    const at = end;
    end += 16 * Math.ceil(bytes / 16);
    return at;
  };
  const place = (n: number): AxisTables => ({
    forward: reserve(STAGE_BYTES * stageEntries(n)),
    inverse: reserve(STAGE_BYTES * stageEntries(n)),
    reversed: reserve(4 * n),
  });
  const x = place(width);
  const y = place(height);
  const memory = wasmMemory(end);
  for (const [axis, n] of [
    [x, width],
    [y, height],
  ] as const) {
    writeStages(memory.buffer, axis.forward, n, -1);
    writeStages(memory.buffer, axis.inverse, n, 1);
    writeBitReversal(memory.buffer, axis.reversed, n);
  }
  const exports = instantiateWasm(kernelModule, memory);
  return {
    buffers: Array.from(
      { length: count },
      (_, b) => new Float64Array(memory.buffer, b * bufferBytes, 2 * width * height),
    ),
    width,
    height,
    run: exports.transform as KernelTransform,
    x,
    y,
  };
}

/** Bytes per stage-table entry: six (re, im) vector pairs. */
const STAGE_BYTES = 96;

/** Entries of the stage table of length n: Σ h/2 over the radix-2² stages h = n/2, n/8, … ≥ 2. */
function stageEntries(n: number): number {
  let entries = 0;
  for (let h = n >> 1; h >= 2; h >>= 2) entries += h >> 1;
  return Math.max(1, entries);
}

/**
 * Writes the radix-2² stage twiddles of length n for the exp(sign·2πi…) kernel: for each stage h and k < h/2,
 * with w = W_{2h}^k, v = w·(sign·i) and u = W_h^k (W_m^j = cos 2πj/m + sign·i sin 2πj/m, the angles computed
 * exactly as the scalar FFT's tables index them), the vectors (wr, wr), (−wi, wi), (vr, vr), (−vi, vi),
 * (ur, ur), (−ui, ui) that multiply a complex value (re, im) as v·(wr, wr) + swap(v)·(−wi, wi).
 */
function writeStages(buffer: ArrayBuffer, at: number, n: number, sign: number): void {
  const table = new Float64Array(buffer, at, (STAGE_BYTES / 8) * stageEntries(n));
  const pair = (o: number, re: number, im: number) => {
    table[o] = re;
    table[o + 1] = re;
    table[o + 2] = -im;
    table[o + 3] = im;
  };
  let o = 0;
  for (let h = n >> 1; h >= 2; h >>= 2) {
    const step1 = n / (2 * h);
    const step2 = n / h;
    for (let k = 0; k < h >> 1; k++) {
      const wr = Math.cos((2 * Math.PI * (k * step1)) / n);
      const wi = sign * Math.sin((2 * Math.PI * (k * step1)) / n);
      pair(o, wr, wi);
      pair(o + 4, -sign * wi, sign * wr);
      pair(
        o + 8,
        Math.cos((2 * Math.PI * (k * step2)) / n),
        sign * Math.sin((2 * Math.PI * (k * step2)) / n),
      );
      o += STAGE_BYTES / 8;
    }
  }
}

/** Writes the bit-reversal permutation of length n (u32) at byte `at`. */
function writeBitReversal(buffer: ArrayBuffer, at: number, n: number): void {
  const order = new Uint32Array(buffer, at, n);
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
