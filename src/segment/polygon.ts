/**
 * Small plane-geometry helpers on polygons stored as interleaved coordinates [x0, y0, x1, y1, …] in pixel
 * units (x = column, y = row).
 */

/**
 * Convex hull (Andrew's monotone chain) of a point set, counter-clockwise in a y-up frame, without
 * collinear points. Fewer than three distinct points give a degenerate hull (the points themselves).
 * @param points interleaved x, y
 * @returns interleaved hull vertices
 */
export function convexHull(points: Float64Array): Float64Array {
  const n = points.length / 2;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  order.sort((a, b) => points[2 * a] - points[2 * b] || points[2 * a + 1] - points[2 * b + 1]);
  const hull = new Int32Array(2 * n + 1);
  let h = 0;
  const cross = (o: number, a: number, b: number) =>
    (points[2 * a] - points[2 * o]) * (points[2 * b + 1] - points[2 * o + 1]) -
    (points[2 * a + 1] - points[2 * o + 1]) * (points[2 * b] - points[2 * o]);
  for (let k = 0; k < n; k++) {
    while (h >= 2 && cross(hull[h - 2], hull[h - 1], order[k]) <= 0) h--;
    hull[h++] = order[k];
  }
  const lower = h + 1;
  for (let k = n - 2; k >= 0; k--) {
    while (h >= lower && cross(hull[h - 2], hull[h - 1], order[k]) <= 0) h--;
    hull[h++] = order[k];
  }
  const count = n > 1 ? h - 1 : h;
  const out = new Float64Array(2 * count);
  for (let k = 0; k < count; k++) {
    out[2 * k] = points[2 * hull[k]];
    out[2 * k + 1] = points[2 * hull[k] + 1];
  }
  return out;
}

/** Absolute area of a simple polygon (shoelace formula) [px²]. */
export function polygonArea(polygon: Float64Array): number {
  const n = polygon.length / 2;
  let twice = 0;
  for (let k = 0; k < n; k++) {
    const m = (k + 1) % n;
    twice += polygon[2 * k] * polygon[2 * m + 1] - polygon[2 * m] * polygon[2 * k + 1];
  }
  return Math.abs(twice) / 2;
}

/** Perimeter of a closed polygon [px]; a two-point "polygon" counts its segment twice. */
export function polygonPerimeter(polygon: Float64Array): number {
  const n = polygon.length / 2;
  if (n < 2) return 0;
  let length = 0;
  for (let k = 0; k < n; k++) {
    const m = (k + 1) % n;
    length += Math.hypot(polygon[2 * m] - polygon[2 * k], polygon[2 * m + 1] - polygon[2 * k + 1]);
  }
  return length;
}

/**
 * Number of integer lattice points (pixel centres) inside or on a convex polygon, counted row by row.
 * @param hull convex polygon, interleaved x, y
 */
export function latticePointsInConvexPolygon(hull: Float64Array): number {
  const n = hull.length / 2;
  if (n === 0) return 0;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let k = 0; k < n; k++) {
    yMin = Math.min(yMin, hull[2 * k + 1]);
    yMax = Math.max(yMax, hull[2 * k + 1]);
  }
  const eps = 1e-9;
  let count = 0;
  for (let y = Math.ceil(yMin - eps); y <= Math.floor(yMax + eps); y++) {
    let xl = Infinity;
    let xr = -Infinity;
    for (let k = 0; k < n; k++) {
      const m = (k + 1) % n;
      const x0 = hull[2 * k];
      const y0 = hull[2 * k + 1];
      const x1 = hull[2 * m];
      const y1 = hull[2 * m + 1];
      if (y < Math.min(y0, y1) - eps || y > Math.max(y0, y1) + eps) continue;
      if (Math.abs(y1 - y0) < eps) {
        xl = Math.min(xl, x0, x1);
        xr = Math.max(xr, x0, x1);
      } else {
        const x = x0 + ((y - y0) * (x1 - x0)) / (y1 - y0);
        xl = Math.min(xl, x);
        xr = Math.max(xr, x);
      }
    }
    if (xr >= xl) count += Math.floor(xr + eps) - Math.ceil(xl - eps) + 1;
  }
  return count;
}
