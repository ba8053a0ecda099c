import type { ParticleColumn } from "./columns.js";
import type { ParticleReport } from "./particleReport.js";

import { formatNumber } from "../dataset/index.js";

export { formatNumber };

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The particle table as CSV (header line, one line per particle, `\n` line ends). */
export function particlesCsv(
  particles: readonly ParticleReport[],
  columns: readonly ParticleColumn[],
): string {
  const lines = [columns.map((c) => csvField(c.name)).join(",")];
  for (const p of particles) {
    lines.push(
      columns
        .map((c) => {
          const v = c.value(p);
          if (v === null) return "";
          return typeof v === "number" ? formatNumber(v) : csvField(v);
        })
        .join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}
