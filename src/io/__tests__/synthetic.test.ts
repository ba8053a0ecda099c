import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { encodePngGrey, readMicrograph } from "../index.js";
import { encodeDm, encodeDmImage } from "../testing/dmWriter.js";
import { buildTiff, lzwEncode } from "../testing/tiffBuilder.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-io-synthetic-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

async function readBytes(bytes: Uint8Array, ext: string, options = {}) {
  const path = join(dir, `f${counter++}.${ext}`);
  writeFileSync(path, bytes);
  return readMicrograph(path, { allowNonImage: true, ...options });
}

/** Values 0..n-1 scaled, written with a DataView setter in the chosen byte order. */
function samples(
  n: number,
  size: number,
  set: (v: DataView, at: number, i: number, le: boolean) => void,
  le: boolean,
): Uint8Array {
  const bytes = new Uint8Array(n * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) set(view, i * size, i, le);
  return bytes;
}

const W = 6;
const H = 4;
const N = W * H;
const expected = Array.from({ length: N }, (_, i) => i - 5);

describe("DM3/DM4 data types and byte orders (files laid out by the format description)", () => {
  const cases: [string, number, number, number, (v: DataView, at: number, i: number, le: boolean) => void][] =
    [
      ["int16", 1, 2, 2, (v, a, i, le) => v.setInt16(a, i - 5, le)],
      ["float32", 2, 6, 4, (v, a, i, le) => v.setFloat32(a, i - 5, le)],
      ["int8", 9, 9, 1, (v, a, i) => v.setInt8(a, i - 5)],
      ["int32", 7, 3, 4, (v, a, i, le) => v.setInt32(a, i - 5, le)],
      ["float64", 12, 7, 8, (v, a, i, le) => v.setFloat64(a, i - 5, le)],
    ];
  for (const version of [3, 4] as const) {
    for (const le of [true, false]) {
      it.each(cases)(
        `DM${version} ${le ? "little" : "big"}-endian %s`,
        async (dtype, dataType, elementType, size, set) => {
          const data = samples(N, size, set, le);
          const m = await readBytes(
            encodeDmImage({ dataType, dims: [W, H], data, elementType }, { version, littleEndian: le }),
            `dm${version}`,
          );
          expect([m.width, m.height, m.dtype, m.source.format]).toEqual([W, H, dtype, `dm${version}`]);
          expect(Array.from(m.data)).toEqual(expected);
        },
      );
    }
  }

  it("unsigned types, complex (amplitude) and RGB (luminance) are converted", async () => {
    const u16 = samples(N, 2, (v, a, i) => v.setUint16(a, 60000 + i, true), true);
    const m16 = await readBytes(
      encodeDmImage({ dataType: 10, dims: [W, H], data: u16, elementType: 4 }, { version: 4 }),
      "dm4",
    );
    expect([m16.dtype, m16.data[N - 1]]).toEqual(["uint16", 60000 + N - 1]);
    const complex = samples(
      N,
      8,
      (v, a, i) => {
        v.setFloat32(a, 3 * i, true);
        v.setFloat32(a + 4, 4 * i, true);
      },
      true,
    );
    const mc = await readBytes(
      encodeDmImage({ dataType: 3, dims: [W, H], data: complex, elementType: 6 }, { version: 3 }),
      "dm3",
    );
    expect([mc.dtype, mc.data[2]]).toEqual(["complex64", 10]);
    const rgb = samples(
      N,
      4,
      (v, a) => {
        v.setUint32(a, 0xffc86400, true); // bytes B=0, G=100, R=200, A=255
      },
      true,
    );
    const mr = await readBytes(
      encodeDmImage({ dataType: 23, dims: [W, H], data: rgb, elementType: 5 }, { version: 4 }),
      "dm4",
    );
    expect(mr.dtype).toBe("rgba");
    expect(mr.data[0]).toBeCloseTo(0.299 * 200 + 0.587 * 100, 4); // bytes are B, G, R, A
  });

  it("float32 data off 4-byte alignment (a unit of odd length before it) reads exactly", async () => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i / 7, le), true);
    const calibration = [
      { scale: 0.1, units: "nm " },
      { scale: 0.1, units: "nm" },
    ];
    const file = encodeDmImage(
      { dataType: 2, dims: [W, H], data, elementType: 6, calibration },
      { version: 4 },
    );
    const at = file.findIndex((_, i) => data.every((b, k) => file[i + k] === b));
    expect(at % 4).not.toBe(0);
    const m = await readBytes(file, "dm4");
    expect(Array.from(m.data)).toEqual(Array.from(new Float32Array(data.buffer)));
    expect(m.pixelSizeNm!.x).toBeCloseTo(0.1, 6);
  });

  it("the RGBA thumbnail (first ImageList entry) is skipped even without a Thumbnails tag", async () => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i - 5, le), true);
    const withTag = await readBytes(
      encodeDmImage({ dataType: 2, dims: [W, H], data, elementType: 6 }, { version: 3 }),
      "dm3",
    );
    expect([withTag.width, withTag.dtype]).toEqual([W, "float32"]);
  });

  it.each([
    ["nm", 0.05, 0.05],
    ["Å", 0.5, 0.05],
    ["A", 0.5, 0.05],
    ["\u00b5m", 0.00005, 0.05],
    ["um", 0.00005, 0.05],
    ["pm", 50, 0.05],
  ])("calibration unit %s with scale %f gives %f nm", async (units, scale, nm) => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i, le), true);
    const calibration = [
      { scale, units },
      { scale, units },
    ];
    const m = await readBytes(
      encodeDmImage({ dataType: 2, dims: [W, H], data, elementType: 6, calibration }, { version: 4 }),
      "dm4",
    );
    expect(m.pixelSizeNm!.x).toBeCloseTo(nm, 6);
    expect(m.kind).toBe("image");
  });

  it("a unit stored as bytes (Latin-1 0xB5 for µ) is read as text", async () => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i, le), true);
    const file = encodeDm(
      [
        {
          name: "ImageList",
          group: [
            {
              name: "",
              group: [
                {
                  name: "ImageData",
                  group: [
                    {
                      name: "Calibrations",
                      group: [
                        {
                          name: "Dimension",
                          group: [0, 1].map(() => ({
                            name: "",
                            group: [
                              { name: "Scale", scalar: 0.002, type: 6 as const },
                              {
                                name: "Units",
                                array: new Uint8Array([0xb5, 0x6d]),
                                elementType: 10,
                                count: 2,
                              },
                            ],
                          })),
                        },
                      ],
                    },
                    { name: "Data", array: data, elementType: 6, count: N },
                    { name: "DataType", scalar: 2, type: 3 },
                    {
                      name: "Dimensions",
                      group: [W, H].map((d) => ({ name: "", scalar: d, type: 5 as const })),
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
      { version: 3 },
    );
    const m = await readBytes(file, "dm3");
    expect(m.metadata.pixelUnit).toBe("µm");
    expect(m.pixelSizeNm!.x).toBeCloseTo(2, 6);
  });

  it("1/nm calibration marks a diffraction pattern; pixel size in real space stays null", async () => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i, le), true);
    const calibration = [
      { scale: 0.2, units: "1/nm" },
      { scale: 0.2, units: "1/nm" },
    ];
    const m = await readBytes(
      encodeDmImage({ dataType: 2, dims: [W, H], data, elementType: 6, calibration }, { version: 3 }),
      "dm3",
    );
    expect([m.kind, m.pixelSizeNm]).toEqual(["diffraction", null]);
    expect(m.metadata.reciprocalPixelSizePerNm).toEqual({
      x: expect.closeTo(0.2, 6),
      y: expect.closeTo(0.2, 6),
    });
  });

  it("voltage, magnification, exposure, microscope and date come from ImageTags", async () => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i, le), true);
    const imageTags = [
      {
        name: "Microscope Info",
        group: [
          { name: "Voltage", scalar: 300000, type: 7 as const },
          { name: "Indicated Magnification", scalar: 490000, type: 7 as const },
          { name: "Microscope", text: "Titan 80-300" },
        ],
      },
      {
        name: "DataBar",
        group: [
          { name: "Acquisition Date", text: "2024-01-02" },
          { name: "Acquisition Time", text: "10:11:12" },
        ],
      },
      {
        name: "Acquisition",
        group: [
          {
            name: "Parameters",
            group: [{ name: "High Level", group: [{ name: "Exposure (s)", scalar: 0.5, type: 6 as const }] }],
          },
        ],
      },
    ];
    const m = await readBytes(
      encodeDmImage({ dataType: 2, dims: [W, H], data, elementType: 6, imageTags }, { version: 4 }),
      "dm4",
    );
    expect(m.metadata).toMatchObject({
      voltageKv: 300,
      magnification: 490000,
      exposureS: 0.5,
      instrument: "Titan 80-300",
      acquisitionDate: "2024-01-02 10:11:12",
    });
  });

  it("a 3-D DM image is a stack whose frames are sliced; 1-D data is a spectrum", async () => {
    const data = samples(N * 3, 2, (v, a, i, le) => v.setInt16(a, i, le), true);
    const m = await readBytes(
      encodeDmImage({ dataType: 1, dims: [W, H, 3], data, elementType: 2 }, { version: 4 }),
      "dm4",
      { frame: 2 },
    );
    expect([m.kind, m.frames, m.data[0]]).toEqual(["stack", 3, 2 * N]);
    const s = await readBytes(
      encodeDmImage(
        { dataType: 1, dims: [N], data: data.subarray(0, 2 * N), elementType: 2 },
        { version: 3 },
      ),
      "dm3",
    );
    expect([s.kind, s.width, s.height]).toEqual(["spectrum", N, 1]);
  });

  it("DM4 skips a tag of a type it does not know (by the tag's size); DM3, which has no sizes, names it", async () => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i, le), true);
    const exotic = { name: "Exotic", array: new Uint8Array(12), elementType: 99, count: 3 };
    const image = { dataType: 2, dims: [W, H], data, elementType: 6, imageTags: [exotic] };
    const m = await readBytes(encodeDmImage(image, { version: 4 }), "dm4");
    expect(Array.from(m.data)).toEqual(Array.from({ length: N }, (_, i) => i));
    await expect(readBytes(encodeDmImage(image, { version: 3 }), "dm3")).rejects.toThrow(
      /tag "Exotic" has unknown data type 99/,
    );
  });

  it("damaged DM files fail with one line naming the structure and byte offset", async () => {
    const data = samples(N, 4, (v, a, i, le) => v.setFloat32(a, i, le), true);
    const good = encodeDmImage({ dataType: 2, dims: [W, H], data, elementType: 6 }, { version: 4 });
    await expect(readBytes(good.subarray(0, 200), "dm4")).rejects.toThrow(/truncated DM4 .* at byte \d+/);
    const wrongDims = encodeDmImage(
      { dataType: 2, dims: [W, H * 1000], data, elementType: 6 },
      { version: 4 },
    );
    await expect(readBytes(wrongDims, "dm4")).rejects.toThrow(/DM4/);
  });
});

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
    await expect(readMicrograph(join(dir, "missing.dm3"))).rejects.toThrow(/no such file/);
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
