import { findHoles } from "./holes.js";
import { keepRegions, regionsAtLeast, regionsInside, renumberInRasterOrder } from "./keepRegions.js";
import { labelComponents } from "./label.js";
import { type SeparationMethod, separateTouching } from "./separate.js";
import type { BinaryImage, LabelImage } from "./types.js";

/** ANTEMA's post-processing settings; lengths in nm. */
export interface PostprocessOptions {
  /** Pixel edge length [nm]. */
  pixelSizeNm: number;
  /** Regions with a smaller equivalent circular diameter are removed [nm]. @default 0.5 */
  minDiameterNm?: number;
  /** Fill holes (background pockets enclosed by one region). @default true */
  fillHoles?: boolean;
  /** Regions with more holes than this are removed (a particle has none; a web of support texture has many). @default 2 */
  maxHoles?: number;
  /** How touching particles are separated. @default "watershed" */
  separation?: SeparationMethod;
  /** Only regions with convexity ≤ this are separated. @default 0.95 */
  convexityThreshold?: number;
  /** Watershed: minimum height of a distance-map maximum above its saddle [nm]. @default 0.04 (≥ 1 px) */
  separationDynamicNm?: number;
  /** Keep particles that touch the image border (normally excluded as incomplete). @default false */
  keepBorder?: boolean;
}

/**
 * Turns a binary particle map into an instance image the way ANTEMA does (Gumbiowski et al. 2023):
 * label (8-connected) → remove regions below the minimum equivalent diameter → remove regions with too many
 * holes, fill the holes of the rest → split non-convex regions into touching particles → exclude particles
 * touching the image border → remove pieces below the minimum diameter that the split left.
 * @returns instance image, particles numbered 1 … n in raster order of their first pixel
 */
export function postprocess(mask: BinaryImage, options: PostprocessOptions): LabelImage {
  const {
    pixelSizeNm,
    minDiameterNm = 0.5,
    fillHoles = true,
    maxHoles = 2,
    separation = "watershed",
    convexityThreshold = 0.95,
    separationDynamicNm = 0.04,
  } = options;
  const minAreaPx = minimumAreaPx(pixelSizeNm, minDiameterNm);
  let image = labelComponents(mask, 8);
  image = keepRegions(image, regionsAtLeast(image, minAreaPx));
  const holes = findHoles(image);
  const fewHoles = new Uint8Array(image.count + 1);
  for (let l = 1; l <= image.count; l++) fewHoles[l] = holes.countByLabel[l] <= maxHoles ? 1 : 0;
  image = keepRegions(fillHoles ? holes.filled : image, fewHoles);
  image = separateTouching(image, {
    method: separation,
    convexityThreshold,
    dynamicPx: Math.max(1, separationDynamicNm / pixelSizeNm),
    minMarkerPx: minAreaPx,
  });
  return finishRegions(image, { ...options, fillHoles: false });
}

/**
 * Fewest pixels a particle may have, whatever the pixel size: five, the smallest region with an interior
 * pixel. Smaller ones cannot be told from noise, and their outline measures too short (circularity above 1);
 * at pixels of several nm the minimum diameter alone allowed single pixels, and noise specks became particles
 * by the ten thousand.
 */
const MIN_REGION_PX = 5;

/** Pixel count of a disc with the given equivalent diameter, at least {@link MIN_REGION_PX}. */
export function minimumAreaPx(pixelSizeNm: number, minDiameterNm = 0.5): number {
  return Math.max(MIN_REGION_PX, Math.ceil((Math.PI / 4) * (minDiameterNm / pixelSizeNm) ** 2));
}

/**
 * The last steps of the post-processing, also run after a boundary refinement: fill holes (if asked),
 * exclude particles touching the border (unless `keepBorder`), remove those below the minimum diameter,
 * and renumber 1 … n in raster order.
 */
export function finishRegions(image: LabelImage, options: PostprocessOptions): LabelImage {
  const { pixelSizeNm, minDiameterNm = 0.5, fillHoles = true, keepBorder = false } = options;
  if (fillHoles) image = findHoles(image).filled;
  if (!keepBorder) image = keepRegions(image, regionsInside(image));
  return renumberInRasterOrder(
    keepRegions(image, regionsAtLeast(image, minimumAreaPx(pixelSizeNm, minDiameterNm))),
  );
}
