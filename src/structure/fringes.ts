import type { Mat3 } from "./rotation.js";

/** The fcc lattice-plane families whose fringes HRTEM images of metal nanoparticles commonly show. */
export const FRINGE_FAMILIES = { "111": [1, 1, 1], "200": [2, 0, 0], "220": [2, 2, 0] } as const;
/**
 * Finer fcc families (d = 0.12–0.09 nm in gold), which an aberration-corrected microscope with fine pixels
 * also transfers.
 */
export const FINER_FRINGE_FAMILIES = {
  "311": [3, 1, 1],
  "222": [2, 2, 2],
  "400": [4, 0, 0],
  "331": [3, 3, 1],
  "420": [4, 2, 0],
} as const;
/** One family's Miller indices as a name. */
export type FringeFamily = keyof typeof FRINGE_FAMILIES | keyof typeof FINER_FRINGE_FAMILIES;
/** Every family above, coarsest first. */
export const ALL_FRINGE_FAMILIES = [
  ...Object.keys(FRINGE_FAMILIES),
  ...Object.keys(FINER_FRINGE_FAMILIES),
] as FringeFamily[];

/**
 * Amplitude of a sphere's shape transform falls to half its Bragg value at x = π·s·D = 2.498
 * (3(sin x − x cos x)/x³ = ½), i.e. at an excitation error s = 0.795 / D.
 */
const HALF_AMPLITUDE_S_TIMES_D = 2.498 / Math.PI;

/** Each family's spacing in units of the lattice constant and every signed permutation of its indices. */
const FAMILY_REFLECTIONS = (
  Object.entries({ ...FRINGE_FAMILIES, ...FINER_FRINGE_FAMILIES }) as [FringeFamily, readonly number[]][]
).map(([name, [h, k, l]]) => ({
  name,
  relativeSpacing: 1 / Math.hypot(h, k, l),
  // ±g both included: the test below is symmetric in the sign
  reflections: [
    [h, k, l],
    [h, l, k],
    [k, h, l],
    [k, l, h],
    [l, h, k],
    [l, k, h],
  ]
    .flatMap(([x, y, z]) =>
      [1, -1].flatMap((sx) => [1, -1].flatMap((sy) => [1, -1].map((sz) => [sx * x, sy * y, sz * z]))),
    )
    // zeros and repeated indices make repeats; each reflection once
    .filter((g, i, all) => all.findIndex((o) => o.every((v, k) => v === g[k])) === i),
}));

/** Settings of {@link visibleReflections}. */
export interface FringeVisibilityOptions {
  /** Row-major rotation from the crystal frame to the cell; the beam runs along the cell's z. */
  rotation: Mat3;
  /** Cubic lattice constant [nm]. */
  latticeConstantNm: number;
  /** Particle diameter, the thickness the beam crosses [nm]. */
  diameterNm: number;
  /** Image pixel size [nm]: fringes finer than two pixels are not sampled. */
  pixelSizeNm: number;
  /** The families considered; default {@link FRINGE_FAMILIES}. */
  families?: readonly FringeFamily[];
  /**
   * Whether the microscope transfers the spatial frequency (gx, gy) [1/nm] of the image plane (e.g. its
   * coherence envelope above the information limit); default: every frequency.
   */
  transmits?: (gxPerNm: number, gyPerNm: number) => boolean;
}

/** One reflection an image can show: its family and its projection onto the image plane. */
export interface VisibleReflection {
  family: FringeFamily;
  /** Components of g along the cell's x and y [1/nm]; |g| = 1/d. */
  gx: number;
  gy: number;
}

/**
 * The reflections of an fcc crystal whose lattice fringes an image can show: g lies close enough to the
 * zero-order Laue zone that its amplitude is at least half the exact Bragg value — kinematically, when its
 * excitation error s = |g · b| (b the beam direction in the crystal frame) is below 0.795 / D for a sphere of
 * diameter D —, its spacing d = a / |hkl| spans at least two pixels, and the microscope transmits it. Both g
 * and −g are listed.
 */
export function visibleReflections(options: FringeVisibilityOptions): VisibleReflection[] {
  const { rotation: r, latticeConstantNm: a, diameterNm, pixelSizeNm } = options;
  const families = options.families ?? (Object.keys(FRINGE_FAMILIES) as FringeFamily[]);
  // v_cell = R·v_crystal, so the beam (cell z) in the crystal frame is Rᵀ·ẑ, the third row of R
  const beam = [r[6], r[7], r[8]];
  const maxS = HALF_AMPLITUDE_S_TIMES_D / diameterNm;
  const visible: VisibleReflection[] = [];
  for (const { name, relativeSpacing, reflections } of FAMILY_REFLECTIONS) {
    if (!families.includes(name) || a * relativeSpacing < 2 * pixelSizeNm) continue;
    for (const [h, k, l] of reflections) {
      if (Math.abs(h * beam[0] + k * beam[1] + l * beam[2]) / a >= maxS) continue;
      const gx = (r[0] * h + r[1] * k + r[2] * l) / a;
      const gy = (r[3] * h + r[4] * k + r[5] * l) / a;
      if (options.transmits && !options.transmits(gx, gy)) continue;
      visible.push({ family: name, gx, gy });
    }
  }
  return visible;
}

/**
 * The plane families whose fringes an image can show (see {@link visibleReflections}). A small crystal seen
 * along a random direction often shows one family or none; its image then cannot show that it is a single
 * crystal.
 */
export function visibleFringeFamilies(options: FringeVisibilityOptions): FringeFamily[] {
  return [...new Set(visibleReflections(options).map((g) => g.family))];
}
