import type { Rng } from "../core/index.js";
import type { GreyImage } from "../io/index.js";
import {
  coherenceEnvelope,
  INFORMATION_LIMIT_ENVELOPE,
  parseMicroscope,
  simulateImage,
} from "../simulate/index.js";
import {
  buildSpecimen,
  FCC_ELEMENTS,
  projectedDomainAreas,
  projectedDomainLooks,
  type ShapeName,
  sharesLargestFirst,
  type Structure,
} from "../structure/index.js";
import type { SupportMaterial } from "./classes.js";
import type { GenerationConfig } from "./config.js";
import type { ParamValue } from "./manifest.js";
import { presetByName } from "./presets.js";
import { drawParams, drawSimulation, type SimulatedFamily } from "./sampling.js";
import { orientParticle, zoneAxisRotation } from "./zoneAxis.js";

/** A simulated field with its particle mask, the specimen, and every drawn value. */
export interface SimulatedSample {
  field: GreyImage;
  /** 1 where the particle's atoms project, field-sized. */
  fieldMask: Uint8Array;
  /** Particle shape; stitched polycrystals as `polycrystal-2` / `polycrystal-3` (their domain count). */
  subtype: string;
  structure: Structure;
  params: Record<string, ParamValue>;
}

/** Specimen figures copied from `Structure.info` into the manifest. */
const STRUCTURE_FIELDS = [
  "particleAtoms",
  "domains",
  "equivalentDiameterNm",
  "supportAtoms",
  "cellZNm",
  "gapNm",
  "orientation",
] as const;

/**
 * One simulated sample: draws the imaging and specimen values, builds the specimen (gold particle,
 * random orientation, on the given support) and simulates its HRTEM image, with shot noise unless the
 * settings say `shotNoise: false`. Every random draw comes from `rng`, forked per stage so the stages stay
 * independent.
 */
export function simulateSample(
  config: GenerationConfig,
  family: SimulatedFamily,
  support: SupportMaterial,
  rng: Rng,
): SimulatedSample {
  const s = config.simulation;
  const draw = drawSimulation(family, rng.fork("draw"), presetByName(config.preset).recipe, s);
  const zone = draw.zoneAxis !== undefined && draw.zoneAxis !== "random" ? draw.zoneAxis : null;
  // drawn from its own stream, so the other draws stay those of a dataset without the range
  const amorphousMinDistanceNm =
    s.amorphousMinDistanceRangeNm && draw.shape === "amorphous"
      ? rng.fork("amorphous-density").range(...s.amorphousMinDistanceRangeNm)
      : undefined;
  const built = buildSpecimen(
    {
      shape: draw.shape as ShapeName,
      diameterNm: draw.diameterNm,
      element: s.element,
      support,
      supportThicknessNm: draw.supportThicknessNm,
      boxNm: s.boxNm,
      particleSide: draw.particleSide,
      shrinkToFit: true,
      ...(amorphousMinDistanceNm === undefined ? {} : { amorphousMinDistanceNm }),
      ...(zone ? { randomOrientation: false } : {}),
    },
    rng.fork("specimen"),
  );
  const structure = zone
    ? orientParticle(
        built,
        zoneAxisRotation(zone, draw.zoneTiltDeg ?? 0, rng.fork("zone-axis")),
        draw.particleSide,
      )
    : built;
  const microscope = parseMicroscope({
    name: "dataset",
    voltageKv: draw.voltageKv,
    defocusNm: draw.defocusNm,
    astigmatismXNm: draw.astigmatismXNm,
    astigmatismYNm: draw.astigmatismYNm,
    csUm: draw.csUm,
    focusSpreadNm: draw.focusSpreadNm,
    convergenceMrad: draw.convergenceMrad,
    doseEPerA2: s.shotNoise === false ? null : draw.doseEPerA2,
    mtf: draw.mtfGaussianAtNyquist === undefined ? null : { gaussianAtNyquist: draw.mtfGaussianAtNyquist },
  });
  const image = simulateImage(
    structure,
    microscope,
    {
      pixelSizeNm: draw.pixelSizeNm ?? s.pixelSizeNm,
      phonons: s.phonons,
      sliceThicknessNm: s.sliceThicknessNm,
      gridSize: s.gridPx,
      focalPoints: s.focalPoints,
      parametrization: s.parametrization,
    },
    rng.fork("image"),
  );
  const params: Record<string, ParamValue> = drawParams(draw);
  if (s.shotNoise === false) delete params.doseEPerA2;
  if (amorphousMinDistanceNm !== undefined) {
    params.amorphousMinDistanceNm = amorphousMinDistanceNm;
    params.amorphousDensityPerNm3 = Number(built.info.densityAtomsPerNm3);
  }
  // the largest polyhedra of a range are shrunk to fit the cell
  if (typeof built.info.diameterNm === "number") params.diameterNm = built.info.diameterNm;
  for (const key of STRUCTURE_FIELDS) {
    const value = structure.info[key];
    if (typeof value === "number" || typeof value === "string") params[key] = value;
  }
  // a second domain hidden under the first along the beam leaves a polycrystal looking like a single crystal
  const areas = projectedDomainAreas(structure);
  if (areas.sharesByDomain.length > 0) {
    params.secondDomainAreaShare = Math.round(1000 * (sharesLargestFirst(areas)[1] ?? 0)) / 1000;
    const envelope = coherenceEnvelope(microscope);
    const looks = projectedDomainLooks(
      structure,
      {
        latticeConstantNm: FCC_ELEMENTS[s.element].latticeConstantAng / 10,
        diameterNm: typeof params.diameterNm === "number" ? params.diameterNm : draw.diameterNm,
        pixelSizeNm: image.pixelSizeNm,
        transmits: (gx, gy) => envelope(gx, gy) >= INFORMATION_LIMIT_ENVELOPE,
      },
      areas,
    );
    params.distinctDomains = looks.distinct;
    params.fringeDomains = looks.withFringes;
  }
  const subtype = draw.shape === "polycrystal" ? `polycrystal-${structure.info.domains}` : draw.shape;
  return {
    field: {
      data: image.intensity,
      width: image.width,
      height: image.height,
      pixelSizeNm: { x: image.pixelSizeNm, y: image.pixelSizeNm },
    },
    fieldMask: image.particleMask,
    subtype,
    structure,
    params,
  };
}
