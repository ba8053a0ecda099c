import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { deflateSync } from "node:zlib";
import jpeg from "jpeg-js";
import { packageRoot, Rng } from "../../core/index.js";
import { encodePngGrey } from "../pngWriter.js";
import { encodeDmImage } from "../testing/dmWriter.js";
import { encodeNpy, npyHeader } from "../testing/npyWriter.js";
import { buildTiff, lzwEncode } from "../testing/tiffBuilder.js";
import { encodeTiffFloat32 } from "../tiffWriter.js";

/** A file to mutate: its bytes and the extension its mutants are saved with. */
export interface FuzzSeed {
  name: string;
  ext: string;
  bytes: Uint8Array;
}

/** The shared real-file folder (`../shared/formats` beside the package), when present. */
export function sharedFormatsDir(): string {
  return resolve(packageRoot(), "../shared/formats");
}

/** Every file of the shared format collection up to `maxBytes` each. */
export function realSeeds(maxBytes = 4 * 1024 * 1024): FuzzSeed[] {
  const root = sharedFormatsDir();
  if (!existsSync(root)) return [];
  const seeds: FuzzSeed[] = [];
  for (const sub of readdirSync(root).sort()) {
    const folder = join(root, sub);
    if (!statSync(folder).isDirectory()) continue;
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      // EMI files are only read through their SER (a mutant has no SER beside it).
      if (statSync(path).size > maxBytes || name.endsWith(".emi")) continue;
      seeds.push({
        name: `${sub}/${name}`,
        ext: extname(name).slice(1) || "bin",
        bytes: new Uint8Array(readFileSync(path)),
      });
    }
  }
  return seeds;
}

function mrcSeed(rng: Rng): Uint8Array {
  const [nx, ny, nz, nsymbt] = [24, 16, 2, 128];
  const bytes = new Uint8Array(1024 + nsymbt + nx * ny * nz * 2);
  const v = new DataView(bytes.buffer);
  [nx, ny, nz, 1].forEach((x, k) => {
    v.setInt32(4 * k, x, true);
  });
  [nx, ny, nz].forEach((x, k) => {
    v.setInt32(28 + 4 * k, x, true);
  });
  [nx * 2, ny * 2, nz * 2].forEach((x, k) => {
    v.setFloat32(40 + 4 * k, x, true);
  });
  v.setInt32(92, nsymbt, true);
  bytes.set([0x46, 0x45, 0x49, 0x31], 104);
  bytes.set([0x4d, 0x41, 0x50, 0x20, 0x44, 0x44], 208);
  for (let i = 1024 + nsymbt; i < bytes.length; i += 2) v.setInt16(i, rng.int(2000) - 1000, true);
  return bytes;
}

/** Small synthetic files of every writer-reachable layout, so fuzzing covers paths the real files miss. */
export function syntheticSeeds(): FuzzSeed[] {
  const rng = new Rng("fuzz-seeds");
  const w = 24;
  const h = 16;
  const n = w * h;
  const floats = new Float32Array(n).map(() => rng.normal());
  const floatBytes = new Uint8Array(floats.buffer);
  const shorts = new Uint8Array(n * 2 * 3);
  const sv = new DataView(shorts.buffer);
  for (let i = 0; i < n * 3; i++) sv.setInt16(2 * i, rng.int(60000) - 30000, false);
  const cal = [
    { scale: 0.5, units: "Å" },
    { scale: 0.5, units: "Å" },
    { scale: 1, units: "" },
  ];
  const grey8 = new Uint8Array(n).map(() => rng.int(8) * 32);
  const rgba = new Uint8Array(n * 4).map(() => rng.int(256));
  return [
    {
      name: "synthetic.dm3",
      ext: "dm3",
      bytes: encodeDmImage(
        { dataType: 2, dims: [w, h], data: floatBytes, elementType: 6, calibration: cal },
        { version: 3 },
      ),
    },
    {
      name: "synthetic.dm4",
      ext: "dm4",
      bytes: encodeDmImage(
        { dataType: 2, dims: [w, h], data: floatBytes, elementType: 6, calibration: cal },
        { version: 4 },
      ),
    },
    {
      name: "synthetic-stack-be.dm4",
      ext: "dm4",
      bytes: encodeDmImage(
        { dataType: 1, dims: [w, h, 3], data: shorts, elementType: 2, calibration: cal },
        { version: 4, littleEndian: false },
      ),
    },
    {
      name: "synthetic.tif",
      ext: "tif",
      bytes: encodeTiffFloat32({ data: floats, width: w, height: h, pixelSizeNm: { x: 0.02, y: 0.02 } }),
    },
    {
      name: "synthetic-compressed.tif",
      ext: "tif",
      bytes: buildTiff([
        {
          width: w,
          height: h,
          bitsPerSample: 8,
          sampleFormat: 1,
          rowsPerStrip: 8,
          compression: 5,
          strips: [lzwEncode(grey8.subarray(0, w * 8)), lzwEncode(grey8.subarray(w * 8))],
        },
        {
          width: w,
          height: h,
          bitsPerSample: 8,
          sampleFormat: 1,
          rowsPerStrip: h,
          compression: 8,
          strips: [deflateSync(grey8)],
        },
        {
          width: w,
          height: h,
          bitsPerSample: 8,
          sampleFormat: 1,
          rowsPerStrip: h,
          compression: 32773,
          strips: [new Uint8Array([0x81, 7, 0x81, 9, 0x81, 11])],
        },
      ]),
    },
    { name: "synthetic.mrc", ext: "mrc", bytes: mrcSeed(rng) },
    { name: "synthetic.npy", ext: "npy", bytes: encodeNpy(npyHeader("<f4", [h, w]), floatBytes) },
    {
      name: "synthetic-stack-be-fortran.npy",
      ext: "npy",
      bytes: encodeNpy(npyHeader(">i2", [3, h, w], true), shorts, 2),
    },
    {
      name: "synthetic16.png",
      ext: "png",
      bytes: encodePngGrey(
        { data: floats, width: w, height: h, pixelSizeNm: { x: 0.3, y: 0.3 } },
        { bitDepth: 16 },
      ),
    },
    {
      name: "synthetic.jpg",
      ext: "jpg",
      bytes: new Uint8Array(jpeg.encode({ data: rgba, width: w, height: h }, 80).data),
    },
  ];
}
