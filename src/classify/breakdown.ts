import type { ManifestRow } from "../dataset/index.js";
import { FCC_ELEMENTS, type ElementSymbol, visibleFringeFamilies } from "../structure/index.js";
import { type Decision, UNKNOWN } from "./omission.js";

/** How a model did on the samples that share one value of one condition (e.g. pixel size 0.06–0.07 nm). */
export interface GroupMetrics {
  /** The condition, with its unit: `"pixel size [nm]"`. */
  factor: string;
  /** The condition's value or range: `"0.06–0.07"`. */
  group: string;
  count: number;
  /** Fraction whose most probable class is the true one. */
  accuracy: number;
  /** Fraction that the omission rule does not set aside. */
  decidedFraction: number;
  /** Accuracy among the decided samples (NaN when none is decided). */
  decidedAccuracy: number;
}

/** One evaluated sample: its simulation record (absent for images labelled elsewhere), true class, decision. */
export interface ScoredSample {
  conditions?: ManifestRow;
  /** Index of the true class in the model's class list. */
  truth: number;
  decision: Decision;
}

interface Factor {
  name: string;
  groupOf(row: ManifestRow, truth: string): string | null;
}

const number = (value: unknown): number | null => (typeof value === "number" ? value : null);

/** The range of `edges` that holds `value`, as "lo–hi" (open-ended at both ends). */
function bin(value: number | null, edges: readonly number[], digits: number): string | null {
  if (value === null) return null;
  const upper = edges.findIndex((e) => value < e);
  if (upper === 0) return `< ${edges[0].toFixed(digits)}`;
  if (upper < 0) return `≥ ${edges[edges.length - 1].toFixed(digits)}`;
  return `${edges[upper - 1].toFixed(digits)}–${edges[upper].toFixed(digits)}`;
}

/**
 * For a single crystal at a random orientation: how many plane families can show fringes (see
 * `visibleFringeFamilies`), from the recorded rotation, size and pixel; null for anything else. Rows without
 * a `zoneAxis` come from the paper's recipes, which orient every crystal uniformly at random.
 */
function fringeGroup(row: ManifestRow, truth: string): string | null {
  const p = row.params;
  const diameterNm = number(p.equivalentDiameterNm) ?? number(p.diameterNm);
  const pixelSizeNm = row.pixelSizeNm;
  const random = p.zoneAxis === undefined || p.zoneAxis === "random";
  if (!random || p.domains !== 1 || typeof p.orientation !== "string") return null;
  if (diameterNm === null || pixelSizeNm === null) return null;
  const rotation = Float64Array.from(p.orientation.split(" "), Number);
  const element = FCC_ELEMENTS[(typeof p.element === "string" ? p.element : "Au") as ElementSymbol];
  if (rotation.length !== 9 || rotation.some((v) => !Number.isFinite(v)) || !element) return null;
  const families = visibleFringeFamilies({
    rotation,
    latticeConstantNm: element.latticeConstantAng / 10,
    diameterNm,
    pixelSizeNm,
  }).length;
  return `${truth}, ${families} ${families === 1 ? "family" : "families"}`;
}

/**
 * The kind of instrument an image was recorded with, e.g. "300 kV, no Cs corrector": uncorrected lenses
 * have C3 in mm, corrected ones a few µm.
 * @param voltageKv accelerating voltage [kV]
 * @param csUm spherical aberration C3 [µm]
 */
export function instrumentName(voltageKv: number, csUm: number): string {
  return `${voltageKv} kV, ${Math.abs(csUm) > UNCORRECTED_CS_UM ? "no Cs corrector" : "Cs-corrected"}`;
}

function instrumentGroup(row: ManifestRow): string | null {
  const voltageKv = number(row.params.voltageKv);
  const csUm = number(row.params.csUm);
  return voltageKv === null || csUm === null ? null : instrumentName(voltageKv, csUm);
}

/** C3 above which a lens counts as uncorrected [µm]. */
const UNCORRECTED_CS_UM = 100;

