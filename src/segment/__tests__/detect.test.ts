import { describe, expect, test } from "vitest";
import { Rng } from "../../core/index.js";
import { detectParticles } from "../detect.js";
import { measureRegions } from "../measure.js";
import { polarityFromSkewness } from "../polarity.js";
import { autoThreshold } from "../threshold/index.js";

interface Disc {
  x: number;
  y: number;
  r: number;
}

/** Discs of contrast `sign` on a noisy support with an intensity gradient; positions in px. */
function field(discs: Disc[], sign: number, size: number, rng: Rng) {
  const data = new Float32Array(size * size);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let v = 1 + (0.3 * i) / size + 0.05 * rng.normal();
      for (const d of discs) if ((i - d.x) ** 2 + (j - d.y) ** 2 <= d.r * d.r) v += sign * 0.15;
      data[j * size + i] = v;
    }
  }
  return { data, width: size, height: size };
}

const discs: Disc[] = [
  { x: 40, y: 40, r: 12 },
  { x: 110, y: 50, r: 20 },
  { x: 60, y: 130, r: 16 },
  { x: 150, y: 150, r: 10 },
  { x: 190, y: 90, r: 14 },
];

describe("classical detector", () => {
  test.each([
    { name: "dark", sign: -1 },
    { name: "bright", sign: 1 },
  ] as const)(
    "finds $name discs on a noisy, sloping support with auto polarity; ECD within 5 percent",
    ({ name, sign }) => {
      const image = field(discs, sign, 230, new Rng(["detect", name]));
      const detection = detectParticles(image, {
        pixelSizeNm: 0.05,
        smoothNm: 0.1,
        backgroundNm: 3.75,
        feature: "intensity" as const,
        thresholdMethod: "otsu" as const,
      });
      expect(detection.polarity).toBe(name);
      const regions = measureRegions(detection.labels, 0.05);
      expect(regions).toHaveLength(discs.length);
      for (const d of discs) {
        const match = regions.find(
          (r) => Math.hypot(r.centroidXNm / 0.05 - d.x, r.centroidYNm / 0.05 - d.y) < 3,
        );
        expect(match).toBeDefined();
        expect(Math.abs(match!.ecdNm / (2 * d.r * 0.05) - 1)).toBeLessThan(0.05);
      }
    },
  );

  test("a disc cut by the image border is excluded unless keepBorder", () => {
    const image = field([...discs, { x: 3, y: 200, r: 15 }], -1, 230, new Rng("border"));
    const options = {
      pixelSizeNm: 0.05,
      smoothNm: 0.1,
      backgroundNm: 3.75,
      feature: "intensity" as const,
      thresholdMethod: "otsu" as const,
    };
    expect(detectParticles(image, options).labels.count).toBe(discs.length);
    expect(detectParticles(image, { ...options, keepBorder: true }).labels.count).toBe(discs.length + 1);
  });
});

describe("thresholds and polarity", () => {
  test("Otsu, Li and triangle all fall between two well separated modes", () => {
    const rng = new Rng("modes");
    const values = new Float32Array(20000);
    for (let k = 0; k < values.length; k++) values[k] = k < 17000 ? rng.normal() : 8 + rng.normal();
    for (const method of ["otsu", "li", "triangle"] as const) {
      const t = autoThreshold(values, method);
      expect(t).toBeGreaterThan(2);
      expect(t).toBeLessThan(6);
    }
  });

  test("a minority of dark pixels skews the distribution negatively", () => {
    const values = new Float32Array(1000).fill(1);
    for (let k = 0; k < 50; k++) values[k] = 0;
    expect(polarityFromSkewness(values)).toBe("dark");
    for (let k = 0; k < 50; k++) values[k] = 2;
    expect(polarityFromSkewness(values)).toBe("bright");
  });
});
