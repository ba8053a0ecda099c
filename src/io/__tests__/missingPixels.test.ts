import { describe, expect, it } from "vitest";
import { NanocrystError } from "../../core/index.js";
import { fillMissingPixels } from "../missingPixels.js";

describe("pixels without a finite value", () => {
  it("take the mean of the finite pixels and are marked missing", () => {
    const data = Float32Array.from([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 5, Number.NEGATIVE_INFINITY]);
    const { image, missing } = fillMissingPixels({ data, width: 3, height: 2 }, "x.tif");
    expect([...image.data]).toEqual([1, 3, 3, 3, 5, 3]);
    expect([...(missing ?? [])]).toEqual([0, 1, 0, 1, 0, 1]);
    // the file's own data is left as it was
    expect(Number.isNaN(data[1])).toBe(true);
  });

  it("leave an image whose pixels are all finite as it is", () => {
    const original = { data: Float32Array.from([1, 2, 3, 4]), width: 2, height: 2 };
    const { image, missing } = fillMissingPixels(original, "x.tif");
    expect(image).toBe(original);
    expect(missing).toBeNull();
  });

  it("make an input error naming the file when no pixel is finite", () => {
    const image = { data: new Float32Array(4).fill(Number.NaN), width: 2, height: 2 };
    const error = (() => {
      try {
        fillMissingPixels(image, "dead.tif");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NanocrystError);
    expect((error as NanocrystError).kind).toBe("input");
    expect((error as NanocrystError).oneLine()).toMatch(/^dead\.tif: .*finite/);
  });
});
