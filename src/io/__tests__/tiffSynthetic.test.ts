import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { encodePngGrey } from "../index.js";
import { buildTiff, lzwEncode } from "../testing/tiffBuilder.js";
import { expected, H, N, readBytes, samples, W } from "./syntheticSupport.js";

describe("TIFF sample types, compression and pages", () => {
  const rows = (bytes: Uint8Array, rowBytes: number, per: number) =>
    Array.from({ length: Math.ceil(bytes.length / (rowBytes * per)) }, (_, k) =>
      bytes.subarray(k * rowBytes * per, (k + 1) * rowBytes * per),
    );

  it.each([
    [8, 1, "uint8", (v: DataView, a: number, i: number) => v.setUint8(a, i + 7)],
    [16, 2, "int16", (v: DataView, a: number, i: number, le: boolean) => v.setInt16(a, i + 7, le)],
    [32, 1, "uint32", (v: DataView, a: number, i: number, le: boolean) => v.setUint32(a, i + 7, le)],
    [64, 3, "float64", (v: DataView, a: number, i: number, le: boolean) => v.setFloat64(a, i + 7, le)],
  ] as const)("%i-bit format %i (%s), strips of 3 rows, big-endian", async (bits, format, dtype, set) => {
    const data = samples(N, bits / 8, set, false);
    const tiff = buildTiff(
      [
        {
          width: W,
          height: H,
          bitsPerSample: bits,
          sampleFormat: format,
          rowsPerStrip: 3,
          strips: rows(data, W * (bits / 8), 3),
        },
      ],
      false,
    );
    const m = await readBytes(tiff, "tif");
    expect(m.dtype).toBe(dtype);
    expect(Array.from(m.data)).toEqual(expected.map((e) => e + 12));
  });

  it("Deflate, LZW (with predictor 2) and PackBits strips decode to the same pixels", async () => {
    const rng = new Rng("tiff-compression");
    const w = 300;
    const h = 40;
    const raw = new Uint8Array(w * h).map(() => rng.int(8) * 30);
    const page = { width: w, height: h, bitsPerSample: 8, sampleFormat: 1 as const, rowsPerStrip: h };
    const deflated = await readBytes(
      buildTiff([{ ...page, compression: 8, strips: [deflateSync(raw)] }]),
      "tif",
    );
    expect(Array.from(deflated.data)).toEqual(Array.from(raw));
    const diff = raw.slice();
    for (let y = 0; y < h; y++)
      for (let x = w - 1; x > 0; x--) diff[y * w + x] = (raw[y * w + x] - raw[y * w + x - 1]) & 0xff;
    const lzw = await readBytes(
      buildTiff([{ ...page, compression: 5, predictor: 2, strips: [lzwEncode(diff)] }]),
      "tif",
    );
    expect(Array.from(lzw.data)).toEqual(Array.from(raw));
  });

  it("a palette-colour page reads as the luminance of its colours, as a palette PNG does", async () => {
    const indices = Uint8Array.from({ length: 8 }, (_, i) => i);
    // index i → grey 255 − i, except index 1 → pure red and index 2 → pure blue
    const red = Array.from({ length: 256 }, (_, i) => (255 - i) * 257);
    const green = [...red];
    const blue = [...red];
    [red[1], green[1], blue[1]] = [65535, 0, 0];
    [red[2], green[2], blue[2]] = [0, 0, 65535];
    const page = { width: 4, height: 2, bitsPerSample: 8, sampleFormat: 1 as const, rowsPerStrip: 2 };
    const tiff = buildTiff([
      {
        ...page,
        photometric: 3,
        strips: [indices],
        tags: [{ tag: 320, type: 3, values: [...red, ...green, ...blue] }],
      },
    ]);
    const m = await readBytes(tiff, "tif");
    const want = [255, 0.299 * 255, 0.114 * 255, 252, 251, 250, 249, 248];
    for (let i = 0; i < want.length; i++) expect(m.data[i]).toBeCloseTo(want[i], 4);
    const short = buildTiff([
      { ...page, photometric: 3, strips: [indices], tags: [{ tag: 320, type: 3, values: red }] },
    ]);
    await expect(readBytes(short, "tif")).rejects.toThrow(/colour map of 256 values, expected 768/);
  });

  it("PackBits: the TIFF 6.0 specification's example unpacks to its 24 bytes", async () => {
    const packed = new Uint8Array([
      0xfe, 0xaa, 0x02, 0x80, 0x00, 0x2a, 0xfd, 0xaa, 0x03, 0x80, 0x00, 0x2a, 0x22, 0xf7, 0xaa,
    ]);
    const unpacked = [
      0xaa,
      0xaa,
      0xaa,
      0x80,
      0x00,
      0x2a,
      0xaa,
      0xaa,
      0xaa,
      0xaa,
      0x80,
      0x00,
      0x2a,
      0x22,
      ...Array(10).fill(0xaa),
    ];
    const m = await readBytes(
      buildTiff([
        {
          width: 24,
          height: 1,
          bitsPerSample: 8,
          sampleFormat: 1,
          rowsPerStrip: 1,
          compression: 32773,
          strips: [packed],
        },
      ]),
      "tif",
    );
    expect(Array.from(m.data)).toEqual(unpacked);
  });

  it("pages form a stack; resolution tags in centimetres calibrate; 72 dpi does not", async () => {
    const page = (v: number, tags = [] as { tag: number; type: 3 | 5; values: number[] }[]) => ({
      width: W,
      height: H,
      bitsPerSample: 8,
      sampleFormat: 1 as const,
      rowsPerStrip: H,
      strips: [new Uint8Array(N).fill(v)],
      tags,
    });
    const cm = [
      { tag: 282, type: 5 as const, values: [2e6, 1] },
      { tag: 283, type: 5 as const, values: [2e6, 1] },
      { tag: 296, type: 3 as const, values: [3] },
    ];
    const m = await readBytes(buildTiff([page(1, cm), page(2, cm), page(3, cm)]), "tif", { frame: 1 });
    expect([m.kind, m.frames, m.data[0]]).toEqual(["stack", 3, 2]);
    expect(m.pixelSizeNm!.x).toBeCloseTo(5, 9); // 1 cm / 2e6 px = 5 nm
    const dpi = [
      { tag: 282, type: 5 as const, values: [72, 1] },
      { tag: 283, type: 5 as const, values: [72, 1] },
      { tag: 296, type: 3 as const, values: [2] },
    ];
    expect((await readBytes(buildTiff([page(1, dpi)]), "tif")).pixelSizeNm).toBeNull();
  });

  it("tiles of 16×16 (edge tiles padded) assemble into a 40×20 image", async () => {
    const width = 40;
    const height = 20;
    const tiles: Uint8Array[] = [];
    for (let ty = 0; ty < 2; ty++)
      for (let tx = 0; tx < 3; tx++) {
        const t = new Uint16Array(256);
        for (let y = 0; y < 16; y++)
          for (let x = 0; x < 16; x++) t[y * 16 + x] = (ty * 16 + y) * 100 + tx * 16 + x;
        tiles.push(new Uint8Array(t.buffer));
      }
    const tiff = buildTiff([
      {
        width,
        height,
        bitsPerSample: 16,
        sampleFormat: 1,
        rowsPerStrip: 0,
        tile: { width: 16, height: 16 },
        strips: tiles,
      },
    ]);
    const m = await readBytes(tiff, "tif");
    expect([m.width, m.height]).toEqual([width, height]);
    for (const [y, x] of [
      [0, 0],
      [5, 17],
      [19, 39],
      [16, 32],
    ])
      expect(m.data[y * width + x]).toBe(y * 100 + x);
  });

  it("an ImageJ stack stored as one block (images=3) is sliced into frames", async () => {
    const block = new Uint8Array(3 * N).map((_, i) => Math.floor(i / N) * 10);
    const tags = [{ tag: 270, type: 2 as const, values: "ImageJ=1.53t\nimages=3\nslices=3\n" }];
    const tiff = buildTiff([
      { width: W, height: H, bitsPerSample: 8, sampleFormat: 1, rowsPerStrip: H, strips: [block], tags },
    ]);
    const m = await readBytes(tiff, "tif", { frame: 2 });
    expect([m.kind, m.frames, m.data[0]]).toEqual(["stack", 3, 20]);
  });

  it("compressed data claiming far more pixels than its bytes can hold is refused before allocation", async () => {
    const bomb = buildTiff([
      {
        width: 16384,
        height: 16384,
        bitsPerSample: 32,
        sampleFormat: 3,
        rowsPerStrip: 16384,
        compression: 8,
        strips: [deflateSync(new Uint8Array(1000))],
      },
    ]);
    await expect(readBytes(bomb, "tif")).rejects.toThrow(/decompression bomb/);
    const png = encodePngGrey({ data: new Float32Array(4), width: 2, height: 2 }, { bitDepth: 16 });
    const view = new DataView(png.buffer, png.byteOffset);
    view.setUint32(16, 16384); // IHDR width and height
    view.setUint32(20, 16384);
    await expect(readBytes(png, "png")).rejects.toThrow(/decompression bomb/);
  });

  it("a TIFF whose strip lies past the end of the file fails with one line", async () => {
    const tiff = buildTiff([
      {
        width: W,
        height: H,
        bitsPerSample: 8,
        sampleFormat: 1,
        rowsPerStrip: H,
        strips: [new Uint8Array(N)],
      },
    ]);
    await expect(readBytes(tiff.subarray(0, 12), "tif")).rejects.toThrow(/TIFF/);
    const huge = buildTiff([
      {
        width: 1 << 20,
        height: 1 << 20,
        bitsPerSample: 8,
        sampleFormat: 1,
        rowsPerStrip: 1,
        strips: [new Uint8Array(4)],
      },
    ]);
    await expect(readBytes(huge, "tif")).rejects.toThrow(/more than nanocryst reads/);
  });
});
