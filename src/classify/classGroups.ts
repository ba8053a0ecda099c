import { CRYSTAL_CLASSES } from "../dataset/index.js";
import { TWO_CLASSES } from "./data.js";
import type { ModelJson } from "./model.js";

/**
 * A 2-class model (amorphous / crystalline) can be a 3-class network read in two classes:
 * p_crystalline = p_monocrystalline + p_polycrystalline. `model.json` then names the network's own classes
 * in `networkClasses` beside the two it answers in `classes`. One network trained on the finer labels
 * serves both questions, and a 3-class network trained on more data answers the 2-class one as well as a
 * network trained for it (README, "Shipped models").
 */

/** The classes the network outputs, in order: `networkClasses` for a merged model, else `classes`. */
export function networkClassesOf(meta: ModelJson): readonly string[] {
  return meta.networkClasses ?? meta.classes;
}

/** The model class each network class adds to: its own name, or "crystalline" for mono- and polycrystalline. */
function groupOf(networkClass: string, classes: readonly string[]): number {
  const own = classes.indexOf(networkClass);
  if (own >= 0) return own;
  return (CRYSTAL_CLASSES as readonly string[]).includes(networkClass) ? classes.indexOf("crystalline") : -1;
}

/** Problem with a merged model's class lists, or null when every network class adds to one model class. */
export function classGroupProblem(meta: ModelJson): string | null {
  if (!meta.networkClasses) return null;
  const missing = meta.networkClasses.filter((c) => groupOf(c, meta.classes) < 0);
  if (missing.length > 0)
    return `network classes ${missing.join(", ")} belong to none of ${meta.classes.join(", ")}`;
  return null;
}

/** Sums a network probability vector into the model's classes (a copy; the vector itself when not merged). */
export function mergeClasses(p: Float32Array, meta: ModelJson): Float32Array {
  if (!meta.networkClasses) return p;
  const merged = new Float32Array(meta.classes.length);
  meta.networkClasses.forEach((c, k) => {
    merged[groupOf(c, meta.classes)] += p[k];
  });
  return merged;
}

/** `model.json` of the 2-class reading of a 3-class model (same network, weights and calibration). */
export function twoClassMeta(meta: ModelJson, source: string): ModelJson {
  const { metrics: _threeClassMetrics, ...rest } = meta;
  return {
    ...rest,
    classes: [...TWO_CLASSES],
    networkClasses: [...meta.classes],
    training: { ...meta.training, readInTwoClassesFrom: source },
  };
}