/**
 * The conditions a breakdown groups by. Orientation is split per true class because a crystal seen along
 * a random direction often shows one set of fringes or none, where the class is no longer in the image.
 */
const FACTORS: readonly Factor[] = [
  {
    name: "crystal orientation",
    groupOf: (row, truth) => {
      const axis = row.params.zoneAxis;
      if (typeof axis !== "string" || row.label === "amorphous") return null;
      return `${truth}, ${axis === "random" ? "random" : "near a zone axis"}`;
    },
  },
  { name: "lattice fringes possible (single crystals at a random orientation)", groupOf: fringeGroup },
  {
    name: "polycrystals: projected area the second domain has to itself",
    groupOf: (row) =>
      row.label === "polycrystalline" ? bin(number(row.params.secondDomainAreaShare), [0.1, 0.2], 1) : null,
  },
  {
    name: "crystals: whether some domain shows fringes (up to {420}, as the pixel and the optics allow)",
    groupOf: (row, truth) => {
      const n = number(row.params.fringeDomains);
      if (row.label === "amorphous" || n === null) return null;
      return `${truth}, ${n > 0 ? "fringes" : "no fringes"}`;
    },
  },
  {
    name: "polycrystals: domains the image can tell apart (own area ≥ (2·d111)², different fringes)",
    groupOf: (row) =>
      row.label === "polycrystalline" ? bin(number(row.params.distinctDomains), [2], 0) : null,
  },
  { name: "shape", groupOf: (row) => row.subtype },
  { name: "diameter [nm]", groupOf: (row) => bin(number(row.params.diameterNm), [1, 2, 3, 4, 5], 0) },
  {
    name: "pixel size [nm]",
    groupOf: (row) => bin(row.pixelSizeNm, [0.02, 0.03, 0.04, 0.05, 0.06, 0.07], 2),
  },
  { name: "dose [e⁻/Å²]", groupOf: (row) => bin(number(row.params.doseEPerA2), [1e3, 1e4], 0) },
  { name: "instrument", groupOf: instrumentGroup },
  { name: "support", groupOf: (row) => row.support },
  {
    name: "support film thickness [nm]",
    groupOf: (row) => bin(number(row.params.supportThicknessNm), [3, 6, 10], 0),
  },
];

/**
 * Accuracy per group of each condition in {@link FACTORS}, over the samples that have a simulation record;
 * empty when none has.
 * @param classes the model's class names (the true class of a sample is `classes[truth]`)
 */
export function breakdownByCondition(
  samples: readonly ScoredSample[],
  classes: readonly string[],
): GroupMetrics[] {
  const out: GroupMetrics[] = [];
  for (const factor of FACTORS) {
    const groups = new Map<string, { count: number; right: number; decided: number; decidedRight: number }>();
    for (const { conditions, truth, decision } of samples) {
      const group = conditions ? factor.groupOf(conditions, classes[truth]) : null;
      if (group === null) continue;
      const g = groups.get(group) ?? { count: 0, right: 0, decided: 0, decidedRight: 0 };
      const right = decision.classIndex === truth;
      g.count++;
      if (right) g.right++;
      if (decision.label !== UNKNOWN) {
        g.decided++;
        if (right) g.decidedRight++;
      }
      groups.set(group, g);
    }
    for (const [group, g] of [...groups].sort(([a], [b]) => byRange(a, b)))
      out.push({
        factor: factor.name,
        group,
        count: g.count,
        accuracy: g.right / g.count,
        decidedFraction: g.decided / g.count,
        decidedAccuracy: g.decided > 0 ? g.decidedRight / g.decided : Number.NaN,
      });
  }
  return out;
}

/** Orders names alphabetically and ranges by value, the open ranges "< lo" first and "≥ hi" last. */
function byRange(a: string, b: string): number {
  const rank = (s: string) => (s.startsWith("<") ? -1 : s.startsWith("≥") ? 1 : 0);
  return rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true });
}
