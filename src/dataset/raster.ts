import { FONT, glyph } from "./font5x7.js";

/** An RGBA picture (8 bits per channel, row-major) for contact sheets. */
export class Raster {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: readonly [number, number, number] = [255, 255, 255],
  ) {
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  /** Fills a rectangle (clipped to the picture). */
  fillRect(x: number, y: number, w: number, h: number, rgb: readonly [number, number, number]): void {
    for (let r = Math.max(0, y); r < Math.min(this.height, y + h); r++) {
      for (let c = Math.max(0, x); c < Math.min(this.width, x + w); c++) this.set(c, r, rgb);
    }
  }

  /** Sets one pixel (opaque). */
  set(column: number, row: number, rgb: readonly [number, number, number]): void {
    const i = (row * this.width + column) * 4;
    this.data[i] = rgb[0];
    this.data[i + 1] = rgb[1];
    this.data[i + 2] = rgb[2];
    this.data[i + 3] = 255;
  }

  /**
   * Draws a grey image into a `size × size` tile at (x, y), scaled to fit (nearest neighbour, aspect kept,
   * centred) with values in `[lo, hi]` mapped to black…white.
   */
  drawGrey(
    image: { data: Float32Array; width: number; height: number },
    x: number,
    y: number,
    size: number,
    lo: number,
    hi: number,
  ): void {
    const scale = size / Math.max(image.width, image.height);
    const w = Math.max(1, Math.round(image.width * scale));
    const h = Math.max(1, Math.round(image.height * scale));
    const ox = x + ((size - w) >> 1);
    const oy = y + ((size - h) >> 1);
    const span = hi > lo ? hi - lo : 1;
    for (let r = 0; r < h; r++) {
      const sr = Math.min(image.height - 1, Math.floor(r / scale));
      for (let c = 0; c < w; c++) {
        const sc = Math.min(image.width - 1, Math.floor(c / scale));
        const v = Math.round((255 * (image.data[sr * image.width + sc] - lo)) / span);
        const g = Math.min(255, Math.max(0, v));
        if (ox + c < this.width && oy + r < this.height) this.set(ox + c, oy + r, [g, g, g]);
      }
    }
  }

  /** Draws one line of text with its top-left corner at (x, y), clipped to `maxWidth` pixels. */
  drawText(
    text: string,
    x: number,
    y: number,
    rgb: readonly [number, number, number],
    maxWidth = Infinity,
  ): void {
    for (let k = 0; k < text.length; k++) {
      const gx = x + k * FONT.advance;
      if (gx + FONT.glyphWidth > x + maxWidth) break;
      const rows = glyph(text[k]);
      for (let r = 0; r < FONT.glyphHeight; r++) {
        for (let c = 0; c < FONT.glyphWidth; c++) {
          if ((rows[r] >> (FONT.glyphWidth - 1 - c)) & 1) {
            if (gx + c >= 0 && gx + c < this.width && y + r >= 0 && y + r < this.height)
              this.set(gx + c, y + r, rgb);
          }
        }
      }
    }
  }
}
