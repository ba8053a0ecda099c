import { Rng } from "../../core/index.js";
import type { GreyImage } from "../../io/index.js";

/** A disc drawn into a synthetic micrograph; position and radius in px. */
export interface Disc {
  x: number;
  y: number;
  r: number;
}

/**
 * Dark discs (contrast −0.15) on a noisy support of mean 1, with its pixel size: plain intensity objects
 * without lattice texture, so tests that use them detect with `feature: "intensity"`.
 */
export function discField(
  discs: readonly Disc[],
  size: number,
  pixelSizeNm: number,
  seed: string,
): GreyImage {
  const rng = new Rng(seed);
  const data = new Float32Array(size * size);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let v = 1 + 0.04 * rng.normal();
      for (const d of discs) if ((i - d.x) ** 2 + (j - d.y) ** 2 <= d.r * d.r) v -= 0.15;
      data[j * size + i] = v;
    }
  }
  return { data, width: size, height: size, pixelSizeNm: { x: pixelSizeNm, y: pixelSizeNm } };
}

/** Five separated discs of radius 14–24 px in a 200 px field. */
export const FIVE_DISCS: readonly Disc[] = [
  { x: 40, y: 40, r: 16 },
  { x: 120, y: 45, r: 24 },
  { x: 55, y: 140, r: 18 },
  { x: 150, y: 150, r: 14 },
  { x: 100, y: 100, r: 15 },
];
