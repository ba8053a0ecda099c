import type { Rng } from "../core/index.js";
import { scherzerDefocusAng, wavelengthAng } from "../simulate/index.js";
import type { ParamValue } from "./manifest.js";
import type { Recipe, SampleFamily } from "./presets.js";

/** How a parameter is drawn; recorded in `dataset.json` so a dataset documents its own ranges. */
export type ParameterRange =
  | { distribution: "uniform"; min: number; max: number; unit: string; source: string }
  | { distribution: "log-uniform"; min: number; max: number; unit: string; source: string }
  | {
      distribution: "choice";
      values: readonly (string | number)[];
      weights?: readonly number[];
      source: string;
    }
  | { distribution: "fixed"; value: number | string; unit?: string; source: string };

const PAPER = "paper, Methods (physics.md §6)";
const INSTRUMENT = "nanocryst: what real aberration-corrected instruments also vary";

/**
 * The ranges every simulated sample draws from. The paper's ranges (300 kV, C1 ∈ [−4, 5] nm, A1 each in
 * [−3, 3] nm, focus spread Δ ∈ [4.5, 5.5] nm, particles and supports 1–3 nm), plus C3, semi-convergence,
 * dose and the side of the support the particle sits on, which vary from session to session on real
 * instruments.
 */
export const SIMULATION_RANGES = {
  voltageKv: { distribution: "fixed", value: 300, unit: "kV", source: PAPER },
  defocusNm: { distribution: "uniform", min: -4, max: 5, unit: "nm (C1 > 0 overfocus)", source: PAPER },
  astigmatismXNm: { distribution: "uniform", min: -3, max: 3, unit: "nm (A1x)", source: PAPER },
  astigmatismYNm: { distribution: "uniform", min: -3, max: 3, unit: "nm (A1y)", source: PAPER },
  focusSpreadNm: {
    distribution: "uniform",
    min: 4.5,
    max: 5.5,
    unit: "nm (1/e half-width Δ)",
    source: PAPER,
  },
  csUm: {
    distribution: "uniform",
    min: -15,
    max: 15,
    unit: "µm (C3, corrected instrument)",
    source: INSTRUMENT,
  },
  convergenceMrad: {
    distribution: "uniform",
    min: 0.1,
    max: 0.3,
    unit: "mrad (semi-convergence, 1/e)",
    source: INSTRUMENT,
  },
  doseEPerA2: { distribution: "log-uniform", min: 500, max: 5000, unit: "e⁻/Å²", source: INSTRUMENT },
  diameterNm: { distribution: "uniform", min: 1, max: 3, unit: "nm", source: PAPER },
  supportThicknessNm: { distribution: "uniform", min: 1, max: 3, unit: "nm", source: PAPER },
  particleSide: {
    distribution: "choice",
    values: ["entrance", "exit"],
    source: "nanocryst: grids are mounted either way up (physics.md §2)",
  },
} as const satisfies Record<string, ParameterRange>;

/**
 * Extra draws of the `plus` recipe (preset `poly-plus`), after the paper's: crystals (not RSA clusters)
 * near a low-index zone axis half of the time, a detector MTF from strong to none, doses from 200 e⁻/Å² up to
 * nearly noiseless (the dose replaces the paper recipe's draw), and the camera pixel size (replacing the
 * configured one). A classifier trained at one pixel size and one noise level calls a crystal seen through
 * another imaging chain polycrystalline: the same particle imaged at 0.03 instead of 0.04 nm/px and resampled
 * to the network's grid lost its class, so the imaging chain is randomised, not just the microscope.
 */
export const PLUS_RANGES = {
  zoneAxisFraction: {
    distribution: "fixed",
    value: 0.5,
    source: "nanocryst: labelled real particles are biased towards zone axes (visible fringes)",
  },
  zoneAxis: {
    distribution: "choice",
    values: ["001", "011", "111"],
    source: "nanocryst: low-index fcc axes",
  },
  zoneTiltDeg: { distribution: "uniform", min: 0, max: 5, unit: "° off the zone axis", source: "nanocryst" },
  mtfGaussianAtNyquist: {
    distribution: "uniform",
    min: 0.3,
    max: 1,
    unit: "MTF Gaussian factor at Nyquist (× pixel sinc)",
    source: "nanocryst: CCD/CMOS cameras",
  },
  doseEPerA2: { distribution: "log-uniform", min: 200, max: 50000, unit: "e⁻/Å²", source: INSTRUMENT },
  pixelSizeNm: {
    distribution: "log-uniform",
    min: 0.02,
    max: 0.07,
    unit: "nm (camera pixel; replaces the configured one)",
    source: "nanocryst: HRTEM of 1–5 nm particles is recorded at 0.01–0.1 nm/px",
  },
} as const satisfies Record<string, ParameterRange>;

