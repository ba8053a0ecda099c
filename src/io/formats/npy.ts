import { ByteReader, checkFrameFits, latin1 } from "../binary.js";
import type { Micrograph, MicrographKind, StoredDtype } from "../micrograph.js";
import { decodeSamples, sampleBytes } from "../samples.js";
import { type FormatReadOptions, frameIndex } from "./readerTypes.js";

/** `\x93NUMPY`, the first six bytes of every NPY file. */
export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** NumPy type codes (kind + bytes) → stored type; complex arrays are read as their amplitude. */
const NPY_TYPES: Record<string, Exclude<StoredDtype, "packed-complex64" | "rgb" | "rgba" | "rgb48">> = {
  b1: "bool",
  i1: "int8",
  u1: "uint8",
  i2: "int16",
  u2: "uint16",
  i4: "int32",
  u4: "uint32",
  i8: "int64",
  u8: "uint64",
  f2: "float16",
  f4: "float32",
  f8: "float64",
  c8: "complex64",
  c16: "complex128",
};

/** The header dictionary: `{'descr': '<f4', 'fortran_order': False, 'shape': (256, 256), }`. */
interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

function parseHeader(text: string, r: ByteReader): NpyHeader {
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined) {
    throw r.error(
      /['"]descr['"]\s*:\s*\[/.test(text)
        ? "NPY array of records (a structured dtype), not an image: save one numeric field"
        : "NPY header has no 'descr' (data type)",
    );
  }
  if (fortran === undefined || shape === undefined)
    throw r.error("NPY header lacks 'fortran_order' or 'shape'");
  const dims = shape
    .split(",")
    .map((s) => s.trim().replace(/L$/, ""))
    .filter((s) => s.length > 0)
    .map(Number);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw r.error(`NPY shape (${shape}) is not valid`);
  return { descr, fortranOrder: fortran === "True", shape: dims };
}

function sampleType(
  descr: string,
  r: ByteReader,
): { type: (typeof NPY_TYPES)[string]; littleEndian: boolean } {
  const order = descr[0];
  const code = "<>|=".includes(order) ? descr.slice(1) : descr;
  const type = NPY_TYPES[code];
  if (!type) {
    throw r.error(
      code.startsWith("O")
        ? "NPY array of Python objects (dtype=object): save a numeric array"
        : `NPY data type '${descr}' is not supported (bool, integers, float16/32/64 and complex are)`,
    );
  }
  return { type, littleEndian: order !== ">" };
}

/** What the shape makes of the array: frames of height × width, and the kind it is. */
function layout(
  shape: number[],
  r: ByteReader,
): { frames: number; height: number; width: number; kind: MicrographKind } {
  switch (shape.length) {
    case 0:
      throw r.error("NPY file holds a single number, not an image");
    case 1:
      return { frames: 1, height: 1, width: shape[0], kind: "spectrum" };
    case 2:
      return { frames: 1, height: shape[0], width: shape[1], kind: "image" };
    case 3:
      if ((shape[2] === 3 || shape[2] === 4) && shape[0] > 4 && shape[1] > 4)
        throw r.error(
          `NPY array of shape (${shape.join(", ")}) holds colour pixels: save one grey image (e.g. the mean over the last axis)`,
        );
      return { frames: shape[0], height: shape[1], width: shape[2], kind: shape[0] > 1 ? "stack" : "image" };
    default: {
      const [height, width] = shape.slice(-2);
      return { frames: shape.slice(0, -2).reduce((a, b) => a * b, 1), height, width, kind: "other" };
    }
  }
}

/**
 * Reads a NumPy `.npy` array (format versions 1–3, as `numpy.save` writes them): what Python simulators and
 * scripts hand on (abTEM or ASE arrays written with `numpy.save`). A 2-D array is an image (rows × columns), a 3-D one a
 * stack of images along its first axis, in C or Fortran order and either byte order. The format carries no
 * calibration, so the pixel size comes from `--pixel-size`.
 */
export function readNpy(bytes: Uint8Array, path: string, options: FormatReadOptions): Micrograph {
  const r = new ByteReader(bytes, path, "NPY");
  r.need(10, "header");
  const major = bytes[6];
  if (major < 1 || major > 3)
    throw r.error(`NPY format version ${major}.${bytes[7]} is not supported (1–3 are)`);
  // version 1 gives the header length in 2 bytes, versions 2 and 3 in 4
  r.pos = major === 1 ? 10 : 12;
  r.need(0, "header length");
  const headerBytes = major === 1 ? r.view.getUint16(8, true) : r.view.getUint32(8, true);
  const dataOffset = r.pos + headerBytes;
  r.need(headerBytes, "header");
  const header = parseHeader(latin1(bytes, r.pos, headerBytes), r);
  const { type, littleEndian } = sampleType(header.descr, r);
  const { frames, height, width, kind } = layout(header.shape, r);
  const size = sampleBytes(type);
  checkFrameFits(r, width, height, frames, size, dataOffset);
  const frame = frameIndex(frames, options, r.error.bind(r));
  const n = width * height;
  let data: Float32Array;
  if (!header.fortranOrder || header.shape.length < 2) {
    data = decodeSamples(bytes, dataOffset + frame * n * size, n, type, littleEndian);
  } else {
    // Fortran order: the first index runs fastest, so pixel (row, col) of frame k is at k + frames·(row + height·col);
    // one column of every frame is contiguous, decoded at a time so a long stack is never decoded whole
    const column = new Float32Array(frames * height);
    data = new Float32Array(n);
    for (let col = 0; col < width; col++) {
      decodeSamples(
        bytes,
        dataOffset + col * column.length * size,
        column.length,
        type,
        littleEndian,
        column,
      );
      for (let row = 0; row < height; row++) data[row * width + col] = column[frame + frames * row];
    }
  }
  return {
    data,
    width,
    height,
    pixelSizeNm: null,
    dtype: type,
    kind,
    frames,
    source: { path, format: "npy", frame },
    metadata: {},
    originalMetadata: { version: `${major}.${bytes[7]}`, ...header },
  };
}
