/**
 * Image containers used inside `segment/`: plain typed arrays plus their size, rows first
 * (pixel (row j, column i) at index j·width + i, physics.md §2).
 */

/** A binary image: 1 = foreground (particle), 0 = background. */
export interface BinaryImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** An instance image: 0 = background, k = region k (1 … count). */
export interface LabelImage {
  readonly labels: Int32Array;
  readonly width: number;
  readonly height: number;
  /** Number of regions; labels run from 1 to `count`. */
  readonly count: number;
}

/** A grey image for the detectors (the io layer's `GreyImage` satisfies this shape). */
export interface FloatImage {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}
