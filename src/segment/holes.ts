import { labelComponents } from "./label.js";
import type { LabelImage } from "./types.js";

/** The holes of every region: background pockets that do not reach the image border. */
export interface RegionHoles {
  /** Number of holes per label (entry 0 unused). */
  countByLabel: Int32Array;
  /** The label image with every hole given the label of the region around it. */
  filled: LabelImage;
}

/**
 * Finds and fills holes. Background is connected through edges only (4-connectivity), the complement of
 * the regions' 8-connectivity, so a diagonal gap in an outline does not open a hole. A hole belongs to the
 * region holding the pixel just above its first pixel in raster order: that pixel lies on the hole's outer
 * rim, never on an island inside it.
 * @param image instance image (not modified)
 */
export function findHoles(image: LabelImage): RegionHoles {
  const { labels, width, height, count } = image;
  const background = new Uint8Array(labels.length);
  for (let p = 0; p < labels.length; p++) background[p] = labels[p] === 0 ? 1 : 0;
  const pockets = labelComponents({ data: background, width, height }, 4);
  const reachesBorder = new Uint8Array(pockets.count + 1);
  for (let i = 0; i < width; i++) {
    reachesBorder[pockets.labels[i]] = 1;
    reachesBorder[pockets.labels[(height - 1) * width + i]] = 1;
  }
  for (let j = 0; j < height; j++) {
    reachesBorder[pockets.labels[j * width]] = 1;
    reachesBorder[pockets.labels[j * width + width - 1]] = 1;
  }
  const owner = new Int32Array(pockets.count + 1);
  const countByLabel = new Int32Array(count + 1);
  const filledLabels = new Int32Array(labels);
  for (let p = width; p < labels.length; p++) {
    const h = pockets.labels[p];
    if (h === 0 || reachesBorder[h]) continue;
    if (owner[h] === 0) {
      owner[h] = labels[p - width];
      countByLabel[owner[h]]++;
    }
    filledLabels[p] = owner[h];
  }
  return { countByLabel, filled: { labels: filledLabels, width, height, count } };
}
