import { FONT, glyph } from "../dataset/index.js";

/**
 * Lower-case 5 × 7 glyphs (character-LCD style, descenders folded into the 7 rows), so that labels read
 * "5 nm" and "amorphous" rather than "5 NM"; every other character comes from dataset/'s 5 × 7 font.
 * Rows top to bottom, 5 bits each, most significant bit leftmost.
 */
const LOWER: Record<string, readonly number[]> = {
  a: [0, 0, 0x0e, 0x01, 0x0f, 0x11, 0x0f],
  b: [0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x1e],
  c: [0, 0, 0x0e, 0x10, 0x10, 0x11, 0x0e],
  d: [0x01, 0x01, 0x0d, 0x13, 0x11, 0x11, 0x0f],
  e: [0, 0, 0x0e, 0x11, 0x1f, 0x10, 0x0e],
  f: [0x06, 0x09, 0x08, 0x1c, 0x08, 0x08, 0x08],
  g: [0, 0x0f, 0x11, 0x11, 0x0f, 0x01, 0x0e],
  h: [0x10, 0x10, 0x16, 0x19, 0x11, 0x11, 0x11],
  i: [0x04, 0, 0x0c, 0x04, 0x04, 0x04, 0x0e],
  j: [0x02, 0, 0x06, 0x02, 0x02, 0x12, 0x0c],
  k: [0x10, 0x10, 0x12, 0x14, 0x18, 0x14, 0x12],
  l: [0x0c, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0e],
  m: [0, 0, 0x1a, 0x15, 0x15, 0x11, 0x11],
  n: [0, 0, 0x16, 0x19, 0x11, 0x11, 0x11],
  o: [0, 0, 0x0e, 0x11, 0x11, 0x11, 0x0e],
  p: [0, 0, 0x1e, 0x11, 0x1e, 0x10, 0x10],
  q: [0, 0, 0x0d, 0x13, 0x0f, 0x01, 0x01],
  r: [0, 0, 0x16, 0x19, 0x10, 0x10, 0x10],
  s: [0, 0, 0x0e, 0x10, 0x0e, 0x01, 0x1e],
  t: [0x08, 0x08, 0x1c, 0x08, 0x08, 0x09, 0x06],
  u: [0, 0, 0x11, 0x11, 0x11, 0x13, 0x0d],
  v: [0, 0, 0x11, 0x11, 0x11, 0x0a, 0x04],
  w: [0, 0, 0x11, 0x11, 0x15, 0x15, 0x0a],
  x: [0, 0, 0x11, 0x0a, 0x04, 0x0a, 0x11],
  y: [0, 0, 0x11, 0x11, 0x0f, 0x01, 0x0e],
  z: [0, 0, 0x1f, 0x02, 0x04, 0x08, 0x1f],
};

/** An RGBA canvas (row-major, 4 bytes per pixel). */
export interface RgbaCanvas {
  rgba: Uint8Array;
  width: number;
  height: number;
}

/** Colour as [r, g, b] in 0..255. */
export type Rgb = readonly [number, number, number];

/** Width of `text` in pixels at integer `scale`. */
export function textWidthPx(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * FONT.advance - 1) * scale;
}

/** Height of one text line in pixels at integer `scale`. */
export function textHeightPx(scale: number): number {
  return FONT.glyphHeight * scale;
}

/** Fills a rectangle (clipped to the canvas). */
export function fillRect(canvas: RgbaCanvas, x: number, y: number, w: number, h: number, color: Rgb): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(canvas.width, Math.round(x + w));
  const y1 = Math.min(canvas.height, Math.round(y + h));
  for (let j = y0; j < y1; j++) {
    for (let i = x0; i < x1; i++) {
      const o = 4 * (j * canvas.width + i);
      canvas.rgba[o] = color[0];
      canvas.rgba[o + 1] = color[1];
      canvas.rgba[o + 2] = color[2];
      canvas.rgba[o + 3] = 255;
    }
  }
}

/** Draws `text` with its top-left corner at (x, y), each font pixel a `scale` × `scale` block. */
export function drawText(
  canvas: RgbaCanvas,
  text: string,
  x: number,
  y: number,
  scale: number,
  color: Rgb,
): void {
  let cx = x;
  for (const char of text) {
    const rows = LOWER[char] ?? glyph(char);
    for (let r = 0; r < FONT.glyphHeight; r++) {
      for (let c = 0; c < FONT.glyphWidth; c++) {
        if (rows[r] & (1 << (FONT.glyphWidth - 1 - c)))
          fillRect(canvas, cx + c * scale, y + r * scale, scale, scale, color);
      }
    }
    cx += FONT.advance * scale;
  }
}
