import FFT from "fft.js";

/**
 * Two-dimensional complex FFTs on interleaved (re, im) `Float64Array`s in row-major order
 * (row = y, column = x). Sizes must be powers of two. Plans and scratch rows are cached per size.
 *
 * Normalisation: the forward transform is unnormalised, the inverse divides by width·height,
 * so `inverse(forward(a)) = a`.
 */
export class Fft2d {
  readonly width: number;
  readonly height: number;
  private readonly rowFft: FFT;
  private readonly colFft: FFT;
  private readonly colIn: Float64Array;
  private readonly colOut: Float64Array;
  private readonly rowOut: Float64Array;

  /** @param width columns (power of two) @param height rows (power of two) */
  constructor(width: number, height: number) {
    if (!isPowerOfTwo(width) || !isPowerOfTwo(height)) {
      throw new RangeError(`FFT size must be a power of two, got ${width} × ${height}`);
    }
    this.width = width;
    this.height = height;
    this.rowFft = new FFT(width);
    this.colFft = height === width ? this.rowFft : new FFT(height);
    this.colIn = new Float64Array(2 * height);
    this.colOut = new Float64Array(2 * height);
    this.rowOut = new Float64Array(2 * width);
  }

  /** In-place forward transform, exp(−2πi k·x) kernel. */
  forward(data: Float64Array): void {
    this.transform(data, false);
  }

  /** In-place inverse transform, divided by width·height. */
  inverse(data: Float64Array): void {
    this.transform(data, true);
    const scale = 1 / (this.width * this.height);
    for (let i = 0; i < data.length; i++) data[i] *= scale;
  }

  private transform(data: Float64Array, inverse: boolean): void {
    const { width, height, rowOut, colIn, colOut } = this;
    if (data.length !== 2 * width * height) {
      throw new RangeError(`FFT buffer holds ${data.length / 2} values, expected ${width * height}`);
    }
    const rowFft = this.rowFft as unknown as RawFft;
    const colFft = this.colFft as unknown as RawFft;
    for (let y = 0; y < height; y++) {
      const row = data.subarray(2 * y * width, 2 * (y + 1) * width);
      if (inverse) rowFft.inverseTransform(rowOut, row);
      else rowFft.transform(rowOut, row);
      if (inverse) {
        // fft.js divides its inverse by n; undo it so scaling happens once, in inverse().
        for (let i = 0; i < rowOut.length; i++) row[i] = rowOut[i] * width;
      } else {
        row.set(rowOut);
      }
    }
    for (let x = 0; x < width; x++) {
      for (let y = 0; y < height; y++) {
        const src = 2 * (y * width + x);
        colIn[2 * y] = data[src];
        colIn[2 * y + 1] = data[src + 1];
      }
      if (inverse) colFft.inverseTransform(colOut, colIn);
      else colFft.transform(colOut, colIn);
      const scale = inverse ? height : 1;
      for (let y = 0; y < height; y++) {
        const dst = 2 * (y * width + x);
        data[dst] = colOut[2 * y] * scale;
        data[dst + 1] = colOut[2 * y + 1] * scale;
      }
    }
  }
}

interface RawFft {
  transform(out: Float64Array, input: Float64Array): void;
  inverseTransform(out: Float64Array, input: Float64Array): void;
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
