import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { decode as decodeTiff } from "tiff";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../core/index.js";
import { type Micrograph, readMicrograph } from "../index.js";

const formats = resolve(packageRoot(), "../shared/formats");
const file = (p: string) => resolve(formats, p);

function mean(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i];
  return s / data.length;
}

const read = (p: string, frame?: number) => readMicrograph(file(p), { allowNonImage: true, frame });

/** Independent decode of a DM file's data: the last "Data" tag's array, located by scanning for its name. */
function dmRawData(bytes: Uint8Array, dm4: boolean): { offset: number; type: number; count: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const marker = [0x15, 0x00, 0x04, 0x44, 0x61, 0x74, 0x61]; // data tag, name length 4, "Data"
  let found = -1;
  for (let i = 0; i + marker.length < bytes.length; i++)
    if (marker.every((b, k) => bytes[i + k] === b)) found = i;
  let at = found + marker.length + (dm4 ? 8 : 0) + 4; // skip tag size and "%%%%"
  const size = dm4 ? 8 : 4;
  const get = (o: number) => (dm4 ? Number(view.getBigUint64(o, false)) : view.getUint32(o, false));
  at += size; // ninfo (3 for a simple array)
  const type = get(at + size);
  const count = get(at + 2 * size);
  return { offset: at + 3 * size, type, count };
}

function expectPixelSize(m: Micrograph, nm: number, digits = 4): void {
  expect(m.pixelSizeNm).not.toBeNull();
  expect(m.pixelSizeNm!.x).toBeCloseTo(nm, digits);
  expect(m.pixelSizeNm!.y).toBeCloseTo(nm, digits);
}

