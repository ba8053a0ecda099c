import { viewFloat32 } from "./fileBuffer.js";
import type { StoredDtype } from "./micrograph.js";

/** Sample types the decoders turn into float32. Colour and complex types become one grey value each. */
export type SampleType = Exclude<StoredDtype, "packed-complex64" | "rgb" | "rgb48"> | "bgra8";

/** Bytes per stored sample. */
export function sampleBytes(type: SampleType): number {
  switch (type) {
    case "bool":
    case "int8":
    case "uint8":
      return 1;
    case "int16":
    case "uint16":
    case "float16":
      return 2;
    case "int32":
    case "uint32":
    case "float32":
    case "bgra8":
    case "rgba":
      return 4;
    case "int64":
    case "uint64":
    case "float64":
    case "complex64":
      return 8;
    case "complex128":
      return 16;
  }
}

/** Types with a native typed array, viewed in place when the byte order matches the host's. */
const VIEWABLE = new Set<SampleType>([
  "bool",
  "uint8",
  "int8",
  "int16",
  "uint16",
  "int32",
  "uint32",
  "float32",
  "float64",
  "complex64",
  "complex128",
]);

const hostLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function aligned(bytes: Uint8Array, offset: number, n: number, size: number): ArrayBuffer {
  const start = bytes.byteOffset + offset;
  if (start % size === 0 && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice(offset, offset + n * size).buffer;
}

function float16(h: number): number {
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  const s = h & 0x8000 ? -1 : 1;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? Number.NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/**
 * Decodes `count` samples of `type` starting at byte `offset` into `out` (float32). Complex samples give
 * their amplitude |z|; colour samples their luminance (Rec. 601 weights). The caller has checked that the
 * bytes exist. Data in the host's byte order is read through typed arrays (no per-sample DataView); float32
 * data of a file read by `readFileOwned` is returned as a view into the file's buffer (no copy) unless
 * `into` is given.
 */
export function decodeSamples(
  bytes: Uint8Array,
  offset: number,
  count: number,
  type: SampleType,
  littleEndian: boolean,
  into?: Float32Array,
): Float32Array {
  const size = sampleBytes(type);
  if (!into && type === "float32" && littleEndian === hostLittleEndian) {
    const view = viewFloat32(bytes, offset, count);
    if (view) return view;
  }
  const out = into ?? new Float32Array(count);
  if (VIEWABLE.has(type) && (littleEndian === hostLittleEndian || size === 1)) {
    const buffer = aligned(bytes, offset, count, Math.min(size, 8));
    const at = buffer === bytes.buffer ? bytes.byteOffset + offset : 0;
    switch (type) {
      case "bool":
      case "uint8":
        out.set(new Uint8Array(buffer, at, count));
        return out;
      case "int8":
        out.set(new Int8Array(buffer, at, count));
        return out;
      case "int16":
        out.set(new Int16Array(buffer, at, count));
        return out;
      case "uint16":
        out.set(new Uint16Array(buffer, at, count));
        return out;
      case "int32":
        out.set(new Int32Array(buffer, at, count));
        return out;
      case "uint32":
        out.set(new Uint32Array(buffer, at, count));
        return out;
      case "float32":
        out.set(new Float32Array(buffer, at, count));
        return out;
      case "float64":
        out.set(new Float64Array(buffer, at, count));
        return out;
      case "complex64": {
        const c = new Float32Array(buffer, at, 2 * count);
        for (let i = 0; i < count; i++) out[i] = Math.hypot(c[2 * i], c[2 * i + 1]);
        return out;
      }
      case "complex128": {
        const c = new Float64Array(buffer, at, 2 * count);
        for (let i = 0; i < count; i++) out[i] = Math.hypot(c[2 * i], c[2 * i + 1]);
        return out;
      }
      default:
        break;
    }
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  const le = littleEndian;
  for (let i = 0, p = 0; i < count; i++, p += size) {
    switch (type) {
      case "bool":
      case "uint8":
        out[i] = view.getUint8(p);
        break;
      case "int8":
        out[i] = view.getInt8(p);
        break;
      case "int16":
        out[i] = view.getInt16(p, le);
        break;
      case "uint16":
        out[i] = view.getUint16(p, le);
        break;
      case "float16":
        out[i] = float16(view.getUint16(p, le));
        break;
      case "int32":
        out[i] = view.getInt32(p, le);
        break;
      case "uint32":
        out[i] = view.getUint32(p, le);
        break;
      case "float32":
        out[i] = view.getFloat32(p, le);
        break;
      case "float64":
        out[i] = view.getFloat64(p, le);
        break;
      case "int64":
        out[i] = Number(view.getBigInt64(p, le));
        break;
      case "uint64":
        out[i] = Number(view.getBigUint64(p, le));
        break;
      case "complex64":
        out[i] = Math.hypot(view.getFloat32(p, le), view.getFloat32(p + 4, le));
        break;
      case "complex128":
        out[i] = Math.hypot(view.getFloat64(p, le), view.getFloat64(p + 8, le));
        break;
      case "bgra8":
        out[i] = 0.114 * view.getUint8(p) + 0.587 * view.getUint8(p + 1) + 0.299 * view.getUint8(p + 2);
        break;
      case "rgba":
        out[i] = 0.299 * view.getUint8(p) + 0.587 * view.getUint8(p + 1) + 0.114 * view.getUint8(p + 2);
        break;
    }
  }
  return out;
}
