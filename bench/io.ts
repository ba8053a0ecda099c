/**
 * Reading a 4096 × 4096 float32 micrograph (64 MiB) from DM4, TIFF and MRC, against plain `fs.readFileSync`
 * of the same file (the baseline). Issue #5's target: ≤ 0.3 s per DM4 or TIFF read. The files are generated
 * in a temporary folder (DM4 by the test-support writer, TIFF by nanocryst's own writer).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../src/core/index.js";
import { readMicrograph, writeTiffFloat32 } from "../src/io/index.js";
import { encodeDmImage } from "../src/io/testing/dmWriter.js";
import { report, time } from "./harness.js";

const SIZE = 4096;

function mrcFile(data: Float32Array): Uint8Array {
  const bytes = new Uint8Array(1024 + data.byteLength);
  const v = new DataView(bytes.buffer);
  [SIZE, SIZE, 1, 2, 0, 0, 0, SIZE, SIZE, 1].forEach((x, k) => {
    v.setInt32(4 * k, x, true);
  });
  v.setFloat32(40, SIZE * 0.5, true);
  v.setFloat32(44, SIZE * 0.5, true);
  bytes.set([0x4d, 0x41, 0x50, 0x20, 0x44, 0x44], 208);
  bytes.set(new Uint8Array(data.buffer), 1024);
  return bytes;
}

/** Runs the file-reading benchmark. */
export async function benchIo(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "nanocryst-bench-io-"));
  try {
    const rng = new Rng("bench-io");
    const data = new Float32Array(SIZE * SIZE);
    for (let i = 0; i < data.length; i++) data[i] = rng.uniform();
    // A unit of odd length puts the pixel data off 4-byte alignment, as in most real DM files.
    const calibration = [
      { scale: 0.05, units: "nm " },
      { scale: 0.05, units: "nm" },
    ];
    const dm4 = join(dir, "big.dm4");
    writeFileSync(
      dm4,
      encodeDmImage(
        { dataType: 2, dims: [SIZE, SIZE], data: new Uint8Array(data.buffer), elementType: 6, calibration },
        { version: 4 },
      ),
    );
    const tif = join(dir, "big.tif");
    writeTiffFloat32(tif, { data, width: SIZE, height: SIZE, pixelSizeNm: { x: 0.05, y: 0.05 } });
    const mrc = join(dir, "big.mrc");
    writeFileSync(mrc, mrcFile(data));
    const baseline = await time("fs.readFileSync 64 MiB DM4", () => readFileSync(dm4), 5);
    const results = [
      await time("readMicrograph 4096² float32 DM4", () => readMicrograph(dm4), 5),
      await time("readMicrograph 4096² float32 TIFF", () => readMicrograph(tif), 5),
      await time("readMicrograph 4096² float32 MRC", () => readMicrograph(mrc), 5),
    ];
    for (const r of results) r.extra = { target: "≤300 ms", met: r.medianMs <= 300 ? "yes" : "no" };
    report("io: reading a 4096 × 4096 float32 micrograph", baseline, results);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
