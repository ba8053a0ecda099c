import { usageError } from "../core/index.js";
import { CRYSTAL_CLASSES, type SampleLabel, type SupportMaterial } from "./classes.js";

/**
 * How the samples of a group are made:
 * - `pattern-*`: the paper's simple synthetic patterns (no physics);
 * - `rsa-cluster`: amorphous particles by random sequential addition (Novaes et al.);
 * - `single-crystal`: fcc sphere cut-outs and single-crystal polyhedra;
 * - `twinned`: multiply twinned particles (icosahedra, Ino and Marks decahedra, single twins);
 * - `stitched`: the paper's 2- and 3-domain polycrystals stitched from rotated fcc spheres;
 * - `field`: a whole simulated micrograph with many particles of all classes (`dataset/fields/`).
 */
export type SampleFamily =
  | "pattern-dots"
  | "pattern-sinusoids"
  | "pattern-stitched"
  | "rsa-cluster"
  | "single-crystal"
  | "twinned"
  | "stitched"
  | "field";

/** A block of samples of one class, family and support, with its count in the paper's Table 5. */
export interface SampleGroup {
  readonly label: SampleLabel;
  readonly family: SampleFamily;
  readonly support: SupportMaterial;
  /** Number of samples at the default size (Table 5). */
  readonly count: number;
}

/**
 * Imaging and orientation recipe (see sampling.ts): the paper's ranges; `plus`, those with zone axes, MTF,
 * camera pixel and a wider dose range; `instruments`, `plus` with the voltage and objective lens drawn too.
 */
export type Recipe = "paper" | "plus" | "instruments";

/** A dataset recipe: one row of the paper's Table 5. */
export interface Preset {
  readonly name: PresetName;
  /** The paper's name of the dataset. */
  readonly paperName: string;
  readonly description: string;
  /**
   * `pattern`: synthetic images; `simulation`: multislice HRTEM simulations of one particle; `field`:
   * simulated micrographs of many particles with instance labels (for detection and segmentation).
   */
  readonly kind: "pattern" | "simulation" | "field";
  readonly recipe: Recipe;
  readonly groups: readonly SampleGroup[];
}

/** Preset names accepted by `nanocryst dataset generate --preset`. */
export const PRESET_NAMES = [
  "pattern",
  "simulation-c",
  "simulation-c-si",
  "poly",
  "poly-plus",
  "poly-instruments",
  "fields",
  "fields-instruments",
] as const;
/** One preset name. */
export type PresetName = (typeof PRESET_NAMES)[number];

const CARBON: readonly SampleGroup[] = [
  { label: "amorphous", family: "rsa-cluster", support: "C", count: 1252 },
  { label: "monocrystalline", family: "single-crystal", support: "C", count: 1806 },
  { label: "polycrystalline", family: "twinned", support: "C", count: 507 },
];
// Table 5: SimulationC-Si adds 746 amorphous and 824 monocrystalline particles on Si; its 507
// polycrystalline (twinned) particles are those of SimulationC.
const SILICON: readonly SampleGroup[] = [
  { label: "amorphous", family: "rsa-cluster", support: "Si", count: 746 },
  { label: "monocrystalline", family: "single-crystal", support: "Si", count: 824 },
];
// Table 5: Poly adds 3255 − 507 = 2748 stitched polycrystals "on amorphous carbon support as well as on
// silicon support"; the paper gives no split, so half each.
const STITCHED: readonly SampleGroup[] = [
  { label: "polycrystalline", family: "stitched", support: "C", count: 1374 },
  { label: "polycrystalline", family: "stitched", support: "Si", count: 1374 },
];

/**
 * The paper's four training sets (Table 5), `poly-plus` (Poly's counts with a more realistic recipe) and
 * `poly-instruments` (the same over the instruments HRTEM is recorded with).
 */
