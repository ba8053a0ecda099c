import type { BinaryImage } from "./types.js";

/**
 * Dilation by a Euclidean disc of radius `radiusPx`: a pixel becomes foreground when some foreground pixel
 * lies within r. Per row, the horizontal distance to the nearest foreground pixel (capped beyond r) is found
 * in two sweeps; a pixel is then within r of the foreground if h(row + dy)² + dy² ≤ r² for some |dy| ≤ r.
 * Cost O(N·r), with no floating-point distance map. Pixels outside the image are background.
 */
export function dilate(mask: BinaryImage, radiusPx: number): BinaryImage {
  return discGrow(mask, radiusPx, 1);
}

/** Erosion by a Euclidean disc: the complement of the background's dilation (outside counts as neither). */
export function erode(mask: BinaryImage, radiusPx: number): BinaryImage {
  return discGrow(mask, radiusPx, 0);
}

/** Opening (erosion then dilation): removes specks and thin bridges narrower than 2r. */
export function open(mask: BinaryImage, radiusPx: number): BinaryImage {
  return radiusPx > 0 ? dilate(erode(mask, radiusPx), radiusPx) : mask;
}

/** Closing (dilation then erosion): bridges gaps and notches narrower than 2r. */
export function close(mask: BinaryImage, radiusPx: number): BinaryImage {
  return radiusPx > 0 ? erode(dilate(mask, radiusPx), radiusPx) : mask;
}

/** Grows the pixels equal to `value` by a disc of radius r; the result marks grown pixels with `value`. */
function discGrow(mask: BinaryImage, radiusPx: number, value: 0 | 1): BinaryImage {
  const { data, width, height } = mask;
  const r = Math.floor(radiusPx);
  const r2 = radiusPx * radiusPx;
  const far = r + 1;
  const h = new Int16Array(width * height);
  for (let j = 0; j < height; j++) {
    const o = j * width;
    let d = far;
    for (let i = 0; i < width; i++) {
      d = data[o + i] === value ? 0 : Math.min(far, d + 1);
      h[o + i] = d;
    }
    d = far;
    for (let i = width - 1; i >= 0; i--) {
      d = data[o + i] === value ? 0 : Math.min(far, d + 1);
      if (d < h[o + i]) h[o + i] = d;
    }
  }
  const out = new Uint8Array(width * height).fill(1 - value);
  for (let j = 0; j < height; j++) {
    const o = j * width;
    for (let dy = -r; dy <= r; dy++) {
      const y = j + dy;
      if (y < 0 || y >= height) continue;
      const q = y * width;
      const budget = r2 - dy * dy;
      for (let i = 0; i < width; i++) {
        const hx = h[q + i];
        if (hx * hx <= budget) out[o + i] = value;
      }
    }
  }
  return { data: out, width, height };
}
