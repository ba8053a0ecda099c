/**
 * Reuse of large work arrays between images on one thread. Touching freshly allocated memory is slow (the
 * kernel maps and zeroes every page on first use: measured 14 ms for a new 4 MB array against 0.1 ms to
 * overwrite a resident one on the 2-core development machine), and one image needs ~100 MB of complex grids
 * (lens transfers, cached support slices), so a worker that simulates image after image keeps them.
 */

/** Float64Arrays by length, handed out again after being given back. */
export class ArrayPool {
  private readonly free = new Map<number, Float64Array[]>();

  /** An array of `length` doubles with arbitrary contents (a reused one when available). */
  take(length: number): Float64Array {
    return this.free.get(length)?.pop() ?? new Float64Array(length);
  }

  /** An array of `length` zeros. */
  takeZeroed(length: number): Float64Array {
    const reused = this.free.get(length)?.pop();
    return reused ? reused.fill(0) : new Float64Array(length);
  }

  /** Returns arrays for reuse. */
  give(...arrays: Float64Array[]): void {
    for (const array of arrays) {
      const free = this.free.get(array.length);
      if (free) free.push(array);
      else this.free.set(array.length, [array]);
    }
  }
}
