import { croftonPerimeters } from "./perimeter.js";
import { regionPixels } from "./regionPixels.js";
import { regionShape } from "./shape.js";
import type { LabelImage } from "./types.js";

/** Axis-aligned bounding box in pixels: first column and row, and extent. */
export interface PixelBox {
  column: number;
  row: number;
  width: number;
  height: number;
}

/**
 * One detected particle and its measurements. Lengths in nm, areas in nm², computed from pixel counts and
 * the region's own pixel size; names match the `particles.csv` columns (design.md).
 */
export interface ParticleRegion {
  /** Label value in the instance image (1 … count). */
  label: number;
  /** Pixel edge length used for every physical figure [nm]. */
  pixelSizeNm: number;
  /** Number of pixels. */
  areaPx: number;
  /** Area = pixel count × pixel area [nm²]. */
  areaNm2: number;
  /** Equivalent circular diameter √(4A/π) [nm]. */
  ecdNm: number;
  /** Minimum Feret (caliper) diameter of the outline through pixel-edge midpoints [nm]. */
  feretMinNm: number;
  /** Maximum Feret diameter (≈ 2R for a disc; √(s² + (s − 1)²) px for an s-pixel square) [nm]. */
  feretMaxNm: number;
  /** Direction of the maximum Feret diameter from the +x axis towards +y [degrees, 0–180). */
  feretMaxAngleDeg: number;
  /** Crofton (four-direction) estimate of the outline length, holes included [nm]. */
  perimeterNm: number;
  /** 4πA/P² (1 for a disc; lower for elongated or ragged outlines). */
  circularity: number;
  /** Convex-hull perimeter / perimeter (≤ 1; 1 for convex outlines). */
  convexity: number;
  /** Area / convex area, both counted in pixel centres (≤ 1; 1 for digitally convex regions). */
  solidity: number;
  /** Maximum / minimum Feret diameter (≥ 1). */
  aspectRatio: number;
  /** Centroid x (column direction), pixel i centred at x = i·p [nm]. */
  centroidXNm: number;
  /** Centroid y (row direction) [nm]. */
  centroidYNm: number;
  /** Bounding box [px]. */
  box: PixelBox;
  /** True when the region has a pixel in the first or last row or column. */
  touchesBorder: boolean;
}

/**
 * Measures every region of a label image.
 * @param image instance image (0 = background)
 * @param pixelSizeNm pixel edge length [nm]
 * @returns one entry per label, in label order
 */
export function measureRegions(image: LabelImage, pixelSizeNm: number): ParticleRegion[] {
  const { width, height, count } = image;
  const { offsets, indices } = regionPixels(image);
  const perimeters = croftonPerimeters(image);
  const regions: ParticleRegion[] = [];
  for (let l = 1; l <= count; l++) {
    const own = indices.subarray(offsets[l], offsets[l + 1]);
    if (own.length === 0) continue;
    let sumX = 0;
    let sumY = 0;
    let colMin = Infinity;
    let colMax = -Infinity;
    for (let k = 0; k < own.length; k++) {
      const i = own[k] % width;
      sumX += i;
      if (i < colMin) colMin = i;
      if (i > colMax) colMax = i;
    }
    for (let k = 0; k < own.length; k++) sumY += Math.floor(own[k] / width);
    const rowMin = Math.floor(own[0] / width);
    const rowMax = Math.floor(own[own.length - 1] / width);
    const shape = regionShape(own, width);
    const areaPx = own.length;
    const perimeterPx = perimeters[l];
    const p = pixelSizeNm;
    regions.push({
      label: l,
      pixelSizeNm: p,
      areaPx,
      areaNm2: areaPx * p * p,
      ecdNm: Math.sqrt((4 * areaPx) / Math.PI) * p,
      feretMinNm: shape.feret.minPx * p,
      feretMaxNm: shape.feret.maxPx * p,
      feretMaxAngleDeg: shape.feret.maxAngleDeg,
      perimeterNm: perimeterPx * p,
      circularity: (4 * Math.PI * areaPx) / (perimeterPx * perimeterPx),
      convexity: Math.min(1, shape.convexPerimeterPx / perimeterPx),
      solidity: areaPx / shape.convexAreaPx,
      aspectRatio: shape.feret.maxPx / shape.feret.minPx,
      centroidXNm: (sumX / areaPx) * p,
      centroidYNm: (sumY / areaPx) * p,
      box: { column: colMin, row: rowMin, width: colMax - colMin + 1, height: rowMax - rowMin + 1 },
      touchesBorder: colMin === 0 || rowMin === 0 || colMax === width - 1 || rowMax === height - 1,
    });
  }
  return regions;
}
