import { describe, expect, it } from "vitest";
import {
  LATTICE_PEAK_SIGMA_PER_NM,
  LatticeWorkspace,
  latticeMaps,
  PEAK_SEPARATION_PER_NM,
} from "../latticeMaps.js";

const N = 128;
const GRID = 32;
const PIXEL_NM = 0.04;

/** a·cos(2π g·r) with |g| = 1/spacing along `angleDeg`, where `inside(x, y)` holds; 0 elsewhere. */
function fringes(
  image: Float32Array,
  a: number,
  spacingNm: number,
  angleDeg: number,
  inside: (x: number, y: number) => boolean,
  n = N,
): void {
  const g = 1 / spacingNm;
  const gx = g * Math.cos((angleDeg * Math.PI) / 180);
  const gy = g * Math.sin((angleDeg * Math.PI) / 180);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      if (inside(x, y)) image[y * n + x] += a * Math.cos(2 * Math.PI * PIXEL_NM * (gx * x + gy * y));
}

/** Mean of map k over the grid cells whose block centre satisfies `where`. */
function meanOver(maps: Float32Array, k: number, where: (x: number, y: number) => boolean): number {
  let sum = 0;
  let count = 0;
  for (let j = 0; j < GRID; j++)
    for (let i = 0; i < GRID; i++)
      if (where(4 * i + 1.5, 4 * j + 1.5)) {
        sum += maps[k * GRID * GRID + j * GRID + i];
        count++;
      }
  return sum / count;
}

describe("lattice-fringe maps (GPA amplitude)", () => {
  const ws = new LatticeWorkspace(N, GRID);

  it("give the fringe amplitude a of a lattice a·cos(2π g·r) filling the field, and only the filter's tail else", () => {
    // spacing 5.12 nm / 25 = 0.2048 nm: |g| on the frequency grid, so the spectrum is one pair of spikes
    const image = new Float32Array(N * N);
    fringes(image, 0.7, (N * PIXEL_NM) / 25, 0, () => true);
    const maps = latticeMaps(image, ws, PIXEL_NM, 2);
    for (let i = 0; i < GRID * GRID; i++) expect(maps[i]).toBeCloseTo(0.7, 4);
    // the next "peak" is round-off at least the separation away: its Gaussian reaches the spike's a·G(s)
    const tail = Math.exp(-((PEAK_SEPARATION_PER_NM / LATTICE_PEAK_SIGMA_PER_NM) ** 2) / 2);
    for (let i = 0; i < GRID * GRID; i++) expect(maps[GRID * GRID + i]).toBeLessThanOrEqual(0.7 * tail);
  });

  it("put the two domains of a bicrystal in different maps, each map dark over the other domain", () => {
    // d111 of gold along 10°, d200 along 70°: two crystals meeting along the vertical line x = 64
    const image = new Float32Array(N * N);
    const inDisc = (x: number, y: number) => (x - 63.5) ** 2 + (y - 63.5) ** 2 < 56 ** 2;
    fringes(image, 1, 0.2355, 10, (x, y) => inDisc(x, y) && x < 64);
    fringes(image, 1, 0.2039, 70, (x, y) => inDisc(x, y) && x >= 64);
    const maps = latticeMaps(image, ws, PIXEL_NM, 2);
    // 0.5 nm (12 px) away from the boundary and the rim, where the 0.32 nm envelope has settled
    const left = (x: number, y: number) => x < 52 && (x - 63.5) ** 2 + (y - 63.5) ** 2 < 44 ** 2;
    const right = (x: number, y: number) => x > 76 && (x - 63.5) ** 2 + (y - 63.5) ** 2 < 44 ** 2;
    const [first, second] = meanOver(maps, 0, left) > meanOver(maps, 0, right) ? [0, 1] : [1, 0];
    for (const [k, own, other] of [
      [first, left, right],
      [second, right, left],
    ] as const) {
      // off the frequency grid the spot spreads beyond the filter: the envelope reaches ≈ 0.8–1 of a
      expect(meanOver(maps, k, own)).toBeGreaterThan(0.75);
      expect(meanOver(maps, k, own)).toBeLessThan(1.05);
      expect(meanOver(maps, k, other)).toBeLessThan(0.1);
    }
  });

  it("are zero for a featureless image, and a lattice outside the 0.11–0.30 nm band gives none", () => {
    const maps = latticeMaps(new Float32Array(N * N), ws, PIXEL_NM, 3);
    expect(maps.length).toBe(3 * GRID * GRID);
    expect(Math.max(...maps)).toBe(0);
    // fringes at 0.512 nm: only round-off is left in the band
    const coarse = new Float32Array(N * N);
    fringes(coarse, 1, 0.512, 0, () => true);
    expect(Math.max(...latticeMaps(coarse, ws, PIXEL_NM, 1))).toBeLessThan(1e-6);
  });

  it("phase maps: zero over the grain at the peak's g, |δ|/σ times the amplitude over a grain at g + δ", () => {
    // a 10.24 nm field, so that each grain's middle is 1.6 nm (5σ of the envelope) from any boundary; the
    // grains' spots (50 and 54 frequency px along x, 0.39 nm⁻¹ apart) make one peak, the stronger left
    // grain's: the right grain's fringes drift in phase by 2π δ·r
    const n = 256;
    const grid = 64;
    const field = n * PIXEL_NM;
    const image = new Float32Array(n * n);
    fringes(image, 1, field / 50, 0, (x) => x < n / 2, n);
    fringes(image, 0.5, field / 54, 0, (x) => x >= n / 2, n);
    const maps = latticeMaps(image, new LatticeWorkspace(n, grid), PIXEL_NM, 1, true);
    expect(maps.length).toBe(2 * grid * grid);
    const mean = (values: (i: number) => number, from: number, to: number) => {
      let sum = 0;
      let count = 0;
      for (let j = 0; j < grid; j++)
        for (let i = 0; i < grid; i++)
          if (4 * i + 1.5 > from && 4 * i + 1.5 < to) {
            sum += values(j * grid + i);
            count++;
          }
      return sum / count;
    };
    const ratio = (i: number) => maps[grid * grid + i] / maps[i];
    const sigmaPx = LATTICE_PEAK_SIGMA_PER_NM * field;
    expect(mean(ratio, 40, 88)).toBeLessThan(0.01);
    expect(mean(ratio, 168, 216)).toBeCloseTo(4 / sigmaPx, 2);
    // the right grain's amplitude is its 0.5 seen through the Gaussian 4 px off its centre
    expect(mean((i) => maps[i], 168, 216)).toBeCloseTo(0.5 * Math.exp(-((4 / sigmaPx) ** 2) / 2), 2);
    // the amplitude maps come first, unchanged by asking for the phase
    expect(maps.subarray(0, grid * grid)).toEqual(
      latticeMaps(image, new LatticeWorkspace(n, grid), PIXEL_NM, 1),
    );
  });
});
