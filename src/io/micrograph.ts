/**
 * The image containers of nanocryst: a plain calibrated grey image, and the micrograph a reader returns
 * (the grey image plus what the file said about it). Row = y, column = x; pixel (row j, column i) is
 * `data[j * width + i]` and samples x = i·pixelSizeNm.x, y = j·pixelSizeNm.y (physics.md §2).
 */

/** Pixel size per axis [nm]; x along columns, y along rows (they may differ). */
export interface PixelSizeNm {
  x: number;
  y: number;
}

/** A 2-D grey image in float32 with an optional calibration. */
export interface GreyImage {
  /** Pixel values, row-major (`data[row * width + column]`), `width × height` long. */
  data: Float32Array;
  /** Columns (x) [px]. */
  width: number;
  /** Rows (y) [px]. */
  height: number;
  /** Pixel size [nm]; null or absent when unknown. */
  pixelSizeNm?: PixelSizeNm | null;
}

/** What a file holds, as recognised by its reader (design.md `info`). */
export type MicrographKind = "image" | "stack" | "spectrum" | "diffraction" | "other";

/**
 * The data type as stored in the file, before conversion to float32. `rgb`/`rgba` are colour pixels read
 * as grey (luminance); `packed-complex64` is Gatan's half-plane FFT storage, read as the amplitude.
 */
export type StoredDtype =
  | "bool"
  | "int8"
  | "uint8"
  | "int16"
  | "uint16"
  | "int32"
  | "uint32"
  | "int64"
  | "uint64"
  | "float16"
  | "float32"
  | "float64"
  | "complex64"
  | "complex128"
  | "packed-complex64"
  | "rgb"
  | "rgba"
  | "rgb48";

/** File formats `readMicrograph` recognises. */
export type MicrographFormat =
  | "dm3"
  | "dm4"
  | "tiff"
  | "mrc"
  | "ser"
  | "emd-velox"
  | "emd-berkeley"
  | "hspy"
  | "png"
  | "jpeg"
  | "npy";

/** The metadata users look for, normalised; each field only when the file states it. */
export interface MicrographMetadata {
  /** Accelerating voltage [kV]. */
  voltageKv?: number;
  /** Indicated magnification (×). */
  magnification?: number;
  /** Exposure time [s]. */
  exposureS?: number;
  /** Microscope or instrument name. */
  instrument?: string;
  /** Acquisition date and time as stated by the file (ISO 8601 when it could be normalised). */
  acquisitionDate?: string;
  /** The calibration unit as written in the file (e.g. "µm", "Å", "1/nm"). */
  pixelUnit?: string;
  /** Reciprocal-space pixel size for diffraction patterns and FFTs [1/nm]. */
  reciprocalPixelSizePerNm?: { x: number; y: number };
  /** Where the pixel size came from: the file, the user's `--pixel-size`, or nowhere. */
  pixelSizeSource?: "file" | "option";
}

/** Where the micrograph was read from. */
export interface MicrographSource {
  /** The path as given. */
  path: string;
  format: MicrographFormat;
  /** Which frame of a stack this is (0-based); 0 for single images. */
  frame: number;
}

/** A micrograph as read from a file: the grey image plus its provenance and metadata. */
export interface Micrograph extends GreyImage {
  /** Data type as stored in the file. */
  dtype: StoredDtype;
  kind: MicrographKind;
  /** Frames in the file's data set (1 for a single image; a stack holds more). */
  frames: number;
  source: MicrographSource;
  metadata: MicrographMetadata;
  /** The file's own tag tree or header fields, as plain JSON-able values, for the curious. */
  originalMetadata: Record<string, unknown>;
}
