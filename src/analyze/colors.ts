import type { Rgb } from "./text.js";

/**
 * Outline colour per label, from the Okabe–Ito palette (distinguishable with the common colour-vision
 * deficiencies): amorphous orange, monocrystalline sky blue, polycrystalline bluish green, crystalline
 * (2-class models) blue, unknown reddish purple, unclassified yellow.
 */
const CLASS_COLORS: Record<string, Rgb> = {
  amorphous: [230, 159, 0],
  monocrystalline: [86, 180, 233],
  polycrystalline: [0, 158, 115],
  crystalline: [0, 114, 178],
  unknown: [204, 121, 167],
  unclassified: [240, 228, 66],
};

/** Colour for labels outside the palette. */
const OTHER: Rgb = [213, 94, 0];

/** The outline colour of a class label. */
export function classColor(label: string): Rgb {
  return CLASS_COLORS[label] ?? OTHER;
}

/** `#rrggbb` of a class colour, for SVG and HTML. */
export function classColorHex(label: string): string {
  return `#${classColor(label)
    .map((v) => v.toString(16).padStart(2, "0"))
    .join("")}`;
}
