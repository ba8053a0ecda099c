import type { BinaryImage, LabelImage } from "./types.js";

/** Pixel connectivity: 4 (edge neighbours) or 8 (edge and corner neighbours). */
export type Connectivity = 4 | 8;

/**
 * Connected-component labelling (two passes with union-find). Labels are numbered 1 … count in raster
 * order of each component's first pixel (top row first, then left to right).
 * @param mask binary image; every non-zero pixel is foreground
 * @param connectivity 8 (default) or 4
 */
export function labelComponents(mask: BinaryImage, connectivity: Connectivity = 8): LabelImage {
  const { data, width, height } = mask;
  const labels = new Int32Array(width * height);
  const parent = new Int32Array(width * height + 1);
  let next = 1;
  const find = (a: number) => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
    return Math.min(ra, rb);
  };
  for (let j = 0; j < height; j++) {
    const row = j * width;
    for (let i = 0; i < width; i++) {
      const p = row + i;
      if (data[p] === 0) continue;
      let l = i > 0 ? labels[p - 1] : 0;
      if (j > 0) {
        const up = labels[p - width];
        if (up !== 0) l = l === 0 ? up : union(l, up);
        if (connectivity === 8) {
          const ul = i > 0 ? labels[p - width - 1] : 0;
          if (ul !== 0) l = l === 0 ? ul : union(l, ul);
          const ur = i < width - 1 ? labels[p - width + 1] : 0;
          if (ur !== 0) l = l === 0 ? ur : union(l, ur);
        }
      }
      if (l === 0) {
        l = next++;
        parent[l] = l;
      }
      labels[p] = l;
    }
  }
  const final = new Int32Array(next);
  let count = 0;
  for (let l = 1; l < next; l++) {
    const r = find(l);
    final[l] = r === l ? ++count : final[r];
  }
  for (let p = 0; p < labels.length; p++) labels[p] = final[labels[p]];
  return { labels, width, height, count };
}
