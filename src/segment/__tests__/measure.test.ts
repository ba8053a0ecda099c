import { describe, expect, test } from "vitest";
import { Rng } from "../../core/index.js";
import { feretDiameters } from "../feret.js";
import { labelComponents } from "../label.js";
import { measureRegions } from "../measure.js";
import { convexHull } from "../polygon.js";
import { canvas, fillEllipse, fillSquare } from "./shapes.js";

const measureOne = (image: ReturnType<typeof canvas>, pixelSizeNm = 1) => {
  const regions = measureRegions(labelComponents(image), pixelSizeNm);
  expect(regions).toHaveLength(1);
  return regions[0];
};

describe("measurements of shapes with known answers", () => {
  test("a disc of radius 30 px: area πR², ECD 2R, Feret 2R, circularity, convexity and solidity 1", () => {
    const image = canvas(90);
    fillEllipse(image, 44.3, 45.6, 30, 30);
    const r = measureOne(image);
    expect(r.areaPx / (Math.PI * 900)).toBeCloseTo(1, 2);
    expect(r.ecdNm / 60).toBeCloseTo(1, 2);
    expect(r.feretMinNm / 60).toBeCloseTo(1, 1);
    expect(r.feretMaxNm / 60).toBeCloseTo(1, 1);
    expect(Math.abs(r.circularity - 1)).toBeLessThan(0.02);
    expect(r.convexity).toBeGreaterThan(0.98);
    expect(r.solidity).toBe(1);
    expect(r.aspectRatio).toBeLessThan(1.05);
    expect(r.centroidXNm).toBeCloseTo(44.3, 0);
    expect(r.centroidYNm).toBeCloseTo(45.6, 0);
  });

  test("an axis-aligned square of side 40 px: area 1600, min Feret 40, max Feret √(40² + 39²) ≈ 40·√2 (outline through edge midpoints)", () => {
    const image = canvas(60);
    fillSquare(image, 29.5, 29.5, 40);
    const r = measureOne(image);
    expect(r.areaPx).toBe(1600);
    expect(r.feretMinNm).toBeCloseTo(40, 6);
    expect(r.feretMaxNm).toBeCloseTo(Math.hypot(40, 39), 6);
    expect(r.solidity).toBe(1);
    expect(r.box).toEqual({ column: 10, row: 10, width: 40, height: 40 });
  });

  test("the perimeter of a square averaged over rotations is 4·side within 2 %, circularity π/4", () => {
    let perimeter = 0;
    let circularity = 0;
    const angles = [0, 10, 20, 30, 40, 50, 60, 70, 80];
    for (const angle of angles) {
      const image = canvas(90);
      fillSquare(image, 45.2, 44.7, 50, angle);
      const r = measureOne(image);
      perimeter += r.perimeterNm / angles.length;
      circularity += r.circularity / angles.length;
      expect(r.feretMaxNm / (50 * Math.SQRT2)).toBeCloseTo(1, 1);
    }
    expect(Math.abs(perimeter / 200 - 1)).toBeLessThan(0.02);
    expect(Math.abs(circularity / (Math.PI / 4) - 1)).toBeLessThan(0.04);
  });

  test("an ellipse 40 × 20 px rotated by 30°: area πab, Feret 2a and 2b, aspect ratio 2, Ramanujan perimeter", () => {
    const image = canvas(110);
    fillEllipse(image, 55, 54, 40, 20, 30);
    const r = measureOne(image);
    const a = 40;
    const b = 20;
    const perimeter = Math.PI * (3 * (a + b) - Math.sqrt((3 * a + b) * (a + 3 * b)));
    expect(r.areaPx / (Math.PI * a * b)).toBeCloseTo(1, 2);
    expect(r.feretMaxNm / (2 * a)).toBeCloseTo(1, 1);
    expect(r.feretMinNm / (2 * b)).toBeCloseTo(1, 1);
    expect(r.aspectRatio).toBeCloseTo(2, 1);
    expect(Math.abs(r.perimeterNm / perimeter - 1)).toBeLessThan(0.03);
    expect(r.solidity).toBe(1);
  });

  test("physical units scale with the pixel size: nm, nm² and centroid at x = i·p", () => {
    const image = canvas(40);
    fillSquare(image, 20.5, 10.5, 10);
    const r = measureOne(image, 0.02);
    expect(r.areaNm2).toBeCloseTo(100 * 0.0004, 10);
    expect(r.ecdNm).toBeCloseTo(Math.sqrt(400 / Math.PI) * 0.02, 10);
    expect(r.feretMinNm).toBeCloseTo(0.2, 10);
    expect(r.centroidXNm).toBeCloseTo(20.5 * 0.02, 10);
    expect(r.centroidYNm).toBeCloseTo(10.5 * 0.02, 10);
    expect(r.pixelSizeNm).toBe(0.02);
  });

  test("a C shape is not convex: convexity and solidity well below 1, circularity low", () => {
    const image = canvas(80);
    fillEllipse(image, 40, 40, 30, 30);
    fillEllipse(image, 55, 40, 20, 20, 0, 0);
    const r = measureOne(image);
    expect(r.convexity).toBeLessThan(0.85);
    expect(r.solidity).toBeLessThan(0.8);
    expect(r.circularity).toBeLessThan(0.6);
  });

  test("a region in the first column touches the border; one inside does not", () => {
    const image = canvas(50);
    fillSquare(image, 2, 20, 6);
    fillSquare(image, 30, 20, 6);
    const regions = measureRegions(labelComponents(image), 1);
    expect(regions.map((r) => r.touchesBorder)).toEqual([true, false]);
  });
});

describe("rotating calipers", () => {
  test("agree with a brute-force search over all vertex pairs and edges on random convex polygons", () => {
    const rng = new Rng("feret");
    for (let trial = 0; trial < 50; trial++) {
      const points = new Float64Array(60);
      for (let k = 0; k < points.length; k++) points[k] = rng.range(-10, 10) * (k % 2 ? 1 : 3);
      const hull = convexHull(points);
      const n = hull.length / 2;
      let max = 0;
      let min = Infinity;
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++)
          max = Math.max(max, Math.hypot(hull[2 * a] - hull[2 * b], hull[2 * a + 1] - hull[2 * b + 1]));
        const ex = hull[2 * ((a + 1) % n)] - hull[2 * a];
        const ey = hull[2 * ((a + 1) % n) + 1] - hull[2 * a + 1];
        let width = 0;
        for (let b = 0; b < n; b++) {
          width = Math.max(
            width,
            Math.abs(ex * (hull[2 * b + 1] - hull[2 * a + 1]) - ey * (hull[2 * b] - hull[2 * a])) /
              Math.hypot(ex, ey),
          );
        }
        min = Math.min(min, width);
      }
      const f = feretDiameters(hull);
      expect(f.maxPx).toBeCloseTo(max, 9);
      expect(f.minPx).toBeCloseTo(min, 9);
    }
  });
});
