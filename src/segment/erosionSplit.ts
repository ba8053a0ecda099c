import { squaredDistanceTransform } from "../dataset/fields/distanceTransform.js";
import { labelComponents } from "./label.js";
import { measureRegions } from "./measure.js";
import type { BinaryImage } from "./types.js";

/** Options of the erosion-based separation. */
export interface ErosionSplitOptions {
  /** A core is accepted as a particle marker once its convexity reaches this value. @default 0.95 */
  convexityThreshold?: number;
  /** Cores smaller than this many pixels are discarded (ANTEMA: the area of a 0.5 nm disc). */
  minMarkerPx: number;
}

/**
 * Splits one binary region into touching particles by ultimate erosion of convex shapes (UECS; Park & Ding,
 * *Data Science for Nano Image Analysis*, 2021, as used by ANTEMA): the region is eroded one pixel deeper at
 * a time (discs of growing radius, via the distance transform); each connected core that has become convex
 * and is still at least `minMarkerPx` large is frozen as the marker of one particle, the rest is eroded
 * further. Every pixel of the region then joins the marker it reaches first by geodesic growth inside the
 * region (conditional dilation). Unlike the watershed, the cut between two particles follows the midline
 * between their cores rather than the valley of the distance map.
 * @param mask the region (1) on background (0), with background on the image border
 * @returns per pixel 0 or the particle number 1 … n; a region without any convex core stays one particle
 */
export function erosionSplit(mask: BinaryImage, options: ErosionSplitOptions): Int32Array {
  const { convexityThreshold = 0.95, minMarkerPx } = options;
  const { data, width, height } = mask;
  const distance = squaredDistanceTransform(mask, 0);
  let deepest = 0;
  for (let p = 0; p < data.length; p++) if (data[p] && distance[p] > deepest) deepest = distance[p];
  const marker = new Int32Array(data.length);
  const core = new Uint8Array(data.length);
  let markers = 0;
  for (let r = 1; r * r < deepest; r++) {
    for (let p = 0; p < data.length; p++) core[p] = data[p] && marker[p] === 0 && distance[p] > r * r ? 1 : 0;
    const cores = labelComponents({ data: core, width, height }, 8);
    if (cores.count === 0) break;
    const accepted = new Int32Array(cores.count + 1);
    for (const c of measureRegions(cores, 1)) {
      if (c.areaPx >= minMarkerPx && c.convexity >= convexityThreshold) accepted[c.label] = ++markers;
    }
    for (let p = 0; p < data.length; p++)
      if (accepted[cores.labels[p]] > 0) marker[p] = accepted[cores.labels[p]];
  }
  const particle = new Int32Array(data.length);
  if (markers === 0) {
    for (let p = 0; p < data.length; p++) particle[p] = data[p];
    return particle;
  }
  growInside(data, width, marker, particle);
  return particle;
}

/** Breadth-first growth of the markers through the region's pixels (4-neighbour steps). */
function growInside(data: Uint8Array, width: number, marker: Int32Array, particle: Int32Array): void {
  const queue = new Int32Array(data.length);
  let head = 0;
  let tail = 0;
  for (let p = 0; p < data.length; p++) {
    if (marker[p] > 0) {
      particle[p] = marker[p];
      queue[tail++] = p;
    }
  }
  const steps = [-width, -1, 1, width];
  while (head < tail) {
    const p = queue[head++];
    for (const s of steps) {
      const q = p + s;
      if (data[q] && particle[q] === 0) {
        particle[q] = particle[p];
        queue[tail++] = q;
      }
    }
  }
}
