/** Minimum and maximum Feret (caliper) diameters of a convex polygon [px]. */
export interface FeretDiameters {
  /** Smallest distance between two parallel lines enclosing the shape [px]. */
  minPx: number;
  /** Largest distance between two points of the shape [px]. */
  maxPx: number;
  /** Direction of the maximum diameter, angle from the +x (column) axis towards +y (row) [degrees]. */
  maxAngleDeg: number;
}

/**
 * Feret diameters by rotating calipers on a convex hull (Shamos 1978): for each hull edge the farthest
 * vertex is tracked with one pointer that only moves forward, so the whole sweep is linear in the number of
 * hull vertices. The minimum width is attained with one caliper flush on an edge; the maximum over the
 * antipodal vertex pairs visited.
 * @param hull convex polygon (interleaved x, y), e.g. from `convexHull`
 */
export function feretDiameters(hull: Float64Array): FeretDiameters {
  const n = hull.length / 2;
  if (n === 0) return { minPx: 0, maxPx: 0, maxAngleDeg: 0 };
  if (n < 3) {
    const dx = hull[2 * (n - 1)] - hull[0];
    const dy = hull[2 * (n - 1) + 1] - hull[1];
    return { minPx: 0, maxPx: Math.hypot(dx, dy), maxAngleDeg: angleDeg(dx, dy) };
  }
  const x = (k: number) => hull[2 * (k % n)];
  const y = (k: number) => hull[2 * (k % n) + 1];
  /** Distance of vertex k from the line through edge (e, e+1). */
  const height = (e: number, k: number) => {
    const ex = x(e + 1) - x(e);
    const ey = y(e + 1) - y(e);
    return Math.abs(ex * (y(k) - y(e)) - ey * (x(k) - x(e))) / Math.hypot(ex, ey);
  };
  let minPx = Infinity;
  let maxSq = 0;
  let maxDx = 0;
  let maxDy = 0;
  const consider = (a: number, b: number) => {
    const dx = x(b) - x(a);
    const dy = y(b) - y(a);
    const d = dx * dx + dy * dy;
    if (d > maxSq) {
      maxSq = d;
      maxDx = dx;
      maxDy = dy;
    }
  };
  let j = 1;
  for (let e = 0; e < n; e++) {
    while (height(e, j + 1) > height(e, j) + 1e-12) {
      consider(e + 1, j);
      j++;
    }
    minPx = Math.min(minPx, height(e, j));
    consider(e, j);
    consider(e + 1, j);
  }
  return { minPx, maxPx: Math.sqrt(maxSq), maxAngleDeg: angleDeg(maxDx, maxDy) };
}

function angleDeg(dx: number, dy: number): number {
  let a = (Math.atan2(dy, dx) * 180) / Math.PI;
  if (a < 0) a += 180;
  return a >= 180 ? a - 180 : a;
}
