import { nmToAngstrom, type Rng } from "../../core/index.js";
import { drawObjectiveLens, SIMULATION_RANGES } from "../sampling.js";
import type { GreyImage } from "../../io/index.js";
import {
  addShotNoise,
  type Microscope,
  type Parametrization,
  parseMicroscope,
  simulateImage,
} from "../../simulate/index.js";
import {
  buildSpecimen,
  buildSupport,
  REGION,
  SHAPE_CRYSTALLINITY,
  type ShapeName,
  type Structure,
} from "../../structure/index.js";
import { PatchCanvas } from "./composite.js";
import { choosePlace } from "./placement.js";

/** Shapes drawn for each class (a class first, then one of its shapes, all with equal chance). */
export const SHAPES_BY_CLASS: Record<string, readonly ShapeName[]> = {
  amorphous: ["amorphous"],
  monocrystalline: ["sphere", "cuboctahedron", "truncated-octahedron", "octahedron", "cube"],
  polycrystalline: ["icosahedron", "ino-decahedron", "marks-decahedron", "twin", "polycrystal"],
};

/** Settings of a simulated full-field micrograph; lengths in nm. */
export interface FieldOptions {
  /** Field edge [px]. @default 1024 */
  sizePx?: number;
  /** Camera pixel [nm]. @default 0.03 */
  pixelSizeNm?: number;
  /** Particles placed (some may not fit). @default 16 */
  particles?: number;
  /** Particle diameters are drawn uniformly from this range [nm]. @default [1, 5] */
  diameterRangeNm?: [number, number];
  /** Share of particles placed touching an earlier one (spread evenly over the placement order). @default 0.2 */
  touchingFraction?: number;
  /** Share of particles placed across the image border (spread evenly). @default 0.1 */
  borderFraction?: number;
  /** Distinct support-only patches simulated for the background. @default 3 */
  supportPatches?: number;
  /** Frozen-phonon configurations per patch. @default 1 */
  phonons?: number;
  /** Largest simulation grid spacing [nm]. @default 0.012 */
  maxSamplingNm?: number;
  /** Multislice slice thickness [nm]. @default the simulator's, 0.2 */
  sliceThicknessNm?: number;
  /** Scattering-factor table. @default the simulator's, Kirkland's */
  parametrization?: Parametrization;
  /** Gauss–Hermite points of the focal average. @default 5 */
  focalPoints?: number;
  /** Support film thickness is drawn uniformly from this range [nm]. @default the paper's [1, 3] */
  supportThicknessRangeNm?: [number, number];
  /**
   * Draw the voltage and objective lens as the `instruments` recipe does (80–300 kV, some without a Cs
   * corrector) instead of the paper's corrected 300 kV TEM. @default false
   */
  instruments?: boolean;
}

/** One particle of a simulated field, with its exact ground truth. */
export interface FieldParticle {
  /** Value of the particle in `instances`. */
  id: number;
  shape: ShapeName;
  /** amorphous, monocrystalline or polycrystalline. */
  crystallinity: string;
  /** Diameter asked of the structure builder [nm]. */
  diameterNm: number;
  /** Equivalent circular diameter of its pixels in the field [nm]. */
  ecdNm: number;
  centroidXNm: number;
  centroidYNm: number;
  /** Cut by the image border (an analysis excludes it). */
  touchesBorder: boolean;
  /** Placed in contact with an earlier particle. */
  touching: boolean;
}

/** A simulated micrograph with its instance masks and particle list. */
export interface SimulatedField {
  image: GreyImage;
  /** 0 = support, k = particle k (pixels where its atoms project). */
  instances: Int32Array;
  particles: FieldParticle[];
  /** Imaging values drawn for the whole field. */
  microscope: Microscope;
  /** Thickness of the amorphous carbon support drawn for the field [nm]. */
  supportThicknessNm: number;
}

/**
 * Draws one microscope setting for a field from the dataset's (the paper's) ranges; with `instruments`, the
 * voltage and objective lens are then drawn from the same stream as the `instruments` recipe draws them.
 */
