import { classColorHex } from "./colors.js";
import type { ParticleReport } from "./particleReport.js";

/** Counts of one quantity in equal bins, per class label. */
export interface ClassHistogram {
  /** Lower edge of the first bin and bin width, in the quantity's unit. */
  startValue: number;
  binWidth: number;
  /** Counts per label, one entry per bin. */
  counts: Record<string, number[]>;
}

/** A round bin width (1, 2, 2.5 or 5 × 10^k) giving about `bins` bins over `span`. */
export function niceBinWidth(span: number, bins = 20): number {
  if (!(span > 0)) return 1;
  const raw = span / bins;
  const decade = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * decade >= raw) return m * decade;
  return 10 * decade;
}

/** Histogram of `value` over the particles, stacked by class label (labels in the given order). */
export function classHistogram(
  particles: readonly ParticleReport[],
  labels: readonly string[],
  value: (p: ParticleReport) => number,
): ClassHistogram {
  const values = particles.map(value);
  const lo = values.length ? values.reduce((a, b) => Math.min(a, b)) : 0;
  const hi = values.length ? values.reduce((a, b) => Math.max(a, b)) : 1;
  const binWidth = niceBinWidth(hi - lo);
  const startValue = Math.floor(lo / binWidth) * binWidth;
  const bins = Math.max(1, Math.floor((hi - startValue) / binWidth) + 1);
  const counts: Record<string, number[]> = Object.fromEntries(
    labels.map((l) => [l, new Array(bins).fill(0)]),
  );
  particles.forEach((p, k) => {
    const row = counts[p.classLabel];
    if (row) row[Math.min(bins - 1, Math.floor((values[k] - startValue) / binWidth))]++;
  });
  return { startValue, binWidth, counts };
}

function escapeSvg(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * A stacked bar chart of a class histogram as a standalone SVG (axes, ticks, axis titles, legend).
 * @param xTitle axis title with unit, e.g. "equivalent circular diameter (nm)"
 */
export function histogramSvg(h: ClassHistogram, xTitle: string): string {
  const W = 640;
  const H = 360;
  const left = 56;
  const right = 150;
  const top = 20;
  const bottom = 50;
  const labels = Object.keys(h.counts);
  const bins = labels.length ? h.counts[labels[0]].length : 0;
  const totals = Array.from({ length: bins }, (_, b) => labels.reduce((s, l) => s + h.counts[l][b], 0));
  const maxCount = Math.max(1, ...totals);
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const barW = bins > 0 ? plotW / bins : plotW;
  const y = (c: number) => top + plotH - (c / maxCount) * plotH;
  const parts: string[] = [];
  for (let b = 0; b < bins; b++) {
    let stacked = 0;
    for (const l of labels) {
      const c = h.counts[l][b];
      if (c === 0) continue;
      parts.push(
        `<rect x="${(left + b * barW).toFixed(2)}" y="${y(stacked + c).toFixed(2)}" width="${Math.max(1, barW - 1).toFixed(2)}" height="${(y(stacked) - y(stacked + c)).toFixed(2)}" fill="${classColorHex(l)}"><title>${escapeSvg(l)}: ${c}</title></rect>`,
      );
      stacked += c;
    }
  }
  const yStep = Math.max(1, Math.ceil(maxCount / 5));
  for (let c = 0; c <= maxCount; c += yStep) {
    parts.push(`<line x1="${left - 4}" x2="${left}" y1="${y(c)}" y2="${y(c)}" stroke="#000"/>`);
    parts.push(`<text x="${left - 6}" y="${y(c) + 4}" text-anchor="end">${c}</text>`);
  }
  const xStep = Math.max(1, Math.ceil(bins / 8));
  for (let b = 0; b <= bins; b += xStep) {
    const x = left + b * barW;
    const v = Number((h.startValue + b * h.binWidth).toPrecision(4));
    parts.push(`<line x1="${x}" x2="${x}" y1="${top + plotH}" y2="${top + plotH + 4}" stroke="#000"/>`);
    parts.push(`<text x="${x}" y="${top + plotH + 18}" text-anchor="middle">${v}</text>`);
  }
  labels.forEach((l, k) => {
    const ly = top + 10 + 20 * k;
    parts.push(
      `<rect x="${W - right + 16}" y="${ly - 10}" width="12" height="12" fill="${classColorHex(l)}"/>`,
    );
    const n = h.counts[l].reduce((s, c) => s + c, 0);
    parts.push(`<text x="${W - right + 34}" y="${ly}">${escapeSvg(l)} (${n})</text>`);
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    ...parts,
    `<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#000"/>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#000"/>`,
    `<text x="${left + plotW / 2}" y="${H - 10}" text-anchor="middle">${escapeSvg(xTitle)}</text>`,
    `<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">particles</text>`,
    "</svg>",
  ].join("\n");
}
