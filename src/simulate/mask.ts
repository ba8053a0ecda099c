/**
 * The particle mask on camera pixels: 1 where the particle's atoms project. Pixels within an atomic radius
 * of a projected particle atom are set, then the set is closed (dilate/erode by a disc) so gaps between
 * projected columns fill, and enclosed holes are filled. Periodic like the cell.
 */

/** Radius around each projected particle atom [Å] (≈ a metal atom's radius). */
export const MASK_ATOM_RADIUS_ANG = 1.5;
/** Radius of the closing disc [Å]: bridges gaps between neighbouring projected columns. */
export const MASK_CLOSING_RADIUS_ANG = 2;

/**
 * @param xAng,yAng projected positions of the particle's atoms [Å]
 * @param cellXAng,cellYAng periodic cell [Å]
 * @param pixelSizeAng camera pixel [Å]; pixel (row j, column i) sits at (i·p, j·p)
 */
export function particleMask(
  xAng: ArrayLike<number>,
  yAng: ArrayLike<number>,
  cellXAng: number,
  cellYAng: number,
  width: number,
  height: number,
  pixelSizeAng: number,
): Uint8Array {
  const grown = new Uint8Array(width * height);
  discs(
    grown,
    xAng,
    yAng,
    cellXAng,
    cellYAng,
    width,
    height,
    pixelSizeAng,
    MASK_ATOM_RADIUS_ANG + MASK_CLOSING_RADIUS_ANG,
  );
  const closed = erode(grown, width, height, MASK_CLOSING_RADIUS_ANG / pixelSizeAng);
  const atoms = new Uint8Array(width * height);
  discs(atoms, xAng, yAng, cellXAng, cellYAng, width, height, pixelSizeAng, MASK_ATOM_RADIUS_ANG);
  for (let p = 0; p < closed.length; p++) closed[p] |= atoms[p];
  return fillHoles(closed, width, height);
}

function discs(
  out: Uint8Array,
  xAng: ArrayLike<number>,
  yAng: ArrayLike<number>,
  cellXAng: number,
  cellYAng: number,
  width: number,
  height: number,
  p: number,
  radiusAng: number,
): void {
  const r2 = radiusAng * radiusAng;
  for (let a = 0; a < xAng.length; a++) {
    const x = wrap(xAng[a], cellXAng);
    const y = wrap(yAng[a], cellYAng);
    for (let j = Math.ceil((y - radiusAng) / p); j <= Math.floor((y + radiusAng) / p); j++) {
      const dy = j * p - y;
      const row = wrapIndex(j, height) * width;
      for (let i = Math.ceil((x - radiusAng) / p); i <= Math.floor((x + radiusAng) / p); i++) {
        const dx = i * p - x;
        if (dx * dx + dy * dy <= r2) out[row + wrapIndex(i, width)] = 1;
      }
    }
  }
}

/**
 * Erosion by a disc of `radiusPx`, periodic: a pixel stays set when every pixel of the disc about it is set.
 * Row by row of the disc, that means the run of set pixels through (i, j + dj) reaches ±w(dj) = ±⌊√(r² − dj²)⌋,
 * so each row's runs to the left and right are counted once and each pixel checks one pair per disc row.
 */
export function erode(mask: Uint8Array, width: number, height: number, radiusPx: number): Uint8Array {
  const r = Math.floor(radiusPx);
  const reach = Int32Array.from({ length: 2 * r + 1 }, (_, k) =>
    Math.floor(Math.sqrt(radiusPx * radiusPx - (k - r) ** 2)),
  );
  const left = new Int32Array(mask.length);
  const right = new Int32Array(mask.length);
  for (let j = 0; j < height; j++) runLengths(mask, j * width, width, left, right);
  const out = new Uint8Array(mask.length);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      if (!mask[j * width + i]) continue;
      let keep = 1;
      for (let k = 0; k <= 2 * r && keep; k++) {
        const q = wrapIndex(j + k - r, height) * width + i;
        keep = left[q] > reach[k] && right[q] > reach[k] ? 1 : 0;
      }
      out[j * width + i] = keep;
    }
  }
  return out;
}

/**
 * For one periodic row: the number of consecutive set pixels ending at each pixel going left (itself included)
 * and going right; a row set throughout counts as unbounded.
 */
function runLengths(
  mask: Uint8Array,
  start: number,
  width: number,
  left: Int32Array,
  right: Int32Array,
): void {
  let zero = -1;
  for (let i = 0; i < width; i++) if (!mask[start + i]) zero = i;
  if (zero < 0) {
    left.fill(0x7fffffff, start, start + width);
    right.fill(0x7fffffff, start, start + width);
    return;
  }
  // Start after a zero so the count never needs to wrap more than once.
  let run = 0;
  for (let n = 1; n <= width; n++) {
    const i = (zero + n) % width;
    run = mask[start + i] ? run + 1 : 0;
    left[start + i] = run;
  }
  run = 0;
  for (let n = 1; n <= width; n++) {
    const i = (zero - n + width) % width;
    run = mask[start + i] ? run + 1 : 0;
    right[start + i] = run;
  }
}

/** Sets every 0-pixel not 4-connected to the image border (holes inside the particle). */
function fillHoles(mask: Uint8Array, width: number, height: number): Uint8Array {
  const outside = new Uint8Array(mask.length);
  const stack: number[] = [];
  const push = (p: number) => {
    if (!mask[p] && !outside[p]) {
      outside[p] = 1;
      stack.push(p);
    }
  };
  for (let i = 0; i < width; i++) {
    push(i);
    push((height - 1) * width + i);
  }
  for (let j = 0; j < height; j++) {
    push(j * width);
    push(j * width + width - 1);
  }
  while (stack.length > 0) {
    const p = stack.pop()!;
    const i = p % width;
    const j = (p - i) / width;
    if (i > 0) push(p - 1);
    if (i < width - 1) push(p + 1);
    if (j > 0) push(p - width);
    if (j < height - 1) push(p + width);
  }
  const out = new Uint8Array(mask.length);
  for (let p = 0; p < mask.length; p++) out[p] = outside[p] ? 0 : 1;
  return out;
}

function wrap(v: number, l: number): number {
  return ((v % l) + l) % l;
}

function wrapIndex(i: number, n: number): number {
  return ((i % n) + n) % n;
}