/**
 * Extra draws of the `instruments` recipe (preset `poly-instruments`), after the `plus` recipe's: the
 * microscope itself. The paper's and the `plus` recipe's images all come from one kind of instrument, a
 * Cs-corrected 300 kV TEM; a network trained on them alone called most amorphous particles imaged at 80 kV,
 * or at 300 kV without a corrector, crystalline (README, "Datasets"). Real micrographs and other simulators
 * use 80, 200 and 300 kV, with or without a corrector; uncorrected instruments image near Scherzer focus.
 */
export const INSTRUMENT_RANGES = {
  voltageKv: {
    distribution: "choice",
    values: [80, 200, 300],
    weights: [1, 4, 5],
    source: "nanocryst: accelerating voltages [kV] of HRTEM instruments",
  },
  uncorrectedFraction: {
    distribution: "fixed",
    value: 1 / 3,
    source: "nanocryst: share of 200 and 300 kV images from instruments without a Cs corrector (80 kV: none)",
  },
  uncorrectedCsUm: {
    distribution: "uniform",
    min: 500,
    max: 2000,
    unit: "µm (C3 of an uncorrected objective lens)",
    source: "nanocryst: high-resolution pole pieces 0.5–1.2 mm, older lenses up to 2 mm",
  },
  uncorrectedDefocusScherzer: {
    distribution: "uniform",
    min: 0.6,
    max: 1.4,
    unit: "× Scherzer defocus −1.2·√(C3·λ)",
    source: "nanocryst: operators focus near Scherzer, within a few tens of nm",
  },
} as const satisfies Record<string, ParameterRange>;

/** Shapes per family, with their weights: half spheres, half polyhedra for single crystals. */
export const FAMILY_SHAPES = {
  "rsa-cluster": { values: ["amorphous"], weights: [1] },
  "single-crystal": {
    values: ["sphere", "cuboctahedron", "truncated-octahedron", "octahedron", "cube"],
    weights: [4, 1, 1, 1, 1],
  },
  twinned: { values: ["icosahedron", "ino-decahedron", "marks-decahedron", "twin"], weights: [1, 1, 1, 1] },
  stitched: { values: ["polycrystal"], weights: [1] },
} as const;

/** The families that are simulated (the others are patterns). */
export type SimulatedFamily = keyof typeof FAMILY_SHAPES;

/** Imaging and specimen values drawn for one simulated sample. */
export interface SimulationDraw {
  shape: string;
  voltageKv: number;
  defocusNm: number;
  astigmatismXNm: number;
  astigmatismYNm: number;
  focusSpreadNm: number;
  csUm: number;
  convergenceMrad: number;
  doseEPerA2: number;
  diameterNm: number;
  supportThicknessNm: number;
  particleSide: "entrance" | "exit";
  /** `plus` recipe: the zone axis near the beam, or "random" (uniform orientation). */
  zoneAxis?: "001" | "011" | "111" | "random";
  /** `plus` recipe: tilt off the zone axis [°] (0 for random orientations). */
  zoneTiltDeg?: number;
  /** `plus` recipe: detector MTF Gaussian factor at Nyquist. */
  mtfGaussianAtNyquist?: number;
  /** `plus` recipe: camera pixel size [nm]. */
  pixelSizeNm?: number;
}

/**
 * Ranges a dataset's settings may set instead of the recipe's (`--diameter`, `--pixel-range`,
 * `--support-thickness`) [nm].
 */
export interface RangeOverrides {
  readonly diameterRangeNm?: readonly [number, number];
  /** Camera pixel range of the `plus` and `instruments` recipes (log-uniform). */
  readonly pixelSizeRangeNm?: readonly [number, number];
  /** Support film thickness range (uniform). */
  readonly supportThicknessRangeNm?: readonly [number, number];
  /** Smallest atom distance in amorphous particles (uniform). */
  readonly amorphousMinDistanceRangeNm?: readonly [number, number];
  /** False when the images get no shot noise: the dose drawn is then not recorded as a range. */
  readonly shotNoise?: false;
}

