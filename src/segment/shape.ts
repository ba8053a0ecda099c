import { type FeretDiameters, feretDiameters } from "./feret.js";
import { convexHull, latticePointsInConvexPolygon, polygonPerimeter } from "./polygon.js";

/** Convex-hull based shape figures of one region, all in pixel units. */
export interface RegionShape {
  /** Feret diameters of the outline through the pixel-edge midpoints [px]. */
  feret: FeretDiameters;
  /** Pixels whose centres lie in the convex hull of the region's pixel centres (≥ the region's area) [px²]. */
  convexAreaPx: number;
  /** Perimeter of the convex hull of the pixel-edge midpoints [px]. */
  convexPerimeterPx: number;
}

/**
 * Hull-based figures of a region given as sorted raster indices. The outline is taken through the midpoints
 * of the edges between a region pixel and an outside 4-neighbour (half-way between pixel centres): its hull
 * is unbiased for discs (a digital disc of radius R has Feret ≈ 2R) and an s × s pixel square gets a minimum
 * Feret of exactly s and a maximum of √(s² + (s − 1)²) ≈ s·√2. Only the extreme pixels of each row and column enter the
 * hulls, so the cost grows with the region's outline, not its area.
 * @param indices raster indices j·width + i of the region's pixels, in increasing order
 * @param width image width [px]
 */
export function regionShape(indices: Int32Array, width: number): RegionShape {
  let colMin = Infinity;
  let colMax = -Infinity;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] % width;
    if (i < colMin) colMin = i;
    if (i > colMax) colMax = i;
  }
  const columns = colMax - colMin + 1;
  const topOf = new Int32Array(columns).fill(-1);
  const bottomOf = new Int32Array(columns).fill(-1);
  const rowEnds: number[] = [];
  let k = 0;
  while (k < indices.length) {
    const j = Math.floor(indices[k] / width);
    const first = indices[k] - j * width;
    while (k + 1 < indices.length && Math.floor(indices[k + 1] / width) === j) k++;
    const last = indices[k] - j * width;
    rowEnds.push(j, first, last);
    k++;
  }
  for (let m = 0; m < indices.length; m++) {
    const j = Math.floor(indices[m] / width);
    const c = indices[m] - j * width - colMin;
    if (topOf[c] < 0) topOf[c] = j;
    bottomOf[c] = j;
  }
  const rows = rowEnds.length / 3;
  const centres = new Float64Array(4 * rows);
  const midpoints: number[] = [];
  for (let r = 0; r < rows; r++) {
    const j = rowEnds[3 * r];
    const a = rowEnds[3 * r + 1];
    const b = rowEnds[3 * r + 2];
    centres.set([a, j, b, j], 4 * r);
    midpoints.push(a - 0.5, j, b + 0.5, j);
  }
  for (let c = 0; c < columns; c++) {
    if (topOf[c] < 0) continue;
    midpoints.push(c + colMin, topOf[c] - 0.5, c + colMin, bottomOf[c] + 0.5);
  }
  const outlineHull = convexHull(Float64Array.from(midpoints));
  return {
    feret: feretDiameters(outlineHull),
    convexAreaPx: latticePointsInConvexPolygon(convexHull(centres)),
    convexPerimeterPx: polygonPerimeter(outlineHull),
  };
}
