import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors } from "../safetensors.js";

describe("safetensors", () => {
  const tensors = {
    "b.bias": { shape: [3], data: Float32Array.from([1.5, -2, 3.25]) },
    "a.kernel": { shape: [2, 2], data: Float32Array.from([0.1, 0.2, 0.3, 0.4]) },
  };

  it("lays out an 8-byte little-endian header length, a JSON header padded to 8 bytes, then the data", () => {
    const bytes = encodeSafetensors(tensors, { note: "x" });
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header.__metadata__).toEqual({ note: "x" });
    // tensors are stored in name order: a.kernel first (16 bytes), then b.bias
    expect(header["a.kernel"]).toEqual({ dtype: "F32", shape: [2, 2], data_offsets: [0, 16] });
    expect(header["b.bias"].data_offsets).toEqual([16, 28]);
    expect(view.getFloat32(8 + n + 16, true)).toBe(1.5);
    expect(bytes.length).toBe(8 + n + 28);
  });

  it("round-trips names, shapes and values bit for bit", () => {
    const { tensors: back, metadata } = decodeSafetensors(encodeSafetensors(tensors, { a: "b" }));
    expect(metadata).toEqual({ a: "b" });
    expect(back["a.kernel"].shape).toEqual([2, 2]);
    expect(Array.from(back["b.bias"].data)).toEqual([1.5, -2, 3.25]);
  });

  it("rejects a truncated file with an input error", () => {
    const bytes = encodeSafetensors(tensors);
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), "w.safetensors")).toThrow(
      /inconsistent/,
    );
    expect(() => decodeSafetensors(new Uint8Array(4), "w.safetensors")).toThrow(/not a safetensors/);
  });
});
