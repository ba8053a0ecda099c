import { extname } from "node:path";
import { NPY_MAGIC } from "./formats/npy.js";

/** Reader families, chosen from the file's first bytes (the extension only breaks ties for MRC). */
export type DetectedFormat = "dm" | "tiff" | "mrc" | "ser" | "hdf5" | "png" | "jpeg" | "npy" | "emi";

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const MRC_EXTENSIONS = new Set([".mrc", ".mrcs", ".map", ".ccp4", ".st", ".ali", ".rec", ".preali"]);
const MRC_MODE_BYTES: Record<number, number> = { 0: 1, 1: 2, 2: 4, 3: 4, 4: 8, 6: 2, 12: 2, 101: 0.5 };

function startsWith(bytes: Uint8Array, signature: number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

/** A header that is exactly an MRC's: positive sizes, a known mode, and the data filling the file. */
function looksLikeMrc(bytes: Uint8Array, path: string): boolean {
  if (bytes.length < 1024) return false;
  if (bytes[208] === 0x4d && bytes[209] === 0x41 && bytes[210] === 0x50 && bytes[211] === 0x20) return true;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const le of [true, false]) {
    const [nx, ny, nz, mode, nsymbt] = [0, 4, 8, 12, 92].map((o) => view.getInt32(o, le));
    const size = MRC_MODE_BYTES[mode];
    if (size === undefined || nx < 1 || ny < 1 || nz < 1 || nsymbt < 0) continue;
    if (MRC_EXTENSIONS.has(extname(path).toLowerCase())) return true;
    if (1024 + nsymbt + nx * ny * nz * size === bytes.length) return true;
  }
  return false;
}

/** Recognises a micrograph file from its magic bytes; null when none matches. */
export function detectFormat(bytes: Uint8Array, path: string): DetectedFormat | null {
  if (bytes.length >= 16) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(0, false);
    if ((version === 3 && view.getUint32(8, false) <= 1) || (version === 4 && view.getUint32(12, false) <= 1))
      return "dm";
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return "tiff";
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b]))
    return "tiff";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, NPY_MAGIC)) return "npy";
  for (let at = 0; at <= Math.min(bytes.length - 8, 1 << 16); at = at === 0 ? 512 : at * 2) {
    if (startsWith(bytes, HDF5_SIGNATURE, at)) return "hdf5";
  }
  if (startsWith(bytes, [0x49, 0x49, 0x97, 0x01])) return "ser";
  if (looksLikeMrc(bytes, path)) return "mrc";
  if (extname(path).toLowerCase() === ".emi") return "emi";
  return null;
}
