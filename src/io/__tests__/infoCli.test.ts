import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../cli/__tests__/runCli.js";
import { packageRoot } from "../../core/index.js";
import { writeTiffFloat32 } from "../index.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-info-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const formats = resolve(packageRoot(), "../shared/formats");

describe("nanocryst info (built executable)", () => {
  const tif = join(dir, "ramp.tif");
  writeTiffFloat32(tif, {
    data: Float32Array.from({ length: 12 }, (_, i) => i),
    width: 4,
    height: 3,
    pixelSizeNm: { x: 0.02, y: 0.02 },
  });

  it("--json prints one object per file with the contract keys; the mean is that of the data", () => {
    const result = runCli(["info", "--json", tif]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]);
    expect(Object.keys(record)).toEqual([
      "file",
      "kind",
      "width",
      "height",
      "frames",
      "dtype",
      "pixelSizeNm",
      "mean",
      "metadata",
    ]);
    expect(record).toMatchObject({
      file: tif,
      kind: "image",
      width: 4,
      height: 3,
      frames: 1,
      dtype: "float32",
      mean: 5.5,
    });
    expect(record.pixelSizeNm.x).toBeCloseTo(0.02, 12);
  });

  it("reports the mean of the finite pixels and counts those without data", () => {
    const withHoles = join(dir, "holes.tif");
    // 0 … 11 with 3, 7 and 11 missing: the mean of the other nine is 45 / 9 = 5
    const data = Float32Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? Number.NaN : i));
    data[11] = Number.POSITIVE_INFINITY;
    writeTiffFloat32(withHoles, { data, width: 4, height: 3, pixelSizeNm: { x: 0.02, y: 0.02 } });
    const human = runCli(["info", withHoles]);
    expect(human.stdout).toContain("mean 5, 3 pixels without data");
    const record = JSON.parse(runCli(["info", "--json", withHoles]).stdout);
    expect(record).toMatchObject({ mean: 5, missingPixels: 3 });
  });

  it("a damaged file gets one stderr line, the good ones are still reported, exit 1", () => {
    const bad = join(dir, "bad.dm4");
    writeFileSync(bad, new Uint8Array([0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1, 1, 0]));
    const result = runCli(["info", bad, tif]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${tif}: image 4×3, float32, tiff, 0.02 nm/px, mean 5.5`);
    const errors = result.stderr.trim().split("\n");
    expect(errors[0]).toMatch(/^error: .*bad\.dm4: truncated DM4 .* at byte \d+$/);
    expect(errors[1]).toBe("error: 1 of 2 files could not be read");
  });

  it("--pixel-size overrides the calibration and a bad value is a usage error", () => {
    const result = runCli(["info", "--json", "--pixel-size", "0.5", tif]);
    expect(JSON.parse(result.stdout).pixelSizeNm).toEqual({ x: 0.5, y: 0.5 });
    const bad = runCli(["info", "--pixel-size", "-1", tif]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--pixel-size must be greater than 0/);
  });

  it.skipIf(!existsSync(formats))("real files: spectrum and stack are described, not refused", () => {
    const result = runCli([
      "info",
      "--json",
      join(formats, "ncempy/08_carbon.dm3"),
      join(formats, "ncempy/temp.mrc"),
    ]);
    expect(result.code).toBe(0);
    const [spectrum, stack] = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect([spectrum.kind, spectrum.width, spectrum.pixelSizeNm]).toEqual(["spectrum", 2048, null]);
    expect([stack.kind, stack.frames, stack.pixelSizeNm]).toEqual(["stack", 3, { x: 0.2, y: 0.2 }]);
    expect(spectrum.metadata.voltageKv).toBe(300);
  });
});
