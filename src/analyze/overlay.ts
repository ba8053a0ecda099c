import type { GreyImage } from "../io/index.js";
import { squaredDistanceTransform } from "../dataset/index.js";
import type { LabelImage } from "../segment/index.js";
import { classColor } from "./colors.js";
import type { ParticleReport } from "./particleReport.js";
import { drawText, fillRect, type RgbaCanvas, textHeightPx, textWidthPx } from "./text.js";

/** Display range of an image: its 0.5 and 99.5 percentiles (on at most ~10⁵ evenly spread pixels). */
export function displayRange(data: Float32Array): [number, number] {
  const step = Math.max(1, Math.floor(data.length / 100_000));
  const sample: number[] = [];
  for (let p = 0; p < data.length; p += step) if (Number.isFinite(data[p])) sample.push(data[p]);
  if (sample.length === 0) return [0, 1];
  sample.sort((a, b) => a - b);
  const at = (q: number) => sample[Math.min(sample.length - 1, Math.floor(q * sample.length))];
  const lo = at(0.005);
  const hi = at(0.995);
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/** A "nice" scale-bar length (1, 2 or 5 × 10^k nm) close to a fifth of the image width [nm]. */
export function scaleBarNm(widthNm: number): number {
  const target = widthNm / 5;
  const decade = 10 ** Math.floor(Math.log10(target));
  for (const m of [5, 2, 1]) if (m * decade <= target) return m * decade;
  return decade;
}

/** Text for a length in nm without float noise ("0.5 nm", "20 nm"). */
function lengthText(nm: number): string {
  return `${Number(nm.toPrecision(3))} nm`;
}

/**
 * The paper's Fig. 8 as a picture: the micrograph in grey with every kept particle outlined in the colour of
 * its class, and below it a footer with a scale bar and a legend (class, colour, count), so nothing covers
 * the particles. Outline width grows with the image (1 px up to 600 px, then 1 px per 600 px). Particles
 * absent from `particles` are not drawn.
 * @param legend labels to list, in order (each with its count)
 */
export function renderOverlay(
  image: GreyImage,
  labels: LabelImage,
  particles: readonly ParticleReport[],
  pixelSizeNm: number,
  legend: readonly string[],
): RgbaCanvas {
  const { width, height } = labels;
  const scale = Math.max(1, Math.round(Math.min(width, 2 * height) / 400));
  const pad = 4 * scale;
  const lineHeight = textHeightPx(scale) + pad;
  const barNm = scaleBarNm(width * pixelSizeNm);
  const barPx = Math.round(barNm / pixelSizeNm);
  const barText = lengthText(barNm);
  // Legend entries flow right of the scale bar and wrap onto further lines.
  const legendLeft = pad + Math.max(barPx, textWidthPx(barText, scale)) + 4 * pad;
  const entries: { label: string; text: string; x: number; line: number }[] = [];
  let x = legendLeft;
  let line = 0;
  for (const label of legend) {
    const text = `${label} ${particles.filter((p) => p.classLabel === label).length}`;
    const entryWidth = textHeightPx(scale) + pad + textWidthPx(text, scale) + 3 * pad;
    if (x + entryWidth > width && x > legendLeft) {
      x = legendLeft;
      line++;
    }
    entries.push({ label, text, x, line });
    x += entryWidth;
  }
  const footer = pad + Math.max(2, line + 1) * lineHeight + pad;
  const canvas: RgbaCanvas = {
    rgba: new Uint8Array(width * (height + footer) * 4),
    width,
    height: height + footer,
  };
  const [lo, hi] = displayRange(image.data);
  const gain = 255 / (hi - lo);
  for (let p = 0; p < width * height; p++) {
    const v = Math.max(0, Math.min(255, Math.round((image.data[p] - lo) * gain)));
    canvas.rgba[4 * p] = v;
    canvas.rgba[4 * p + 1] = v;
    canvas.rgba[4 * p + 2] = v;
    canvas.rgba[4 * p + 3] = 255;
  }
  drawOutlines(canvas, labels, particles, Math.max(1, Math.round(Math.min(width, height) / 600)));
  fillRect(canvas, 0, height, width, footer, [0, 0, 0]);
  const white = [255, 255, 255] as const;
  drawText(canvas, barText, pad, height + pad, scale, white);
  fillRect(canvas, pad, height + pad + lineHeight, barPx, 2 * scale, white);
  for (const e of entries) {
    const y = height + pad + e.line * lineHeight;
    fillRect(canvas, e.x, y, textHeightPx(scale), textHeightPx(scale), classColor(e.label));
    drawText(canvas, e.text, e.x + textHeightPx(scale) + pad, y, scale, white);
  }
  return canvas;
}

/**
 * Colours the inner band of each particle's outline: its pixels closer than `thickness` to a pixel whose
 * 4-neighbour carries another label (or lies outside the image).
 */
function drawOutlines(
  canvas: RgbaCanvas,
  labels: LabelImage,
  particles: readonly ParticleReport[],
  thickness: number,
): void {
  const { width, height } = labels;
  const l = labels.labels;
  const colors = new Uint8Array(3 * (labels.count + 1));
  for (const p of particles) colors.set(classColor(p.classLabel), 3 * p.particle);
  const edge = new Uint8Array(l.length);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      const p = j * width + i;
      const k = l[p];
      if (k === 0) continue;
      edge[p] =
        i === 0 ||
        j === 0 ||
        i === width - 1 ||
        j === height - 1 ||
        l[p - 1] !== k ||
        l[p + 1] !== k ||
        l[p - width] !== k ||
        l[p + width] !== k
          ? 1
          : 0;
    }
  }
  const near = thickness > 1 ? squaredDistanceTransform({ data: edge, width, height }, 1) : null;
  const limit = thickness * thickness;
  for (let p = 0; p < l.length; p++) {
    const k = l[p];
    if (k === 0 || (near ? near[p] >= limit : edge[p] === 0)) continue;
    canvas.rgba[4 * p] = colors[3 * k];
    canvas.rgba[4 * p + 1] = colors[3 * k + 1];
    canvas.rgba[4 * p + 2] = colors[3 * k + 2];
  }
}