export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  pattern: {
    name: "pattern",
    paperName: "Pattern",
    description: "Simple synthetic patterns with salt-and-pepper noise (no physics)",
    kind: "pattern",
    recipe: "paper",
    groups: [
      { label: "amorphous", family: "pattern-dots", support: "none", count: 1000 },
      { label: "monocrystalline", family: "pattern-sinusoids", support: "none", count: 1000 },
      { label: "polycrystalline", family: "pattern-stitched", support: "none", count: 1000 },
    ],
  },
  "simulation-c": {
    name: "simulation-c",
    paperName: "SimulationC",
    description: "Gold particles on amorphous carbon: RSA clusters, single crystals, twinned particles",
    kind: "simulation",
    recipe: "paper",
    groups: CARBON,
  },
  "simulation-c-si": {
    name: "simulation-c-si",
    paperName: "SimulationC-Si",
    description: "SimulationC plus amorphous and single-crystal gold particles on amorphous silicon",
    kind: "simulation",
    recipe: "paper",
    groups: [...CARBON, ...SILICON],
  },
  poly: {
    name: "poly",
    paperName: "Poly",
    description: "SimulationC-Si plus stitched 2- and 3-domain polycrystals on carbon and silicon",
    kind: "simulation",
    recipe: "paper",
    groups: [...CARBON, ...SILICON, ...STITCHED],
  },
  "poly-plus": {
    name: "poly-plus",
    paperName: "Poly (nanocryst recipe)",
    description:
      "Poly's samples with half the crystals near a low-index zone axis, a detector MTF and a wider dose range",
    kind: "simulation",
    recipe: "plus",
    groups: [...CARBON, ...SILICON, ...STITCHED],
  },
  "poly-instruments": {
    name: "poly-instruments",
    paperName: "Poly (nanocryst recipe, any instrument)",
    description:
      "poly-plus imaged at 80, 200 or 300 kV, a third of the 200 and 300 kV images without a Cs corrector near Scherzer focus",
    kind: "simulation",
    recipe: "instruments",
    groups: [...CARBON, ...SILICON, ...STITCHED],
  },
  fields: {
    name: "fields",
    paperName: "Fields (nanocryst; the paper's Fig. 8 task)",
    description:
      "Whole simulated micrographs: 1–5 nm particles of all classes (some touching, some cut by the border) on amorphous carbon, with instance labels and per-particle truth",
    kind: "field",
    recipe: "paper",
    groups: [{ label: "field", family: "field", support: "C", count: 200 }],
  },
  "fields-instruments": {
    name: "fields-instruments",
    paperName: "Fields (nanocryst, any instrument)",
    description:
      "fields imaged at 80, 200 or 300 kV, a third of the 200 and 300 kV fields without a Cs corrector near Scherzer focus",
    kind: "field",
    recipe: "instruments",
    groups: [{ label: "field", family: "field", support: "C", count: 200 }],
  },
};

/** The preset of a name, or a usage error listing the valid names. */
export function presetByName(name: string): Preset {
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw usageError(`unknown preset "${name}"; expected one of ${PRESET_NAMES.join(", ")}`);
  }
  return PRESETS[name as PresetName];
}

/** A group with the number of samples actually generated. */
export interface PlannedGroup extends SampleGroup {
  /** Index of the group's first sample. */
  readonly firstIndex: number;
}

/**
 * The groups of a preset with their counts: Table 5 by default, or every class scaled to `perClass`
 * samples, shared among its groups in proportion to Table 5 (largest remainders, ties to the earlier
 * group), so the mix of supports and families stays the paper's. For the `fields` preset (one group)
 * `perClass` is the number of fields.
 */
export function planGroups(preset: Preset, perClass?: number): PlannedGroup[] {
  const counts = preset.groups.map((g) => g.count);
  if (perClass !== undefined && preset.kind === "field") counts.fill(perClass);
  else if (perClass !== undefined) {
    for (const label of CRYSTAL_CLASSES) {
      const members = preset.groups.flatMap((g, i) => (g.label === label ? [i] : []));
      const total = members.reduce((s, i) => s + preset.groups[i].count, 0);
      const exact = members.map((i) => (perClass * preset.groups[i].count) / total);
      const floors = exact.map(Math.floor);
      let missing = perClass - floors.reduce((s, v) => s + v, 0);
      const order = members
        .map((_, k) => k)
        .sort((a, b) => exact[b] - floors[b] - (exact[a] - floors[a]) || a - b);
      for (const k of order) {
        if (missing <= 0) break;
        floors[k]++;
        missing--;
      }
      members.forEach((i, k) => {
        counts[i] = floors[k];
      });
    }
  }
  let first = 0;
  return preset.groups.map((g, i) => {
    const planned = { ...g, count: counts[i], firstIndex: first };
    first += counts[i];
    return planned;
  });
}

/** Total number of samples of a plan. */
export function planTotal(groups: readonly PlannedGroup[]): number {
  return groups.reduce((s, g) => s + g.count, 0);
}

/** The group that sample `index` belongs to. */
export function groupOfIndex(groups: readonly PlannedGroup[], index: number): PlannedGroup {
  for (const g of groups) if (index < g.firstIndex + g.count) return g;
  throw usageError(`sample index ${index} is beyond the dataset's ${planTotal(groups)} samples`);
}

/** The sample id of an index: zero-padded so that ids sort like indices. */
export function sampleId(index: number, total: number): string {
  return `s${String(index).padStart(Math.max(5, String(total - 1).length), "0")}`;
}
