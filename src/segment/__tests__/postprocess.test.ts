import { describe, expect, test } from "vitest";
import { findHoles } from "../holes.js";
import { regionsClearOf } from "../keepRegions.js";
import { labelComponents } from "../label.js";
import { measureRegions } from "../measure.js";
import { postprocess } from "../postprocess.js";
import { separateTouching } from "../separate.js";
import { canvas, fillEllipse } from "./shapes.js";

/** Two discs of radius 20 px whose centres are 34 px apart (overlapping by 6 px). */
function touchingDiscs() {
  const image = canvas(120, 70);
  fillEllipse(image, 40, 35, 20, 20);
  fillEllipse(image, 74, 35.4, 20, 20);
  return image;
}

describe("separation of touching particles", () => {
  test.each(["watershed", "erosion"] as const)(
    "%s splits two touching discs into two halves of equal size",
    (method) => {
      const split = separateTouching(labelComponents(touchingDiscs()), { method, minMarkerPx: 20 });
      expect(split.count).toBe(2);
      const [a, b] = measureRegions(split, 1);
      expect(a.areaPx / b.areaPx).toBeCloseTo(1, 1);
      expect(Math.abs(a.centroidXNm - 40)).toBeLessThan(2);
      expect(Math.abs(b.centroidXNm - 74)).toBeLessThan(2);
      expect(a.convexity).toBeGreaterThan(0.95);
    },
  );

  test.each(["watershed", "erosion"] as const)("%s leaves a single disc and an ellipse whole", (method) => {
    const image = canvas(120, 70);
    fillEllipse(image, 30, 35, 20, 20);
    fillEllipse(image, 85, 35, 25, 12, 20);
    expect(separateTouching(labelComponents(image), { method, minMarkerPx: 20 }).count).toBe(2);
  });

  test("separation 'none' keeps touching discs as one region", () => {
    expect(separateTouching(labelComponents(touchingDiscs()), { method: "none" }).count).toBe(1);
  });
});

describe("holes", () => {
  test("a ring's hole is counted and filled with the ring's label; an island inside keeps its own label", () => {
    const image = canvas(60);
    fillEllipse(image, 30, 30, 25, 25);
    fillEllipse(image, 30, 30, 15, 15, 0, 0);
    fillEllipse(image, 30, 30, 5, 5);
    const labels = labelComponents(image);
    expect(labels.count).toBe(2);
    const holes = findHoles(labels);
    expect(holes.countByLabel[1]).toBe(1);
    expect(holes.countByLabel[2]).toBe(0);
    expect(holes.filled.labels[30 * 60 + 30]).toBe(2);
    expect(holes.filled.labels[30 * 60 + 20]).toBe(1);
  });

  test("a notch open to the image border is not a hole", () => {
    const image = canvas(40);
    fillEllipse(image, 20, 20, 15, 15);
    for (let j = 0; j < 20; j++) image.data[j * 40 + 20] = 0;
    expect(findHoles(labelComponents(image)).countByLabel[1]).toBe(0);
  });
});

describe("ANTEMA post-processing", () => {
  const field = () => {
    const image = canvas(200, 100);
    fillEllipse(image, 0, 50, 15, 15);
    fillEllipse(image, 50, 50, 15, 15);
    fillEllipse(image, 100, 50, 2, 2);
    fillEllipse(image, 150, 50, 15, 15);
    fillEllipse(image, 150, 50, 4, 4, 0, 0);
    return image;
  };

  test("removes particles cut by the border and below the minimum diameter, and fills holes", () => {
    const labels = postprocess(field(), { pixelSizeNm: 0.05, minDiameterNm: 0.5 });
    const regions = measureRegions(labels, 0.05);
    expect(regions.map((r) => Math.round(r.centroidXNm / 0.05))).toEqual([50, 150]);
    expect(regions[1].areaPx).toBe(regions[0].areaPx);
  });

  test("keepBorder keeps the cut particle; fillHoles false keeps the hole; maxHoles 0 drops the ring", () => {
    expect(postprocess(field(), { pixelSizeNm: 0.05, keepBorder: true }).count).toBe(3);
    const unfilled = measureRegions(postprocess(field(), { pixelSizeNm: 0.05, fillHoles: false }), 0.05);
    expect(unfilled[1].areaPx).toBeLessThan(unfilled[0].areaPx);
    expect(postprocess(field(), { pixelSizeNm: 0.05, maxHoles: 0 }).count).toBe(1);
  });

  test("the minimum diameter is an equivalent diameter in nm: a 5 px disc survives at 0.1 nm/px with 0.4 nm", () => {
    const image = canvas(40);
    fillEllipse(image, 20, 20, 2.5, 2.5);
    expect(postprocess(image, { pixelSizeNm: 0.1, minDiameterNm: 0.4 }).count).toBe(1);
    expect(postprocess(image, { pixelSizeNm: 0.1, minDiameterNm: 0.6 }).count).toBe(0);
  });

  test("at coarse pixels a particle still needs five pixels: single specks are noise, not particles", () => {
    const image = canvas(30);
    const set = (pixels: [number, number][]) => {
      for (const [x, y] of pixels) image.data[y * 30 + x] = 1;
    };
    set([[5, 5]]); // one pixel
    set([
      [12, 5],
      [13, 5],
      [12, 6],
      [13, 6],
    ]); // a 2 × 2 square
    set([
      [20, 5],
      [19, 6],
      [20, 6],
      [21, 6],
      [20, 7],
    ]); // a plus of five
    // at 5 nm pixels a 0.5 nm minimum diameter alone would keep all three
    const labels = postprocess(image, { pixelSizeNm: 5 });
    expect(labels.count).toBe(1);
    expect(measureRegions(labels, 5)[0].areaPx).toBe(5);
  });
});

describe("regions near pixels without data", () => {
  // three one-pixel-wide regions in a 12 × 3 image, no data in column 0
  const labels = new Int32Array(12 * 3);
  for (let r = 0; r < 3; r++) {
    labels[r * 12 + 1] = 1; // touches the no-data column
    labels[r * 12 + 2] = 2; // one pixel between it and the no-data column
    labels[r * 12 + 8] = 3; // far off
  }
  const image = { labels, width: 12, height: 3, count: 3 };
  const noData = new Uint8Array(12 * 3);
  for (let r = 0; r < 3; r++) noData[r * 12] = 1;

  test("are dropped when they touch it, and within the margin when one is given", () => {
    expect([...regionsClearOf(image, noData)].slice(1)).toEqual([0, 1, 1]);
    expect([...regionsClearOf(image, noData, 2)].slice(1)).toEqual([0, 0, 1]);
    expect([...regionsClearOf(image, new Uint8Array(12 * 3))].slice(1)).toEqual([1, 1, 1]);
  });
});
