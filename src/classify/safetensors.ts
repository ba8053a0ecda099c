import { readFileSync } from "node:fs";
import { inputError, writeFileAtomic } from "../core/index.js";
import type { WeightMap } from "./weights.js";

/**
 * The safetensors format (Hugging Face), written and read here for float32 tensors: an 8-byte little-endian
 * header length N, N bytes of JSON `{name: {dtype: "F32", shape, data_offsets: [begin, end]}, "__metadata__":
 * {string: string}}` padded with spaces to a multiple of 8, then the raw little-endian data.
 */
export function encodeSafetensors(tensors: WeightMap, metadata: Record<string, string> = {}): Uint8Array {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const bytes = tensors[name].data.length * 4;
    header[name] = { dtype: "F32", shape: tensors[name].shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const name of names) {
    const data = tensors[name].data;
    for (let i = 0; i < data.length; i++) view.setFloat32(position + 4 * i, data[i], true);
    position += data.length * 4;
  }
  return out;
}

/** Parses safetensors bytes (float32 tensors only). @param file named in error messages */
export function decodeSafetensors(
  bytes: Uint8Array,
  file = "weights",
): { tensors: WeightMap; metadata: Record<string, string> } {
  if (bytes.length < 8) throw inputError("not a safetensors file (shorter than 8 bytes)", file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8)
    throw inputError("not a safetensors file (header length too large)", file);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw inputError("not a safetensors file (header is not JSON)", file);
  }
  const base = 8 + headerLength;
  const tensors: WeightMap = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as unknown as Record<string, string>;
      continue;
    }
    if (entry.dtype !== "F32")
      throw inputError(`tensor "${name}" has dtype ${entry.dtype}; only F32 is read`, file);
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * 4 || base + end > bytes.length)
      throw inputError(`tensor "${name}" has inconsistent offsets`, file);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(base + begin + 4 * i, true);
    tensors[name] = { shape: entry.shape, data };
  }
  return { tensors, metadata };
}

/** Writes tensors to a safetensors file (atomically). */
export function writeSafetensors(
  path: string,
  tensors: WeightMap,
  metadata: Record<string, string> = {},
): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/** Reads a safetensors file of float32 tensors. */
export function readSafetensors(path: string): { tensors: WeightMap; metadata: Record<string, string> } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw inputError(`cannot read weights: ${(error as Error).message}`, path);
  }
  return decodeSafetensors(bytes, path);
}
