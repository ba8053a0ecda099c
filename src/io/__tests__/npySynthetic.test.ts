import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { NanocrystError } from "../../core/index.js";
import { readMicrograph } from "../index.js";
import { encodeNpy, npyHeader } from "../testing/npyWriter.js";
import { expected, H, N, readBytes, samples, syntheticDir, W } from "./syntheticSupport.js";

const float32 = (v: DataView, a: number, i: number, le: boolean) => v.setFloat32(a, i - 5, le);

describe("NumPy NPY arrays", () => {
  it.each([
    ["<f4", "float32", 4, float32],
    [">f4", "float32", 4, float32],
    ["<f8", "float64", 8, (v: DataView, a: number, i: number, le: boolean) => v.setFloat64(a, i - 5, le)],
    [">i2", "int16", 2, (v: DataView, a: number, i: number, le: boolean) => v.setInt16(a, i - 5, le)],
    ["<i4", "int32", 4, (v: DataView, a: number, i: number, le: boolean) => v.setInt32(a, i - 5, le)],
    ["|i1", "int8", 1, (v: DataView, a: number, i: number) => v.setInt8(a, i - 5)],
  ] as const)(
    "a (%s) image of H rows × W columns reads row by row, without calibration",
    async (descr, dtype, size, set) => {
      const le = descr[0] !== ">";
      const m = await readBytes(encodeNpy(npyHeader(descr, [H, W]), samples(N, size, set, le)), "npy");
      expect([m.width, m.height, m.dtype, m.kind, m.source.format]).toEqual([W, H, dtype, "image", "npy"]);
      expect(Array.from(m.data)).toEqual(expected);
      expect(m.pixelSizeNm).toBeNull();
    },
  );

  it("Fortran order is transposed into rows; a version 2.0 header is read", async () => {
    // column-major: element (row, col) is stored at row + H·col
    const data = samples(
      N,
      4,
      (v, a, i, le) => v.setFloat32(a, (i % H) * W + Math.floor(i / H) - 5, le),
      true,
    );
    const m = await readBytes(encodeNpy(npyHeader("<f4", [H, W], true), data, 2), "npy");
    expect([m.width, m.height]).toEqual([W, H]);
    expect(Array.from(m.data)).toEqual(expected);
  });

  it("a 3-D array is a stack along its first axis, in C and in Fortran order", async () => {
    const frames = 3;
    const c = samples(N * frames, 4, (v, a, i, le) => v.setFloat32(a, i, le), true);
    const m = await readBytes(encodeNpy(npyHeader("<f4", [frames, H, W]), c), "npy", { frame: 2 });
    expect([m.kind, m.frames, m.data[0], m.data[N - 1]]).toEqual(["stack", 3, 2 * N, 3 * N - 1]);
    // Fortran: (k, row, col) at k + frames·(row + H·col); the value written is the C-order index
    const f = samples(
      N * frames,
      4,
      (v, a, i, le) => {
        const k = i % frames;
        const row = Math.floor(i / frames) % H;
        const col = Math.floor(i / (frames * H));
        v.setFloat32(a, k * N + row * W + col, le);
      },
      true,
    );
    const mf = await readBytes(encodeNpy(npyHeader("<f4", [frames, H, W], true), f), "npy", { frame: 1 });
    expect(Array.from(mf.data)).toEqual(Array.from({ length: N }, (_, i) => N + i));
  });

  it("complex arrays give the amplitude", async () => {
    const data = samples(
      N,
      8,
      (v, a, _i, le) => {
        v.setFloat32(a, 3, le);
        v.setFloat32(a + 4, -4, le);
      },
      true,
    );
    const m = await readBytes(encodeNpy(npyHeader("<c8", [H, W]), data), "npy");
    expect(m.data[7]).toBeCloseTo(5, 6);
  });

  it("--pixel-size calibrates it; a stack without a frame and a 1-D array are refused in one line", async () => {
    const dir = syntheticDir;
    const image = join(dir, "calibrated.npy");
    writeFileSync(image, encodeNpy(npyHeader("<f4", [H, W]), samples(N, 4, float32, true)));
    expect((await readMicrograph(image, { pixelSizeNm: 0.05 })).pixelSizeNm).toEqual({ x: 0.05, y: 0.05 });
    const stack = join(dir, "stack.npy");
    writeFileSync(stack, encodeNpy(npyHeader("<f4", [2, H, W]), samples(2 * N, 4, float32, true)));
    await expect(readMicrograph(stack)).rejects.toThrow(/stack of 2 frames of 6×4: choose one with --frame/);
    const line = join(dir, "line.npy");
    writeFileSync(line, encodeNpy(npyHeader("<f4", [N]), samples(N, 4, float32, true)));
    await expect(readMicrograph(line)).rejects.toThrow(/spectrum of 24 channels/);
  });

  it.each([
    ["objects", npyHeader("|O", [H, W]), N * 8, /Python objects \(dtype=object\)/],
    [
      "records",
      "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4, 6), }",
      N * 4,
      /structured dtype/,
    ],
    ["an unknown type", npyHeader("<U8", [H, W]), N * 32, /data type '<U8' is not supported/],
    ["a scalar", npyHeader("<f4", []), 4, /single number/],
    ["colour pixels", npyHeader("|u1", [8, 8, 3]), 192, /shape \(8, 8, 3\) holds colour pixels/],
    [
      "truncated data",
      npyHeader("<f4", [H, W]),
      N * 4 - 1,
      /truncated NPY data: 6×4×1 pixels of 4 bytes need 96/,
    ],
    ["no shape", "{'descr': '<f4', 'fortran_order': False, }", N * 4, /lacks 'fortran_order' or 'shape'/],
  ] as const)("%s: one line naming the file", async (_what, header, dataBytes, message) => {
    const path = join(syntheticDir, "bad.npy");
    writeFileSync(path, encodeNpy(header, new Uint8Array(dataBytes)));
    const error = await readMicrograph(path, { allowNonImage: true }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(message);
    expect((error as NanocrystError).file).toBe(path);
    expect((error as Error).message).not.toContain("\n");
  });

  it("a header length beyond the end of the file is refused", async () => {
    const bytes = encodeNpy(npyHeader("<f4", [H, W]), samples(N, 4, float32, true), 2);
    new DataView(bytes.buffer).setUint32(8, 1 << 30, true);
    await expect(readBytes(bytes, "npy")).rejects.toThrow(/truncated NPY header at byte 12/);
  });

  it("an .npz archive is named as such, with what to do", async () => {
    const path = join(syntheticDir, "arrays.npz");
    writeFileSync(path, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    await expect(readMicrograph(path)).rejects.toThrow(
      /\.npz archive: save the image array alone with numpy\.save/,
    );
  });
});