export function drawFieldMicroscope(rng: Rng, instruments = false): Microscope {
  const r = SIMULATION_RANGES;
  const uniform = (range: { min: number; max: number }) => rng.range(range.min, range.max);
  const paper = {
    name: "field",
    voltageKv: r.voltageKv.value,
    defocusNm: uniform(r.defocusNm),
    astigmatismXNm: uniform(r.astigmatismXNm),
    astigmatismYNm: uniform(r.astigmatismYNm),
    csUm: uniform(r.csUm),
    focusSpreadNm: uniform(r.focusSpreadNm),
    convergenceMrad: uniform(r.convergenceMrad),
    doseEPerA2: rng.logRange(r.doseEPerA2.min, r.doseEPerA2.max),
  };
  if (!instruments) return parseMicroscope(paper);
  const { voltageKv, uncorrected } = drawObjectiveLens(rng);
  return parseMicroscope({ ...paper, voltageKv, ...uncorrected });
}

/**
 * Simulates a full-field HRTEM micrograph with exact ground truth (issue 6, point 1). A 20–50 nm multislice
 * cell is too costly, so the field is composited from small periodic cells, all imaged with the same
 * microscope: a few support-only cells (amorphous carbon of one thickness) tile the background, and every
 * particle is simulated on its own support patch in its own cell and pasted in with a smooth edge 0.3–0.6 nm
 * outside its atoms (see `PatchCanvas`). Shot noise is applied once to the whole composite.
 * Approximation: no interference between neighbouring particles' exit waves (they are imaged separately),
 * and the support under a particle is a different realisation from the support around it.
 */
export function simulateField(options: FieldOptions, rng: Rng): SimulatedField {
  const {
    sizePx = 1024,
    pixelSizeNm = 0.03,
    particles: wanted = 16,
    diameterRangeNm = [1, 5],
    touchingFraction = 0.2,
    borderFraction = 0.1,
    supportPatches = 3,
    phonons = 1,
    maxSamplingNm = 0.012,
    focalPoints = 5,
    instruments = false,
    sliceThicknessNm,
    parametrization,
    supportThicknessRangeNm = [
      SIMULATION_RANGES.supportThicknessNm.min,
      SIMULATION_RANGES.supportThicknessNm.max,
    ],
  } = options;
  const microscope = drawFieldMicroscope(rng.fork("microscope"), instruments);
  const noiseless = { ...microscope, doseEPerA2: null };
  const thicknessNm = rng.fork("support").range(supportThicknessRangeNm[0], supportThicknessRangeNm[1]);
  const simulation = { pixelSizeNm, phonons, maxSamplingNm, focalPoints, sliceThicknessNm, parametrization };
  const supportBoxNm = 6;
  const patches = Array.from({ length: supportPatches }, (_, k) => {
    const structure = supportOnly(supportBoxNm, thicknessNm, rng.fork(`support-${k}`));
    return simulateImage(structure, noiseless, simulation, rng.fork(`support-image-${k}`));
  });
  const patchSize = patches[0].width;
  const mean =
    patches.reduce((s, p) => s + p.intensity.reduce((a, v) => a + v, 0) / p.intensity.length, 0) /
    patches.length;
  const canvas = new PatchCanvas(sizePx, sizePx, mean);
  canvas.tileSupport(
    patches.map((p) => p.intensity),
    patchSize,
    rng.fork("tiles"),
  );
  const instances = new Int32Array(sizePx * sizePx);
  const placed: FieldParticle[] = [];
  const px = (nm: number) => nm / pixelSizeNm;
  for (let k = 0; k < wanted; k++) {
    const draw = rng.fork(`particle-${k}`);
    const crystallinity = draw.pick(Object.keys(SHAPES_BY_CLASS));
    const shape = draw.pick(SHAPES_BY_CLASS[crystallinity]);
    const diameterNm = draw.range(diameterRangeNm[0], diameterRangeNm[1]);
    const boxNm = Math.max(6, Math.ceil(diameterNm + 3));
    const structure = buildSpecimen(
      {
        shape,
        diameterNm,
        supportThicknessNm: thicknessNm,
        boxNm,
        particleSide: draw.chance(0.5) ? "entrance" : "exit",
      },
      draw.fork("specimen"),
    );
    const image = simulateImage(structure, noiseless, simulation, draw.fork("image"));
    const patch = {
      data: image.intensity,
      mask: image.particleMask,
      width: image.width,
      height: image.height,
    };
    const spot = choosePlace(patch, instances, sizePx, placed, draw, {
      touching: everyNth(k, touchingFraction, 1),
      border: everyNth(k, borderFraction, 0),
      gapPx: px(0.4),
    });
    if (!spot) continue;
    const id = placed.length + 1;
    canvas.pasteParticle(
      { ...patch, supportMean: supportMean(patch) },
      spot.column,
      spot.row,
      px(0.3),
      px(0.3),
      instances,
    );
    let area = 0;
    let sx = 0;
    let sy = 0;
    let border = false;
    for (let v = 0; v < patch.height; v++) {
      for (let u = 0; u < patch.width; u++) {
        if (!patch.mask[v * patch.width + u]) continue;
        const x = spot.column + u;
        const y = spot.row + v;
        if (x < 0 || y < 0 || x >= sizePx || y >= sizePx || instances[y * sizePx + x] !== 0) continue;
        instances[y * sizePx + x] = id;
        area++;
        sx += x;
        sy += y;
        border ||= x === 0 || y === 0 || x === sizePx - 1 || y === sizePx - 1;
      }
    }
    placed.push({
      id,
      shape,
      crystallinity: SHAPE_CRYSTALLINITY[shape],
      diameterNm,
      ecdNm: Math.sqrt((4 * area) / Math.PI) * pixelSizeNm,
      centroidXNm: (sx / area) * pixelSizeNm,
      centroidYNm: (sy / area) * pixelSizeNm,
      touchesBorder: border,
      touching: spot.touching,
    });
  }
  const data = canvas.values();
  if (microscope.doseEPerA2 !== null)
    addShotNoise(data, microscope.doseEPerA2, nmToAngstrom(pixelSizeNm), rng.fork("noise"));
  return {
    image: { data, width: sizePx, height: sizePx, pixelSizeNm: { x: pixelSizeNm, y: pixelSizeNm } },
    instances,
    particles: placed,
    microscope,
    supportThicknessNm: thicknessNm,
  };
}

