import { squaredDistanceTransform } from "../dataset/fields/distanceTransform.js";
import type { BinaryImage } from "./types.js";

/**
 * Splits one binary region into touching particles by a watershed of its distance transform (flooding from
 * the maxima down, as a union-find over pixels in order of decreasing distance). A maximum starts its own
 * particle only if its dynamic — its height above the saddle where it meets a higher maximum — is at least
 * `dynamicPx`; shallower maxima (boundary noise, plateaus) join the basin they meet. This equals a
 * marker-controlled watershed with the extended maxima of height `dynamicPx` as markers. A pixel that touches
 * two kept basins joins the one holding its highest neighbour, so no background line is drawn between them.
 * @param mask the region (1) on background (0); the image must have background on its border
 * @param dynamicPx minimum dynamic of a kept maximum [px], > 0
 * @returns per pixel 0 (background) or the particle number 1 … n, numbered by decreasing maximum
 */
export function watershedSplit(mask: BinaryImage, dynamicPx: number): Int32Array {
  const { data, width } = mask;
  const distance = squaredDistanceTransform(mask, 0);
  const pixels: number[] = [];
  for (let p = 0; p < data.length; p++) if (data[p]) pixels.push(p);
  const order = Float64Array.from(pixels);
  // Sort by decreasing distance; ties in raster order. Keys pack the squared distance (an integer) and index.
  for (let k = 0; k < order.length; k++) order[k] = -distance[pixels[k]] * data.length + pixels[k];
  order.sort();
  const parent = new Int32Array(data.length).fill(-1);
  const peak = new Float32Array(data.length);
  const find = (a: number) => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const offsets = [-width - 1, -width, -width + 1, -1, 1, width - 1, width, width + 1];
  const roots = new Int32Array(8);
  for (let k = 0; k < order.length; k++) {
    const key = order[k];
    const p = ((key % data.length) + data.length) % data.length;
    const level = Math.sqrt(distance[p]);
    let n = 0;
    let steepest = -1;
    for (const o of offsets) {
      const q = p + o;
      if (parent[q] < 0) continue;
      if (steepest < 0 || distance[q] > distance[steepest]) steepest = q;
      const r = find(q);
      let seen = false;
      for (let m = 0; m < n; m++) if (roots[m] === r) seen = true;
      if (!seen) roots[n++] = r;
    }
    if (n === 0) {
      parent[p] = p;
      peak[p] = level;
      continue;
    }
    let top = roots[0];
    for (let m = 1; m < n; m++) if (peak[roots[m]] > peak[top]) top = roots[m];
    for (let m = 0; m < n; m++) {
      const r = roots[m];
      if (r !== top && peak[r] - level < dynamicPx) parent[r] = top;
    }
    // Follow the steepest ascent: along a rim where two kept basins meet at the same level, joining the
    // basin of the highest neighbour stops one basin from creeping around the other's outline.
    parent[p] = find(steepest);
  }
  const particle = new Int32Array(data.length);
  const rootsByPeak = [...new Set(pixels.map(find))].sort((a, b) => peak[b] - peak[a] || a - b);
  const numberOf = new Map(rootsByPeak.map((r, idx) => [r, idx + 1]));
  for (const p of pixels) particle[p] = numberOf.get(find(p))!;
  return particle;
}
