import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode as encodePng } from "fast-png";
import jpeg from "jpeg-js";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { readMicrograph, requirePixelSize, writePng, writeTiffFloat32 } from "../index.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-io-roundtrip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const width = 37;
const height = 23;
const rng = new Rng("io-roundtrip");
const noise = new Float32Array(width * height).map(() => rng.normal() * 1e3);

describe("write → read round trips", () => {
  it("float32 TIFF: identical pixels and calibration, also for non-square pixels below 0.01 nm", async () => {
    for (const pixelSizeNm of [
      { x: 0.0123, y: 0.0123 },
      { x: 0.004567, y: 1.25 },
    ]) {
      const path = join(dir, `rt-${pixelSizeNm.y}.tif`);
      writeTiffFloat32(path, { data: noise, width, height, pixelSizeNm });
      const m = await readMicrograph(path);
      expect([m.width, m.height, m.dtype, m.kind]).toEqual([width, height, "float32", "image"]);
      expect(m.data).toEqual(noise);
      expect(m.pixelSizeNm!.x / pixelSizeNm.x).toBeCloseTo(1, 12);
      expect(m.pixelSizeNm!.y / pixelSizeNm.y).toBeCloseTo(1, 12);
      expect(m.metadata.pixelSizeSource).toBe("file");
    }
  });

  it("float32 TIFF without calibration reads back with no pixel size and a clear error asking for one", async () => {
    const path = join(dir, "nocal.tif");
    writeTiffFloat32(path, { data: noise, width, height });
    const m = await readMicrograph(path);
    expect(m.pixelSizeNm).toBeNull();
    expect(() => requirePixelSize(m)).toThrow(/no pixel size in this TIFF: pass --pixel-size/);
    expect((await readMicrograph(path, { pixelSizeNm: 0.05 })).pixelSizeNm).toEqual({ x: 0.05, y: 0.05 });
  });

  it.each([8, 16] as const)(
    "%i-bit PNG: integer grey levels come back unchanged with nanocryst's calibration",
    async (bitDepth) => {
      const top = bitDepth === 8 ? 255 : 65535;
      const levels = new Float32Array(width * height).map(() => rng.int(top + 1));
      const path = join(dir, `rt${bitDepth}.png`);
      writePng(
        path,
        { data: levels, width, height, pixelSizeNm: { x: 0.0123, y: 0.0456 } },
        { bitDepth, range: [0, top] },
      );
      const m = await readMicrograph(path);
      expect([m.width, m.height, m.dtype]).toEqual([width, height, bitDepth === 8 ? "uint8" : "uint16"]);
      expect(m.data).toEqual(levels);
      expect(m.pixelSizeNm).toEqual({ x: 0.0123, y: 0.0456 });
    },
  );

  it("a PNG from elsewhere has no pixel size (pHYs is a screen density): the error says to pass --pixel-size", async () => {
    const path = join(dir, "foreign.png");
    writePng(path, { data: noise, width, height, pixelSizeNm: null }, { bitDepth: 8 });
    const m = await readMicrograph(path);
    expect(() => requirePixelSize(m)).toThrow(/no pixel size in this PNG: pass --pixel-size NM/);
  });

  it("PNG with alpha: fully transparent pixels are NaN (no data), unless every pixel is transparent", async () => {
    // grey + alpha, 3 × 2: the middle column transparent
    const greyAlpha = Uint8Array.from([10, 255, 20, 0, 30, 128, 40, 255, 50, 0, 60, 1]);
    const cutOut = join(dir, "grey-alpha.png");
    writeFileSync(cutOut, encodePng({ width: 3, height: 2, data: greyAlpha, depth: 8, channels: 2 }));
    expect([...(await readMicrograph(cutOut)).data]).toEqual([10, Number.NaN, 30, 40, Number.NaN, 60]);
    // RGBA, 2 × 1: luminance of grey pixels is the grey value
    const rgba = Uint8Array.from([90, 90, 90, 0, 70, 70, 70, 255]);
    const rgbaFile = join(dir, "rgba-alpha.png");
    writeFileSync(rgbaFile, encodePng({ width: 2, height: 1, data: rgba, depth: 8, channels: 4 }));
    const read = [...(await readMicrograph(rgbaFile)).data];
    expect(Number.isNaN(read[0])).toBe(true);
    expect(read[1]).toBeCloseTo(70, 4);
    const allTransparent = join(dir, "all-transparent.png");
    const data = Uint8Array.from([10, 0, 20, 0]);
    writeFileSync(allTransparent, encodePng({ width: 2, height: 1, data, depth: 8, channels: 2 }));
    expect([...(await readMicrograph(allTransparent)).data]).toEqual([10, 20]);
  });

  it("grey JPEG reads as luminance within JPEG's quantisation error, pixel size from the option only", async () => {
    const rgba = new Uint8Array(64 * 48 * 4);
    for (let i = 0; i < 64 * 48; i++) rgba.fill(Math.round(128 + 100 * Math.sin(i / 50)), 4 * i, 4 * i + 3);
    const path = join(dir, "grey.jpg");
    writeFileSync(path, jpeg.encode({ data: rgba, width: 64, height: 48 }, 95).data);
    const m = await readMicrograph(path, { pixelSizeNm: 0.1 });
    expect([m.width, m.height, m.source.format, m.pixelSizeNm]).toEqual([64, 48, "jpeg", { x: 0.1, y: 0.1 }]);
    let maxError = 0;
    for (let i = 0; i < 64 * 48; i++) maxError = Math.max(maxError, Math.abs(m.data[i] - rgba[4 * i]));
    expect(maxError).toBeLessThan(8);
  });
});
