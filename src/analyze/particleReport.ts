import type { ParticleRegion } from "../segment/index.js";

/** Label given to particles when no classifier model is available. */
export const UNCLASSIFIED = "unclassified";

/** The crystallinity decision for one particle. */
export interface ParticleClass {
  /** Class name, `unknown` (omission rule) or `unclassified` (no model). */
  classLabel: string;
  /** Top class probability (0..1); null when unclassified. */
  confidence: number | null;
  /** Probability per class name (empty when unclassified). */
  probabilities: Record<string, number>;
}

/** One particle of one micrograph: where it is, its measurements and its class. */
export interface ParticleReport extends ParticleRegion, ParticleClass {
  /** The micrograph's name as given on the command line (or its file name). */
  file: string;
  /** Particle number within its micrograph (the value in `labels.png`). */
  particle: number;
}
