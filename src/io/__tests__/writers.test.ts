import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decode as decodePng } from "fast-png";
import { decode as decodeTiff } from "tiff";
import { afterAll, describe, expect, it } from "vitest";
import { PNG_CALIBRATION_KEYWORD, writePng, writePngRgb, writeTiffFloat32 } from "../index.js";
import { toRational } from "../rational.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-writers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const width = 7;
const height = 5;
const ramp = new Float32Array(width * height).map((_, i) => i * 1.5 - 3.25);

describe("writeTiffFloat32 (checked with the independent `tiff` decoder)", () => {
  it("stores float32 samples, size and ImageJ calibration in pixels per nm", () => {
    const path = join(dir, "ramp.tif");
    writeTiffFloat32(path, { data: ramp, width, height, pixelSizeNm: { x: 0.0123, y: 0.5 } });
    const [ifd] = decodeTiff(readFileSync(path));
    expect([ifd.width, ifd.height, ifd.bitsPerSample, ifd.sampleFormat]).toEqual([width, height, 32, 3]);
    expect(Array.from(ifd.data as Float32Array)).toEqual(Array.from(ramp));
    expect(1 / (ifd.xResolution as number)).toBeCloseTo(0.0123, 12);
    expect(1 / (ifd.yResolution as number)).toBeCloseTo(0.5, 12);
    expect(ifd.resolutionUnit).toBe(1);
    expect(String(ifd.get(270))).toMatch(/^ImageJ=.*\nunit=nm\n/);
  });

  it("writes no unit when the image has no pixel size", () => {
    const path = join(dir, "nocal.tif");
    writeTiffFloat32(path, { data: ramp, width, height, pixelSizeNm: null });
    const [ifd] = decodeTiff(readFileSync(path));
    expect(String(ifd.get(270))).not.toContain("unit=");
    expect(ifd.get(282)).toBeUndefined();
  });

  it("refuses data whose length does not match width × height", () => {
    expect(() => writeTiffFloat32(join(dir, "bad.tif"), { data: ramp, width: 3, height: 3 })).toThrow(
      /expected 3×3/,
    );
  });
});

describe("toRational", () => {
  it("approximates resolutions to 1e-12 within 32-bit numerator and denominator", () => {
    for (const v of [1 / 0.0123, 81.3008, 1e-6, 12345.678, 1 / 3]) {
      const [p, q] = toRational(v);
      expect(p).toBeLessThanOrEqual(0xffffffff);
      expect(q).toBeLessThanOrEqual(0xffffffff);
      expect(Math.abs(p / q - v) / v).toBeLessThan(1e-12);
    }
  });
});

describe("writePng (checked with fast-png's decoder)", () => {
  it("maps the range to 0…65535 and records pHYs in pixels per metre and the exact calibration", () => {
    const path = join(dir, "ramp16.png");
    writePng(path, { data: ramp, width, height, pixelSizeNm: { x: 0.5, y: 0.25 } }, { bitDepth: 16 });
    const png = decodePng(readFileSync(path));
    expect([png.width, png.height, png.depth, png.channels]).toEqual([width, height, 16, 1]);
    expect(png.data[0]).toBe(0);
    expect(png.data[width * height - 1]).toBe(65535);
    expect(png.resolution).toEqual({ x: 2e9, y: 4e9, unit: 1 });
    const calibration = JSON.parse(png.text[PNG_CALIBRATION_KEYWORD]);
    expect(calibration.pixelSizeNm).toEqual({ x: 0.5, y: 0.25 });
    expect(calibration.range).toEqual([ramp[0], ramp[width * height - 1]]);
  });

  it("keeps integer grey levels unchanged with range [0, 255] at 8 bits", () => {
    const grey = new Float32Array(width * height).map((_, i) => (i * 7) % 256);
    const path = join(dir, "grey8.png");
    writePng(path, { data: grey, width, height }, { bitDepth: 8, range: [0, 255] });
    const png = decodePng(readFileSync(path));
    expect(Array.from(png.data)).toEqual(Array.from(grey));
    expect(png.resolution).toBeUndefined();
  });

  it("omits pHYs when pixels are too small for its 32-bit field but keeps the tEXt calibration", () => {
    const path = join(dir, "fine.png");
    writePng(path, { data: ramp, width, height, pixelSizeNm: { x: 0.01, y: 0.01 } }, { bitDepth: 8 });
    const png = decodePng(readFileSync(path));
    expect(png.resolution).toBeUndefined();
    expect(JSON.parse(png.text[PNG_CALIBRATION_KEYWORD]).pixelSizeNm).toEqual({ x: 0.01, y: 0.01 });
  });

  it("writes RGBA pictures", () => {
    const rgba = new Uint8Array(2 * 3 * 4).map((_, i) => i * 10);
    const path = join(dir, "rgba.png");
    writePngRgb(path, rgba, 2, 3);
    const png = decodePng(readFileSync(path));
    expect([png.width, png.height, png.channels]).toEqual([2, 3, 4]);
    expect(Array.from(png.data)).toEqual(Array.from(rgba));
  });
});