describe.skipIf(!existsSync(formats))("real files in ../shared/formats (README facts)", () => {
  it("SrTiO3 HRTEM SER v0x210: 1024×1024 uint16, 0.01001 nm/px, pixels equal the raw element data", async () => {
    const m = await read("ncempy/16_STOimage_1.ser");
    expect([m.width, m.height, m.dtype, m.kind, m.source.format]).toEqual([
      1024,
      1024,
      "uint16",
      "image",
      "ser",
    ]);
    expectPixelSize(m, 0.01001, 5);
    expect(m.metadata.voltageKv).toBe(80);
    const bytes = readFileSync(file("ncempy/16_STOimage_1.ser"));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const element = view.getUint32(view.getUint32(22, true), true); // first entry of the offset array (its offset at byte 22)
    const start = element + 50; // 2-D element header: 2×(8+8+4) + 2 + 4 + 4 bytes
    for (const i of [0, 1, 777, 1024 * 1024 - 1]) expect(m.data[i]).toBe(view.getUint16(start + 2 * i, true));
  });

  it("TIA SER v0x220 (64-bit offsets): 128×128 int32, 5.26 nm/px; v0x210 float32 64×64, 6.28 nm/px", async () => {
    const a = await read("rosettasciio/128x128-TEM_search_1.ser");
    expect([a.width, a.height, a.dtype]).toEqual([128, 128, "int32"]);
    expectPixelSize(a, 5.26, 2);
    const b = await read("rosettasciio/64x64_TEM_images_acquire_1.ser");
    expect([b.width, b.height, b.dtype]).toEqual([64, 64, "float32"]);
    expectPixelSize(b, 6.28, 2);
    expect(b.metadata.instrument).toContain("Tecnai");
  });

  it("an EMI given by the user reads the SER beside it", async () => {
    const m = await read("ncempy/16_STOimage.emi");
    expect(m.source.path).toMatch(/16_STOimage_1\.ser$/);
  });

  it("Berkeley EMD: 1024×1024 uint16, 0.01225 nm/px ('n_m'), 200 kV, 5.1 Mx", async () => {
    const m = await read("ncempy/Acquisition_18.emd");
    expect([m.width, m.height, m.dtype, m.source.format]).toEqual([1024, 1024, "uint16", "emd-berkeley"]);
    expectPixelSize(m, 0.01225, 5);
    expect(m.metadata).toMatchObject({ voltageKv: 200, magnification: 5.1e6 });
  });

  it("Velox EMD: 512×512 uint16 HAADF at 5.30 nm/px; TEM stack at 8.17 pm/px with two frames", async () => {
    const m = await read("scifidatasets/EMDReader_Image_FEI.emd");
    expect([m.width, m.height, m.dtype, m.kind]).toEqual([512, 512, "uint16", "image"]);
    expectPixelSize(m, 5.3, 2);
    const s = await read("rosettasciio/fei_example_tem_stack.emd", 1);
    expect([s.kind, s.frames, s.source.frame]).toEqual(["stack", 2, 1]);
    expectPixelSize(s, 0.00817, 5);
    expect(s.metadata.voltageKv).toBe(300);
    await expect(readMicrograph(file("rosettasciio/fei_example_tem_stack.emd"))).rejects.toThrow(
      /stack of 2 frames/,
    );
  });

  it("HyperSpy HDF5: 128×128 float32, 8.55 nm/px (µm in the file)", async () => {
    const m = await read("particlespy/SiO2_HAADF_Image.hspy");
    expect([m.width, m.height, m.dtype]).toEqual([128, 128, "float32"]);
    expectPixelSize(m, 8.55, 2);
  });

  it("DM3 EELS spectrum is recognised as a spectrum (2048 channels) and refused as an image", async () => {
    const m = await read("ncempy/08_carbon.dm3");
    expect([m.kind, m.width, m.height, m.pixelSizeNm]).toEqual(["spectrum", 2048, 1, null]);
    await expect(readMicrograph(file("ncempy/08_carbon.dm3"))).rejects.toThrow(
      /spectrum of 2048 channels, not an image/,
    );
  });

  it.each(["dm3", "dm4"])(
    "non-square %s ramp: width 128, height 64, x 1 nm, y 2 Å, value = column",
    async (ext) => {
      const m = await read(`ncempy/dmTest_float32_nonSquare_diffPixelSize.${ext}`);
      expect([m.width, m.height, m.dtype]).toEqual([128, 64, "float32"]);
      expect(m.pixelSizeNm!.x).toBeCloseTo(1, 6);
      expect(m.pixelSizeNm!.y).toBeCloseTo(0.2, 6);
      for (const [row, col] of [
        [0, 0],
        [5, 17],
        [63, 127],
      ])
        expect(m.data[row * 128 + col]).toBe(col);
    },
  );

  it("MRC without MAP stamp: 3 frames of 128×128 float32, 2 Å voxel; frame k starts at 1024 + k·128²·4", async () => {
    const bytes = readFileSync(file("ncempy/temp.mrc"));
    const raw = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset + 1024, bytes.byteOffset + bytes.length),
    );
    for (const k of [0, 2]) {
      const m = await read("ncempy/temp.mrc", k);
      expect([m.width, m.height, m.frames, m.kind, m.dtype]).toEqual([128, 128, 3, "stack", "float32"]);
      expectPixelSize(m, 0.2, 6);
      expect(Array.from(m.data)).toEqual(Array.from(raw.subarray(k * 16384, (k + 1) * 16384)));
    }
  });

  it("MRC with FEI2 extended header: skipped (data after 1024 + nsymbt bytes), Spectra at 300 kV", async () => {
    const m = await read("rosettasciio/HAADFscan.mrc");
    const bytes = readFileSync(file("rosettasciio/HAADFscan.mrc"));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const start = 1024 + view.getInt32(92, true);
    expect([m.width, m.height, m.dtype]).toEqual([16, 16, "uint16"]);
    expect(Array.from(m.data)).toEqual(
      Array.from({ length: 256 }, (_, i) => view.getUint16(start + 2 * i, true)),
    );
    expect(m.metadata).toMatchObject({ instrument: "Spectra", voltageKv: 300 });
  });

  it("DM3 STEM image 68×68 uint32 at 0.2485 nm/px, pixels equal the raw Data array of the second image", async () => {
    const m = await read("rosettasciio/test_STEM_image.dm3");
    expect([m.width, m.height, m.dtype]).toEqual([68, 68, "uint32"]);
    expectPixelSize(m, 0.2485, 4);
    const bytes = readFileSync(file("rosettasciio/test_STEM_image.dm3"));
    const raw = dmRawData(bytes, false);
    expect(raw.count).toBe(68 * 68);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(mean(m.data)).toBeCloseTo(
      mean(Array.from({ length: raw.count }, (_, i) => view.getUint32(raw.offset + 4 * i, true))),
      6,
    );
  });

  it("DM3 diffraction pattern: 87×87 int32, kind diffraction, 0.1744 1/nm, no real-space pixel size", async () => {
    const m = await read("rosettasciio/test_diffraction_pattern.dm3");
    expect([m.width, m.height, m.dtype, m.kind, m.pixelSizeNm]).toEqual([
      87,
      87,
      "int32",
      "diffraction",
      null,
    ]);
    expect(m.metadata.reciprocalPixelSizePerNm!.x).toBeCloseTo(0.1744, 4);
  });

  it("Latin-1 µm unit: 0.1687 µm/px = 168.7 nm, and the same pixels as the DM- and ImageJ-exported TIFFs", async () => {
    const dm = await read("rosettasciio/test_dm_image_um_unit.dm3");
    expect([dm.width, dm.height, dm.dtype]).toEqual([68, 68, "int32"]);
    expectPixelSize(dm, 168.7, 1);
    const dmTiff = await read("rosettasciio/test_loading_image_saved_with_DM.tif");
    const ijTiff = await read("rosettasciio/test_loading_image_saved_with_imageJ.tif");
    expect([dmTiff.dtype, ijTiff.dtype]).toEqual(["int32", "float32"]);
    expectPixelSize(dmTiff, 168.7, 1);
    expectPixelSize(ijTiff, 168.7, 1);
    expect(Array.from(dmTiff.data)).toEqual(Array.from(dm.data));
    expect(Array.from(ijTiff.data)).toEqual(Array.from(dm.data));
    const [ifd] = decodeTiff(readFileSync(file("rosettasciio/test_loading_image_saved_with_imageJ.tif")));
    expect(Array.from(ifd.data as Float32Array)).toEqual(Array.from(ijTiff.data));
  });

  it("DM3 image stack: 3 frames of 16×2 uint32 at 0.05998 µm, sliced by frame, refused without one", async () => {
    const f0 = await read("rosettasciio/test_stackbuilder_imagestack.dm3", 0);
    const f2 = await read("rosettasciio/test_stackbuilder_imagestack.dm3", 2);
    expect([f0.width, f0.height, f0.frames, f0.kind]).toEqual([16, 2, 3, "stack"]);
    expectPixelSize(f0, 59.98, 2);
    expect(Array.from(f0.data)).not.toEqual(Array.from(f2.data));
    await expect(readMicrograph(file("rosettasciio/test_stackbuilder_imagestack.dm3"))).rejects.toThrow(
      /--frame N \(0–2\)/,
    );
    await expect(read("rosettasciio/test_stackbuilder_imagestack.dm3", 3)).rejects.toThrow(
      /frame 3 requested/,
    );
  });

  it("DM4 packed complex FFT (5×5 half plane 5×3): amplitude with the Hermitian symmetry of a real image's FFT", async () => {
    const m = await read("rosettasciio/test_fft_packed_complex8.dm4");
    expect([m.width, m.height, m.dtype]).toEqual([5, 5, "packed-complex64"]);
    const bytes = readFileSync(file("rosettasciio/test_fft_packed_complex8.dm4"));
    const raw = dmRawData(bytes, true);
    expect(raw.count).toBe(30);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const amp = (k: number) =>
      Math.hypot(view.getFloat32(raw.offset + 8 * k, true), view.getFloat32(raw.offset + 8 * k + 4, true));
    for (let row = 0; row < 5; row++) {
      expect(m.data[row * 5 + 2]).toBe(Math.fround(amp(row * 3)));
      expect(m.data[row * 5 + 0]).toBe(Math.fround(amp(row * 3 + 2)));
      expect(m.data[row * 5 + 4]).toBe(m.data[row * 5 + 0]);
    }
  });

  it("minimal DM3/DM4 pair: 2×2 int16 with identical pixels", async () => {
    const a = await read("rosettasciio/test-1.dm3");
    const b = await read("rosettasciio/test-1.dm4");
    expect([a.width, a.height, a.dtype]).toEqual([2, 2, "int16"]);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it("real HAADF DM4 (JEOL): 112×112 float32 at 1.249 nm/px (0.001249 µm)", async () => {
    const m = await read("particlespy/JEOL_HAADF_Image.dm4");
    expect([m.width, m.height, m.dtype]).toEqual([112, 112, "float32"]);
    expectPixelSize(m, 1.249, 3);
    const bytes = readFileSync(file("particlespy/JEOL_HAADF_Image.dm4"));
    const raw = dmRawData(bytes, true);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    for (const i of [0, 5000, 112 * 112 - 1])
      expect(m.data[i]).toBe(view.getFloat32(raw.offset + 4 * i, true));
  });

  it("DM3 written with UK locale settings reads with its calibration and date", async () => {
    const m = await read("rosettasciio/Fei_HAADF-UK_location.dm3");
    expect(m.pixelSizeNm).not.toBeNull();
    expect(m.metadata.acquisitionDate).toContain("27/08/2016");
  });
});
