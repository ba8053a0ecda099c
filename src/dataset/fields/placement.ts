import type { Rng } from "../../core/index.js";
import type { FieldParticle } from "./simulateField.js";

/** Where a particle patch goes in the field (its top-left corner) and whether it touches another. */
export interface Place {
  column: number;
  row: number;
  touching: boolean;
}

/**
 * Where a particle patch goes: touching an earlier particle (stepped out along a random direction from it
 * until the masks no longer overlap), across the border, or anywhere at least `gapPx` from the others.
 * Returns null when no place is found in 200 tries.
 */
export function choosePlace(
  patch: { mask: Uint8Array; width: number; height: number },
  instances: Int32Array,
  sizePx: number,
  placed: readonly FieldParticle[],
  rng: Rng,
  want: { touching: boolean; border: boolean; gapPx: number },
): Place | null {
  const maskPixels: number[] = [];
  let cx = 0;
  let cy = 0;
  for (let p = 0; p < patch.mask.length; p++) {
    if (!patch.mask[p]) continue;
    maskPixels.push(p);
    cx += p % patch.width;
    cy += Math.floor(p / patch.width);
  }
  if (maskPixels.length === 0) return null;
  cx /= maskPixels.length;
  cy /= maskPixels.length;
  const clearance = (column: number, row: number, gap: number) => {
    for (const p of maskPixels) {
      const x = column + (p % patch.width);
      const y = row + Math.floor(p / patch.width);
      for (let dy = -gap; dy <= gap; dy += Math.max(1, gap)) {
        for (let dx = -gap; dx <= gap; dx += Math.max(1, gap)) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx >= 0 && yy >= 0 && xx < sizePx && yy < sizePx && instances[yy * sizePx + xx] !== 0)
            return false;
        }
      }
    }
    return true;
  };
  /** True when the mask at this place lies within 2 px of the partner. */
  const touchesOnly = (column: number, row: number, partner: number) => {
    for (const p of maskPixels) {
      const x = column + (p % patch.width);
      const y = row + Math.floor(p / patch.width);
      for (let d = -2; d <= 2; d++) {
        if (x + d >= 0 && x + d < sizePx && instances[y * sizePx + x + d] === partner) return true;
        if (y + d >= 0 && y + d < sizePx && instances[(y + d) * sizePx + x] === partner) return true;
      }
    }
    return false;
  };
  const radius = Math.sqrt(maskPixels.length / Math.PI);
  const interior = placed.filter((p) => !p.touchesBorder);
  // Touching: from a partner's centre, step outwards until the masks no longer overlap; the first clear spot
  // touches the partner. Crowded fields may block a direction (another particle, the border): try several.
  for (let tries = 0; want.touching && interior.length > 0 && tries < 24; tries++) {
    const partner = rng.pick(interior);
    const angle = rng.range(0, 2 * Math.PI);
    const [px0, py0] = centroidPx(instances, sizePx, partner.id);
    for (let step = 0; step < 4 * sizePx; step++) {
      const column = Math.round(px0 + step * Math.cos(angle) - cx);
      const row = Math.round(py0 + step * Math.sin(angle) - cy);
      if (!clearance(column, row, 1)) continue;
      const inside =
        column + cx - radius > 0 &&
        row + cy - radius > 0 &&
        column + cx + radius < sizePx - 1 &&
        row + cy + radius < sizePx - 1;
      if (inside && touchesOnly(column, row, partner.id)) return { column, row, touching: true };
      break;
    }
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    let x: number;
    let y: number;
    if (want.border) {
      const along = rng.range(radius, sizePx - radius);
      const across = rng.range(-0.5 * radius, 0.5 * radius);
      const side = rng.int(4);
      x = side < 2 ? along : side === 2 ? across : sizePx - 1 - across;
      y = side < 2 ? (side === 0 ? across : sizePx - 1 - across) : along;
    } else {
      x = rng.range(radius + 2, sizePx - radius - 2);
      y = rng.range(radius + 2, sizePx - radius - 2);
    }
    const column = Math.round(x - cx);
    const row = Math.round(y - cy);
    if (clearance(column, row, Math.round(want.gapPx))) return { column, row, touching: false };
  }
  return null;
}

function centroidPx(instances: Int32Array, sizePx: number, id: number): [number, number] {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let p = 0; p < instances.length; p++) {
    if (instances[p] !== id) continue;
    sx += p % sizePx;
    sy += Math.floor(p / sizePx);
    n++;
  }
  return [sx / n, sy / n];
}
