/**
 * Pictures as SVG text (no rasteriser needed): training curves and confusion matrices.
 */

/** One line of a chart. */
export interface Series {
  name: string;
  color: string;
  values: number[];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function panel(
  x0: number,
  title: string,
  yLabel: string,
  series: Series[],
  yMin: number,
  yMax: number,
): string {
  const w = 360;
  const h = 240;
  const left = x0 + 50;
  const top = 30;
  const n = Math.max(2, ...series.map((s) => s.values.length));
  const px = (i: number) => left + (i / (n - 1)) * (w - 60);
  const py = (v: number) => top + (1 - (v - yMin) / (yMax - yMin || 1)) * (h - 60);
  const parts = [
    `<text x="${left}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${left}" y="${top}" width="${w - 60}" height="${h - 60}" fill="none" stroke="#888"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const v = yMin + ((yMax - yMin) * t) / 4;
    parts.push(
      `<text x="${left - 4}" y="${py(v) + 4}" font-size="10" text-anchor="end">${v.toPrecision(3)}</text>`,
    );
  }
  parts.push(
    `<text x="${left + (w - 60) / 2}" y="${h - 8}" font-size="11" text-anchor="middle">epoch</text>`,
  );
  parts.push(
    `<text x="${x0 + 10}" y="${top + (h - 60) / 2}" font-size="11" transform="rotate(-90 ${x0 + 10} ${top + (h - 60) / 2})" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  series.forEach((s, k) => {
    const points = s.values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>`);
    parts.push(
      `<text x="${left + 8}" y="${top + 14 + 14 * k}" font-size="11" fill="${s.color}">${esc(s.name)}</text>`,
    );
  });
  return parts.join("\n");
}

/** Loss and accuracy per epoch, train and validation, side by side. */
export function trainingCurveSvg(history: {
  trainLoss: number[];
  valLoss: number[];
  trainAccuracy: number[];
  valAccuracy: number[];
}): string {
  const losses = [...history.trainLoss, ...history.valLoss].filter(Number.isFinite);
  const maxLoss = Math.max(0.1, ...losses);
  const body = [
    panel(
      0,
      "Cross-entropy loss",
      "loss [nats]",
      [
        { name: "train", color: "#1f77b4", values: history.trainLoss },
        { name: "validation", color: "#d62728", values: history.valLoss },
      ],
      0,
      maxLoss,
    ),
    panel(
      380,
      "Accuracy",
      "accuracy",
      [
        { name: "train", color: "#1f77b4", values: history.trainAccuracy },
        { name: "validation", color: "#d62728", values: history.valAccuracy },
      ],
      0,
      1,
    ),
  ].join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="760" height="250" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`;
}

/**
 * A confusion matrix picture: rows = true class, columns = predicted class (an extra "unknown" column when
 * given), each cell shaded by its row-normalised fraction and labelled with count and percentage.
 */
export function confusionMatrixSvg(
  title: string,
  rowNames: string[],
  columnNames: string[],
  counts: number[][],
): string {
  const cell = 90;
  const left = 130;
  const top = 60;
  const width = left + cell * columnNames.length + 20;
  const height = top + cell * rowNames.length + 40;
  const parts = [`<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`];
  parts.push(
    `<text x="${left + (cell * columnNames.length) / 2}" y="38" font-size="11" text-anchor="middle">predicted</text>`,
  );
  columnNames.forEach((name, c) => {
    const x = left + cell * c + cell / 2;
    parts.push(`<text x="${x}" y="${top - 6}" font-size="11" text-anchor="middle">${esc(name)}</text>`);
  });
  rowNames.forEach((name, r) => {
    const total = counts[r].reduce((a, b) => a + b, 0);
    parts.push(
      `<text x="${left - 6}" y="${top + cell * r + cell / 2}" font-size="11" text-anchor="end">${esc(name)}</text>`,
    );
    counts[r].forEach((count, c) => {
      const f = total > 0 ? count / total : 0;
      const shade = Math.round(255 - 200 * f);
      const x = left + cell * c;
      const y = top + cell * r;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#444"/>`,
      );
      parts.push(
        `<text x="${x + cell / 2}" y="${y + cell / 2 - 2}" font-size="14" text-anchor="middle" fill="${f > 0.6 ? "white" : "black"}">${count}</text>`,
      );
      parts.push(
        `<text x="${x + cell / 2}" y="${y + cell / 2 + 16}" font-size="11" text-anchor="middle" fill="${f > 0.6 ? "white" : "black"}">${(100 * f).toFixed(1)} %</text>`,
      );
    });
  });
  parts.push(
    `<text x="12" y="${top + (cell * rowNames.length) / 2}" font-size="11" transform="rotate(-90 12 ${top + (cell * rowNames.length) / 2})" text-anchor="middle">true</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join("\n")}\n</svg>\n`;
}
