import { describe, expect, it } from "vitest";
import { encodeDm, encodeDmImage } from "../testing/dmWriter.js";
import { expected, H, N, readBytes, samples, W } from "./syntheticSupport.js";

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
