import { join } from "node:path";
import type { Rng } from "../../core/index.js";
import type { Parametrization } from "../../simulate/index.js";
import type { ManifestRow, ParamValue } from "../manifest.js";
import type { Recipe } from "../presets.js";
import { writeField } from "./fieldFiles.js";
import { simulateField } from "./simulateField.js";

/** Settings of the `fields` preset, the same for every field of a dataset; lengths in nm. */
export interface FieldSettings {
  /** Field edge [px] (issue 6: at least 1024). */
  sizePx: number;
  /** Camera pixel drawn uniformly from [min, max] per field [nm] (issue 6: 0.02–0.05). */
  pixelSizeMinNm: number;
  pixelSizeMaxNm: number;
  /**
   * Particles per nm² of field drawn uniformly from [min, max], so the count follows the field's area:
   * a 30 nm field holds 5–18, a 51 nm field 16–52 particles.
   */
  densityMinPerNm2: number;
  densityMaxPerNm2: number;
  /** Particle diameters drawn uniformly from this range [nm]. */
  diameterMinNm: number;
  diameterMaxNm: number;
  /** Share of particles placed touching an earlier one. */
  touchingFraction: number;
  /** Share of particles placed across the image border. */
  borderFraction: number;
  /** Gauss–Hermite points of the focal average. */
  focalPoints: number;
  /** Largest multislice grid spacing [nm]. */
  maxSamplingNm: number;
  /** Frozen-phonon configurations per simulated cell; absent: 1. */
  phonons?: number;
  /** Multislice slice thickness [nm]; absent: the simulator's (0.2). */
  sliceThicknessNm?: number;
  /** Scattering-factor table; absent: the simulator's (Kirkland's). */
  parametrization?: Parametrization;
  /** Support film thickness drawn uniformly from this range per field [nm]; absent: the paper's 1–3 nm. */
  supportThicknessRangeNm?: [number, number];
}

/** Defaults of the `fields` preset. */
export const DEFAULT_FIELD: FieldSettings = {
  sizePx: 1024,
  pixelSizeMinNm: 0.02,
  pixelSizeMaxNm: 0.05,
  densityMinPerNm2: 0.006,
  densityMaxPerNm2: 0.02,
  diameterMinNm: 1,
  diameterMaxNm: 5,
  touchingFraction: 0.2,
  borderFraction: 0.1,
  focalPoints: 5,
  maxSamplingNm: 0.012,
};

/** Most particles one field asks for (bounds the cost of a large field at a coarse pixel). */
const MAX_PARTICLES = 80;

/** The manifest fields every sample has, decided by the generation machinery. */
type RowBase = Pick<ManifestRow, "id" | "index" | "split" | "label" | "support" | "family">;

/**
 * Makes one sample of the `fields` preset: draws the field's pixel size and particle density, simulates
 * the micrograph (`simulateField`: the paper's imaging ranges and dose, shot noise; with the `instruments`
 * recipe, voltage and objective lens drawn over instruments) and writes
 * `SPLIT/ID.tif`, `SPLIT/ID.instances.png`, `SPLIT/ID.truth.csv` and `SPLIT/ID.microscope.json`.
 * @returns the sample's manifest row, with every particle's ground truth in `particles`
 */
export function generateFieldSample(
  settings: FieldSettings,
  rng: Rng,
  dir: string,
  base: RowBase,
  recipe: Recipe = "paper",
): ManifestRow {
  const draw = rng.fork("field-draw");
  const pixelSizeNm = draw.range(settings.pixelSizeMinNm, settings.pixelSizeMaxNm);
  const densityPerNm2 = draw.range(settings.densityMinPerNm2, settings.densityMaxPerNm2);
  const fieldNm = settings.sizePx * pixelSizeNm;
  const particlesAsked = Math.min(MAX_PARTICLES, Math.max(1, Math.round(densityPerNm2 * fieldNm * fieldNm)));
  const field = simulateField(
    {
      sizePx: settings.sizePx,
      pixelSizeNm,
      particles: particlesAsked,
      diameterRangeNm: [settings.diameterMinNm, settings.diameterMaxNm],
      touchingFraction: settings.touchingFraction,
      borderFraction: settings.borderFraction,
      focalPoints: settings.focalPoints,
      maxSamplingNm: settings.maxSamplingNm,
      phonons: settings.phonons,
      sliceThicknessNm: settings.sliceThicknessNm,
      parametrization: settings.parametrization,
      supportThicknessRangeNm: settings.supportThicknessRangeNm,
      instruments: recipe === "instruments",
    },
    rng.fork("field"),
  );
  const stem = `${base.split}/${base.id}`;
  const files = {
    cutout: null,
    mask: null,
    field: `${stem}.tif`,
    fieldMask: `${stem}.instances.png`,
    truth: `${stem}.truth.csv`,
    microscope: `${stem}.microscope.json`,
  };
  writeField(join(dir, files.field), field);
  const params: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(field.microscope)) {
    if (key !== "name" && (typeof value === "number" || value === null)) params[key] = value;
  }
  const particles = field.particles.map((p) => ({
    id: p.id,
    shape: p.shape,
    label: p.crystallinity,
    diameterNm: p.diameterNm,
    ecdNm: p.ecdNm,
    centroidXNm: p.centroidXNm,
    centroidYNm: p.centroidYNm,
    touchesBorder: p.touchesBorder,
    touching: p.touching,
  }));
  const count = (label: string) => particles.filter((p) => p.label === label).length;
  return {
    ...base,
    subtype: "field",
    pixelSizeNm,
    width: settings.sizePx,
    height: settings.sizePx,
    params: {
      ...params,
      fieldNm,
      densityPerNm2,
      particlesAsked,
      supportThicknessNm: field.supportThicknessNm,
      particles: particles.length,
      particlesAmorphous: count("amorphous"),
      particlesMonocrystalline: count("monocrystalline"),
      particlesPolycrystalline: count("polycrystalline"),
      particlesTouching: particles.filter((p) => p.touching).length,
      particlesAtBorder: particles.filter((p) => p.touchesBorder).length,
    },
    files,
    particles,
  };
}
