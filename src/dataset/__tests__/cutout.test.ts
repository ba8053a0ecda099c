import { describe, expect, it } from "vitest";
import { cutOutParticle } from "../cutout.js";

/** A 40×30 image: background 10 + column index, a disc of radius 5 at (20, 15) with value 100. */
function disc() {
  const width = 40;
  const height = 30;
  const data = new Float32Array(width * height);
  const mask = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const inside = (c - 20) ** 2 + (r - 15) ** 2 <= 25;
      mask[r * width + c] = inside ? 1 : 0;
      data[r * width + c] = inside ? 100 : 10 + c;
    }
  }
  return { image: { data, width, height, pixelSizeNm: { x: 0.05, y: 0.05 } }, mask };
}

describe("cutOutParticle", () => {
  it("crops to the mask's bounding box plus the margin and keeps the particle's pixels", () => {
    const { image, mask } = disc();
    const cut = cutOutParticle(image, mask, { marginPx: 3 });
    expect(cut.origin).toEqual({ column: 12, row: 7 });
    expect(cut.width).toBe(11 + 6);
    expect(cut.height).toBe(11 + 6);
    expect(cut.data[(15 - 7) * cut.width + (20 - 12)]).toBe(100);
    expect(cut.mask.reduce((s, v) => s + v, 0)).toBe(mask.reduce((s, v) => s + v, 0));
    expect(cut.pixelSizeNm).toEqual({ x: 0.05, y: 0.05 });
  });

  it("fills the outside with the mean of the background ring around the particle", () => {
    const { image, mask } = disc();
    const cut = cutOutParticle(image, mask, { marginPx: 2, ringPx: 2 });
    // The ring is symmetric about column 20, where the background is 10 + 20 = 30.
    expect(cut.fillValue).toBeCloseTo(30, 4);
    const outside = cut.data.filter((_, i) => cut.mask[i] === 0);
    expect(outside.every((v) => v === cut.fillValue)).toBe(true);
  });

  it("uses the pixel size for its default margin (0.25 nm)", () => {
    const { image, mask } = disc();
    const cut = cutOutParticle(image, mask);
    expect(cut.origin.column).toBe(15 - 5); // round(0.25 / 0.05) = 5 px
  });

  it("offers the ring median and a fixed fill", () => {
    const { image, mask } = disc();
    expect(cutOutParticle(image, mask, { ringPx: 2, fill: "ring-median" }).fillValue).toBe(30);
    expect(cutOutParticle(image, mask, { fill: -1 }).fillValue).toBe(-1);
  });

  it("rejects an empty mask and a mask of the wrong size with a clear message", () => {
    const { image } = disc();
    expect(() => cutOutParticle(image, new Uint8Array(image.data.length))).toThrow(/mask is empty/);
    expect(() => cutOutParticle(image, new Uint8Array(5))).toThrow(/sizes must match/);
  });
});
