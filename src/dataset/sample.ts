import { join } from "node:path";
import { assertUnreachable, Rng, writeFileAtomic } from "../core/index.js";
import { type GreyImage, writePng, writeTiffFloat32 } from "../io/index.js";
import { type GenerationConfig, configGroups } from "./config.js";
import { cutOutParticle } from "./cutout.js";
import { generateFieldSample } from "./fields/fieldSample.js";
import type { ManifestRow } from "./manifest.js";
import { amorphousPattern, monocrystallinePattern, type Pattern, polycrystallinePattern } from "./pattern.js";
import { groupOfIndex, type PlannedGroup, planTotal, presetByName, sampleId } from "./presets.js";
import { recordPath } from "./records.js";
import { isSimulatedFamily } from "./sampling.js";
import { simulateSample } from "./simulated.js";
import { splitForId } from "./split.js";

/**
 * The random stream of one sample: a pure function of (preset, seed, index), so samples can be made in
 * any order, on any machine, in any shard.
 */
export function sampleRng(config: GenerationConfig, index: number): Rng {
  return new Rng(["nanocryst-dataset", config.preset, config.seed, index]);
}

/**
 * Makes sample `index` of a dataset and writes its files into `dir`, each atomically, then its record
 * `records/ID.json` last: a sample counts as done exactly when its record exists.
 */
export function generateSample(config: GenerationConfig, index: number, dir: string): ManifestRow {
  const groups = configGroups(config);
  const group = groupOfIndex(groups, index);
  const id = sampleId(index, planTotal(groups));
  const split = splitForId(id);
  const stem = `${split}/${group.label}/${id}`;
  const rng = sampleRng(config, index);
  const base = { id, index, split, label: group.label, support: group.support, family: group.family };
  let row: ManifestRow;
  if (group.family === "field") {
    row = generateFieldSample(config.field, rng, dir, base, presetByName(config.preset).recipe);
  } else if (isSimulatedFamily(group.family)) {
    const sim = simulateSample(config, group.family, group.support, rng);
    const cut = cutOutParticle(sim.field, sim.fieldMask);
    const files = {
      cutout: `${stem}.tif`,
      mask: `masks/${stem}.png`,
      field: `fields/${stem}.tif`,
      fieldMask: `field-masks/${stem}.png`,
    };
    writeTiffFloat32(join(dir, files.field), sim.field);
    writeMask(join(dir, files.fieldMask), sim.fieldMask, sim.field);
    writeTiffFloat32(join(dir, files.cutout), cut);
    writeMask(join(dir, files.mask), cut.mask, cut);
    row = {
      ...base,
      subtype: sim.subtype,
      pixelSizeNm: sim.field.pixelSizeNm?.x ?? config.simulation.pixelSizeNm,
      width: cut.width,
      height: cut.height,
      params: {
        ...sim.params,
        cutoutColumn: cut.origin.column,
        cutoutRow: cut.origin.row,
        cutoutFill: cut.fillValue,
      },
      files,
    };
  } else {
    const pattern = makePattern(group, config.pattern.sizePx, rng);
    const image: GreyImage = {
      data: pattern.image,
      width: pattern.sizePx,
      height: pattern.sizePx,
      pixelSizeNm: null,
    };
    const files = { cutout: `${stem}.tif`, mask: `masks/${stem}.png`, field: null, fieldMask: null };
    writeTiffFloat32(join(dir, files.cutout), image);
    writeMask(join(dir, files.mask), new Uint8Array(image.data.length).fill(1), image);
    row = {
      ...base,
      subtype: patternSubtype(group, pattern),
      pixelSizeNm: null,
      width: pattern.sizePx,
      height: pattern.sizePx,
      params: pattern.params,
      files,
    };
  }
  writeFileAtomic(recordPath(dir, id), `${JSON.stringify(row)}\n`);
  return row;
}

function makePattern(group: PlannedGroup, sizePx: number, rng: Rng): Pattern {
  switch (group.family) {
    case "pattern-dots":
      return amorphousPattern(rng, sizePx);
    case "pattern-sinusoids":
      return monocrystallinePattern(rng, sizePx);
    case "pattern-stitched":
      return polycrystallinePattern(rng, sizePx);
    case "rsa-cluster":
    case "single-crystal":
    case "twinned":
    case "stitched":
    case "field":
      throw new Error(`family ${group.family} is simulated, not a pattern`);
    default:
      return assertUnreachable(group.family);
  }
}

function patternSubtype(group: PlannedGroup, pattern: Pattern): string {
  if (group.family === "pattern-dots") return "dots";
  if (group.family === "pattern-sinusoids") return "sinusoids";
  return `stitched-${pattern.params.patches}`;
}

/** A 0/1 mask as an 8-bit PNG (255 = particle), with the image's calibration. */
function writeMask(path: string, mask: Uint8Array, like: GreyImage): void {
  const data = Float32Array.from(mask);
  writePng(
    path,
    { data, width: like.width, height: like.height, pixelSizeNm: like.pixelSizeNm },
    { bitDepth: 8, range: [0, 1] },
  );
}