/** A support-only cell: the specimen builder's amorphous film without a particle. */
function supportOnly(boxNm: number, thicknessNm: number, rng: Rng): Structure {
  const boxAng = boxNm * 10;
  const film = buildSupport(
    { species: "C", thicknessAng: thicknessNm * 10, widthXAng: boxAng, widthYAng: boxAng },
    rng,
  );
  const n = film.positionsAng.length / 3;
  const positionsAng = Float64Array.from(film.positionsAng);
  const cellZAng = Math.max(boxAng, thicknessNm * 10 + 20);
  for (let a = 0; a < n; a++) positionsAng[3 * a + 2] += (cellZAng - thicknessNm * 10) / 2;
  return {
    cellAng: { x: boxAng, y: boxAng, z: cellZAng },
    numbers: new Uint8Array(n).fill(film.z),
    positionsAng,
    region: new Uint8Array(n).fill(REGION.support),
    domain: new Int16Array(n).fill(-1),
    info: { support: "C", supportThicknessNm: thicknessNm, boxNm },
  };
}

/** Mean intensity of a patch's support: pixels farther than 10 px from the particle mask. */
function supportMean(patch: { data: Float32Array; mask: Uint8Array; width: number; height: number }): number {
  let sum = 0;
  let n = 0;
  for (let v = 0; v < patch.height; v++) {
    for (let u = 0; u < patch.width; u++) {
      let near = false;
      for (let d = -10; d <= 10 && !near; d += 5) {
        const uu = u + d;
        near = uu >= 0 && uu < patch.width && patch.mask[v * patch.width + uu] === 1;
      }
      if (near || patch.mask[v * patch.width + u]) continue;
      sum += patch.data[v * patch.width + u];
      n++;
    }
  }
  return n > 0 ? sum / n : 1;
}

/**
 * True for the particles that get a special placement: exactly round(n·share) of the first n particles (for
 * every n), spread evenly, the first `skip` excluded (a touching particle needs a partner placed before it).
 */
function everyNth(k: number, share: number, skip: number): boolean {
  if (k < skip) return false;
  const i = k - skip;
  return Math.floor((i + 1) * share + 0.5) > Math.floor(i * share + 0.5);
}
