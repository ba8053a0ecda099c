import { describe, expect, it } from "vitest";
import { readMicrograph } from "../index.js";
import { encodeDmImage } from "../testing/dmWriter.js";
import { H, N, readBytes, samples, syntheticDir, W } from "./syntheticSupport.js";
import { join } from "node:path";

describe("MRC modes, byte order and extended header", () => {
  function mrc(
    mode: number,
    bytesPer: number,
    set: (v: DataView, at: number, i: number, le: boolean) => void,
    le = true,
    nsymbt = 0,
  ): Uint8Array {
    const bytes = new Uint8Array(1024 + nsymbt + N * bytesPer);
    const v = new DataView(bytes.buffer);
    [W, H, 1, mode].forEach((x, k) => {
      v.setInt32(4 * k, x, le);
    });
    v.setInt32(28, W, le);
    v.setInt32(32, H, le);
    v.setInt32(36, 1, le);
    v.setFloat32(40, W * 1.5, le); // 1.5 Å per pixel
    v.setFloat32(44, H * 1.5, le);
    v.setInt32(92, nsymbt, le);
    bytes.set([0x4d, 0x41, 0x50, 0x20], 208);
    bytes.set(le ? [0x44, 0x44] : [0x11, 0x11], 212);
    bytes.fill(0xee, 1024, 1024 + nsymbt); // junk the reader must skip
    for (let i = 0; i < N; i++) set(v, 1024 + nsymbt + i * bytesPer, i, le);
    return bytes;
  }
  it.each([
    [0, "int8", 1, (v: DataView, a: number, i: number) => v.setInt8(a, i - 5)],
    [1, "int16", 2, (v: DataView, a: number, i: number, le: boolean) => v.setInt16(a, i - 5, le)],
    [2, "float32", 4, (v: DataView, a: number, i: number, le: boolean) => v.setFloat32(a, i - 5, le)],
    [6, "uint16", 2, (v: DataView, a: number, i: number, le: boolean) => v.setUint16(a, i + 1000, le)],
  ] as const)(
    "mode %i (%s), both byte orders, 1.5 Å pixel, 100-byte extended header skipped",
    async (mode, dtype, size, set) => {
      for (const le of [true, false]) {
        const m = await readBytes(mrc(mode, size, set, le, 100), "mrc");
        expect([m.width, m.height, m.dtype]).toEqual([W, H, dtype]);
        expect(m.pixelSizeNm!.x).toBeCloseTo(0.15, 6);
        expect(m.data[3]).toBe(mode === 6 ? 1003 : -2);
      }
    },
  );

  it("mode 12 (float16): 1.5, −2 and 65504 decode exactly", async () => {
    const halves = [0x3e00, 0xc000, 0x7bff];
    const m = await readBytes(
      mrc(12, 2, (v, a, i, le) => v.setUint16(a, halves[i % 3], le)),
      "mrc",
    );
    expect(Array.from(m.data.subarray(0, 3))).toEqual([1.5, -2, 65504]);
  });

  it("a header claiming 10¹² pixels is refused before any allocation", async () => {
    const bytes = mrc(2, 4, () => {});
    const v = new DataView(bytes.buffer);
    v.setInt32(0, 1_000_000, true);
    v.setInt32(4, 1_000_000, true);
    await expect(readBytes(bytes, "mrc")).rejects.toThrow(/more than nanocryst reads/);
  });
});

describe("format detection and input errors", () => {
  it("content wins over the extension: a DM4 named .tif is read as DM4", async () => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i, le), true);
    const m = await readBytes(
      encodeDmImage({ dataType: 2, dims: [W, H], data, elementType: 6 }, { version: 4 }),
      "tif",
    );
    expect(m.source.format).toBe("dm4");
  });

  it("unknown content, an empty file and a missing file each give one line naming the file", async () => {
    await expect(readBytes(new TextEncoder().encode("hello world, not an image"), "dat")).rejects.toThrow(
      /unrecognised file format/,
    );
    await expect(readBytes(new Uint8Array(0), "tif")).rejects.toThrow(/file is empty/);
    await expect(readMicrograph(join(syntheticDir, "missing.dm3"))).rejects.toThrow(/no such file/);
  });
});

describe("TIA SER series (format description: header, dimension array, offset arrays, elements)", () => {
  /** A SER of `frames` 2-D int16 elements (or 1-D when `height` is 0), version 0x210 or 0x220. */
  function ser(
    version: 0x210 | 0x220,
    frames: number,
    width: number,
    height: number,
    deltaM: number,
  ): Uint8Array {
    const wide = version === 0x220;
    const headerBytes = 30 + (wide ? 8 : 4);
    const elementHeader = height ? 50 : 26;
    const elementBytes = elementHeader + width * Math.max(height, 1) * 2;
    const offsetArray = headerBytes + 4; // after NumberDimensions (no dimension records needed by the reader)
    const dataStart = offsetArray + 2 * frames * (wide ? 8 : 4);
    const bytes = new Uint8Array(dataStart + frames * elementBytes);
    const v = new DataView(bytes.buffer);
    v.setUint16(0, 0x4949, true);
    v.setUint16(2, 0x0197, true);
    v.setUint16(4, version, true);
    v.setInt32(6, height ? 0x4122 : 0x4120, true);
    v.setInt32(10, 0x4152, true);
    v.setInt32(14, frames, true);
    v.setInt32(18, frames, true);
    if (wide) v.setBigUint64(22, BigInt(offsetArray), true);
    else v.setUint32(22, offsetArray, true);
    for (let f = 0; f < frames; f++) {
      const at = dataStart + f * elementBytes;
      if (wide) v.setBigUint64(offsetArray + 8 * f, BigInt(at), true);
      else v.setUint32(offsetArray + 4 * f, at, true);
      v.setFloat64(at + 8, deltaM, true);
      if (height) v.setFloat64(at + 28, deltaM, true);
      v.setInt16(at + elementHeader - (height ? 10 : 6), 5, true); // data type 5: int16
      v.setInt32(at + elementHeader - (height ? 8 : 4), width, true);
      if (height) v.setInt32(at + elementHeader - 4, height, true);
      for (let i = 0; i < width * Math.max(height, 1); i++)
        v.setInt16(at + elementHeader + 2 * i, 100 * f + i, true);
    }
    return bytes;
  }

  it.each([
    ["0x210", 0x210],
    ["0x220", 0x220],
  ] as const)(
    "version %s: element k of a 3-frame series is frame k, delta in metres → nm",
    async (_, version) => {
      const m = await readBytes(ser(version, 3, W, H, 2.5e-10), "ser", { frame: 2 });
      expect([m.kind, m.frames, m.width, m.height, m.dtype]).toEqual(["stack", 3, W, H, "int16"]);
      expect(m.data[0]).toBe(200);
      expect(m.data[N - 1]).toBe(200 + N - 1);
      expect(m.pixelSizeNm!.x).toBeCloseTo(0.25, 9);
    },
  );

  it("1-D elements are spectra", async () => {
    const m = await readBytes(ser(0x210, 1, 64, 0, 1), "ser");
    expect([m.kind, m.width, m.height, m.pixelSizeNm]).toEqual(["spectrum", 64, 1, null]);
  });
});