/**
 * Draws every imaging and specimen value of one sample, in a fixed order (so streams stay stable); the
 * `plus` recipe draws its extras after the paper's values, and the `instruments` recipe its microscope after
 * those.
 */
export function drawSimulation(
  family: SimulatedFamily,
  rng: Rng,
  recipe: Recipe = "paper",
  ranges: RangeOverrides = {},
): SimulationDraw {
  const draw = drawPaper(family, rng, ranges);
  if (recipe === "paper") return draw;
  const plus = drawPlus(draw, family, rng, ranges.pixelSizeRangeNm);
  return recipe === "instruments" ? drawInstrument(plus, rng) : plus;
}

function drawPlus(
  draw: SimulationDraw,
  family: SimulatedFamily,
  rng: Rng,
  [pixelMin, pixelMax] = [PLUS_RANGES.pixelSizeNm.min, PLUS_RANGES.pixelSizeNm.max] as readonly [
    number,
    number,
  ],
): SimulationDraw {
  const p = PLUS_RANGES;
  const nearZone = family !== "rsa-cluster" && rng.chance(p.zoneAxisFraction.value);
  const zoneAxis = rng.pick(p.zoneAxis.values);
  const tilt = rng.range(p.zoneTiltDeg.min, p.zoneTiltDeg.max);
  return {
    ...draw,
    doseEPerA2: rng.logRange(p.doseEPerA2.min, p.doseEPerA2.max),
    zoneAxis: nearZone ? zoneAxis : "random",
    zoneTiltDeg: nearZone ? tilt : 0,
    mtfGaussianAtNyquist: rng.range(p.mtfGaussianAtNyquist.min, p.mtfGaussianAtNyquist.max),
    pixelSizeNm: rng.logRange(pixelMin, pixelMax),
  };
}

/** The voltage and objective lens of one image under the `instruments` recipe. */
export interface ObjectiveLensDraw {
  voltageKv: number;
  /** Set for an instrument without a Cs corrector: its C3 [µm] and focus near Scherzer [nm]. */
  uncorrected: { csUm: number; defocusNm: number } | null;
}

/**
 * Draws the `instruments` recipe's microscope: the voltage, and for a share of the 200 and 300 kV images an
 * uncorrected objective lens (C3 in mm) focused near Scherzer; corrected images keep the recipe's C1 and C3.
 * Shared by the particle presets and the fields over instruments, so both image through the same population.
 */
export function drawObjectiveLens(rng: Rng): ObjectiveLensDraw {
  const r = INSTRUMENT_RANGES;
  const voltageKv = weightedPick(r.voltageKv.values, r.voltageKv.weights, rng);
  const uncorrected = rng.chance(r.uncorrectedFraction.value);
  // drawn whatever the branch, so the stream (and later draws) do not depend on it
  const csUm = rng.range(r.uncorrectedCsUm.min, r.uncorrectedCsUm.max);
  const focus = rng.range(r.uncorrectedDefocusScherzer.min, r.uncorrectedDefocusScherzer.max);
  if (voltageKv === 80 || !uncorrected) return { voltageKv, uncorrected: null };
  const scherzerNm = scherzerDefocusAng(csUm * 1e4, wavelengthAng(voltageKv)) / 10;
  return { voltageKv, uncorrected: { csUm, defocusNm: focus * scherzerNm } };
}

function drawInstrument(draw: SimulationDraw, rng: Rng): SimulationDraw {
  const { voltageKv, uncorrected } = drawObjectiveLens(rng);
  return { ...draw, voltageKv, ...uncorrected };
}

