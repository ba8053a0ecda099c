/**
 * The crystallinity classes of the paper (three-class scheme), in the order used everywhere: folder
 * names, manifest labels, model outputs.
 */
export const CRYSTAL_CLASSES = ["amorphous", "monocrystalline", "polycrystalline"] as const;
/** One crystallinity class. */
export type CrystalClass = (typeof CRYSTAL_CLASSES)[number];

/**
 * What a sample is labelled: a crystallinity class, or `field` for the `fields` preset, whose samples are
 * whole micrographs with many particles (their classes are in the per-particle truth).
 */
export type SampleLabel = CrystalClass | "field";

/** The dataset splits, 60/20/20 as in the paper. */
export const SPLITS = ["train", "val", "test"] as const;
/** One dataset split. */
export type Split = (typeof SPLITS)[number];

/** Support film materials of the simulated specimens ("none" for the pattern preset). */
export type SupportMaterial = "C" | "Si" | "none";
