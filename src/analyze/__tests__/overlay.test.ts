import { describe, expect, test } from "vitest";
import { cutOutParticle } from "../../dataset/index.js";
import { detectParticles, measureRegions } from "../../segment/index.js";
import { cutOutParticles } from "../classifyParticles.js";
import { classColor } from "../colors.js";
import { renderOverlay, scaleBarNm } from "../overlay.js";
import type { ParticleReport } from "../particleReport.js";
import { discField, FIVE_DISCS } from "./synthetic.js";

const LABELS = ["amorphous", "monocrystalline", "polycrystalline", "unknown"];

function analysed() {
  const image = discField(FIVE_DISCS, 200, 0.03, "overlay");
  const labels = detectParticles(image, { pixelSizeNm: 0.03, feature: "intensity" }).labels;
  const particles: ParticleReport[] = measureRegions(labels, 0.03).map((r, k) => ({
    ...r,
    file: "x",
    particle: r.label,
    classLabel: LABELS[k % LABELS.length],
    confidence: 0.9,
    probabilities: {},
  }));
  return { image, labels, particles };
}

describe("overlay (the paper's Fig. 8)", () => {
  test("every kept particle is outlined in its class colour, on its own boundary pixels", () => {
    const { image, labels, particles } = analysed();
    expect(particles).toHaveLength(FIVE_DISCS.length);
    const overlay = renderOverlay(image, labels, particles, 0.03, LABELS);
    expect(overlay.width).toBe(200);
    expect(overlay.height).toBeGreaterThan(200);
    for (const p of particles) {
      const color = classColor(p.classLabel);
      let boundary = 0;
      let colored = 0;
      for (let j = p.box.row; j < p.box.row + p.box.height; j++) {
        for (let i = p.box.column; i < p.box.column + p.box.width; i++) {
          const q = j * 200 + i;
          if (labels.labels[q] !== p.particle) continue;
          if (labels.labels[q - 1] === p.particle && labels.labels[q + 1] === p.particle) {
            if (labels.labels[q - 200] === p.particle && labels.labels[q + 200] === p.particle) continue;
          }
          boundary++;
          const rgb = [overlay.rgba[4 * q], overlay.rgba[4 * q + 1], overlay.rgba[4 * q + 2]];
          if (rgb.every((v, c) => v === color[c])) colored++;
        }
      }
      expect(boundary).toBeGreaterThan(20);
      expect(colored).toBe(boundary);
    }
  });

  test("the footer carries the scale bar and a legend swatch of each class colour", () => {
    const { image, labels, particles } = analysed();
    const overlay = renderOverlay(image, labels, particles, 0.03, LABELS);
    const footer = overlay.rgba.subarray(4 * 200 * 200);
    for (const label of LABELS) {
      const [r, g, b] = classColor(label);
      let found = false;
      for (let o = 0; o < footer.length && !found; o += 4)
        found = footer[o] === r && footer[o + 1] === g && footer[o + 2] === b;
      expect(found).toBe(true);
    }
  });

  test("scale bars are 1, 2 or 5 × 10^k nm near a fifth of the width", () => {
    expect(scaleBarNm(6)).toBe(1);
    expect(scaleBarNm(20.48)).toBe(2);
    expect(scaleBarNm(30)).toBe(5);
    expect(scaleBarNm(0.9)).toBeCloseTo(0.1, 12);
  });
});

describe("cut-outs for the classifier", () => {
  test("cutting from a window around each particle equals cutting from the whole micrograph", () => {
    const { image, labels, particles } = analysed();
    const windowed = cutOutParticles(image, labels, particles);
    particles.forEach((p, k) => {
      const mask = new Uint8Array(labels.labels.length);
      for (let q = 0; q < mask.length; q++) mask[q] = labels.labels[q] === p.particle ? 1 : 0;
      const whole = cutOutParticle(image, mask);
      expect(windowed[k].origin).toEqual(whole.origin);
      expect([windowed[k].width, windowed[k].height]).toEqual([whole.width, whole.height]);
      expect(windowed[k].fillValue).toBeCloseTo(whole.fillValue, 6);
      expect(Array.from(windowed[k].mask)).toEqual(Array.from(whole.mask));
      expect(Array.from(windowed[k].data)).toEqual(Array.from(whole.data));
    });
  });
});