function drawPaper(
  family: SimulatedFamily,
  rng: Rng,
  {
    diameterRangeNm = [SIMULATION_RANGES.diameterNm.min, SIMULATION_RANGES.diameterNm.max],
    supportThicknessRangeNm = [
      SIMULATION_RANGES.supportThicknessNm.min,
      SIMULATION_RANGES.supportThicknessNm.max,
    ],
  }: RangeOverrides,
): SimulationDraw {
  const r = SIMULATION_RANGES;
  const shapes = FAMILY_SHAPES[family];
  return {
    shape: weightedPick(shapes.values, shapes.weights, rng),
    voltageKv: r.voltageKv.value,
    defocusNm: rng.range(r.defocusNm.min, r.defocusNm.max),
    astigmatismXNm: rng.range(r.astigmatismXNm.min, r.astigmatismXNm.max),
    astigmatismYNm: rng.range(r.astigmatismYNm.min, r.astigmatismYNm.max),
    focusSpreadNm: rng.range(r.focusSpreadNm.min, r.focusSpreadNm.max),
    csUm: rng.range(r.csUm.min, r.csUm.max),
    convergenceMrad: rng.range(r.convergenceMrad.min, r.convergenceMrad.max),
    doseEPerA2: rng.logRange(r.doseEPerA2.min, r.doseEPerA2.max),
    diameterNm: rng.range(diameterRangeNm[0], diameterRangeNm[1]),
    supportThicknessNm: rng.range(supportThicknessRangeNm[0], supportThicknessRangeNm[1]),
    particleSide: rng.chance(0.5) ? "entrance" : "exit",
  };
}

/** True for the families made by multislice simulation. */
export function isSimulatedFamily(family: SampleFamily): family is SimulatedFamily {
  return family in FAMILY_SHAPES;
}

/** A range the user set with `flag`, as `dataset.json` records it. */
function userRange(
  distribution: "uniform" | "log-uniform",
  [min, max]: readonly [number, number],
  unit: string,
  flag: string,
): ParameterRange {
  return { distribution, min, max, unit, source: `user (${flag})` };
}

/** The support film range the user set (`--support-thickness`), as `dataset.json` records it; else empty. */
export function filmRangeRecord(range: readonly [number, number] | undefined): {
  supportThicknessNm?: ParameterRange;
} {
  return range ? { supportThicknessNm: userRange("uniform", range, "nm", "--support-thickness") } : {};
}

/** The parameter ranges as recorded in `dataset.json`, shapes included. */
export function simulationRangesRecord(
  recipe: Recipe = "paper",
  {
    diameterRangeNm,
    pixelSizeRangeNm,
    supportThicknessRangeNm,
    amorphousMinDistanceRangeNm,
    shotNoise,
  }: RangeOverrides = {},
): Record<string, ParameterRange | Record<string, ParameterRange>> {
  const shapes: Record<string, ParameterRange> = {};
  for (const [family, s] of Object.entries(FAMILY_SHAPES)) {
    shapes[family] = { distribution: "choice", values: s.values, weights: s.weights, source: "nanocryst" };
  }
  const drawn = recipe !== "paper";
  const record: Record<string, ParameterRange | Record<string, ParameterRange>> = {
    ...SIMULATION_RANGES,
    ...(diameterRangeNm ? { diameterNm: userRange("uniform", diameterRangeNm, "nm", "--diameter") } : {}),
    ...filmRangeRecord(supportThicknessRangeNm),
    ...(amorphousMinDistanceRangeNm
      ? {
          amorphousMinDistanceNm: userRange(
            "uniform",
            amorphousMinDistanceRangeNm,
            "nm",
            "--amorphous-min-distance",
          ),
        }
      : {}),
    ...(drawn ? PLUS_RANGES : {}),
    ...(drawn && pixelSizeRangeNm
      ? { pixelSizeNm: userRange("log-uniform", pixelSizeRangeNm, "nm (camera pixel)", "--pixel-range") }
      : {}),
    ...(recipe === "instruments" ? INSTRUMENT_RANGES : {}),
    shapeByFamily: shapes,
  };
  if (shotNoise === false) delete record.doseEPerA2;
  return record;
}

/** A draw as manifest parameters; the camera pixel is left out, being the row's own `pixelSizeNm`. */
export function drawParams(draw: SimulationDraw): Record<string, ParamValue> {
  const { pixelSizeNm: _, ...params } = draw;
  return params;
}

function weightedPick<T>(values: readonly T[], weights: readonly number[], rng: Rng): T {
  const total = weights.reduce((s, w) => s + w, 0);
  let u = rng.uniform() * total;
  for (let i = 0; i < values.length; i++) {
    u -= weights[i];
    if (u < 0) return values[i];
  }
  return values[values.length - 1];
}
