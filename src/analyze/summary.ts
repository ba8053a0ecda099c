import { UNKNOWN } from "../classify/index.js";
import type { MicrographAnalysis } from "./analyzeMicrograph.js";
import type { ParticleReport } from "./particleReport.js";
import { UNCLASSIFIED } from "./particleReport.js";
import { type Distribution, describe, wilsonInterval, Z95 } from "./statistics.js";

/** Count and share of one class, with its Wilson 95 % interval. */
export interface ClassShare {
  label: string;
  count: number;
  /** count / total (0..1). */
  fraction: number;
  /** Wilson 95 % confidence interval of the fraction. */
  ci95: [number, number];
}

/**
 * Share of one class estimated from the class probabilities of all particles (their mean), with a 95 %
 * normal interval from the probabilities' spread (mean ± 1.96·sd/√n, clipped to [0, 1]).
 */
export interface ExpectedShare {
  label: string;
  fraction: number;
  ci95: [number, number];
}

/** Size and shape statistics of a group of particles. */
export interface SizeStatistics {
  ecdNm: Distribution;
  areaNm2: Distribution;
  feretMaxNm: Distribution;
  circularity: Distribution;
}

/** A micrograph that could not be analysed, and why. */
export interface FailedMicrograph {
  file: string;
  error: string;
}

/** The sample over all micrographs (`summary.json`; no timings, so equal inputs give equal bytes). */
export interface AnalysisSummary {
  micrographs: {
    file: string;
    width: number;
    height: number;
    pixelSizeNm: number;
    particles: number;
    detector: string;
    polarity: string | null;
  }[];
  failed: FailedMicrograph[];
  /** Total number of particles kept. */
  particles: number;
  classifier: { model: string | null; classes: string[]; threshold: number };
  /** Shares of all particles, `unknown` (omission rule) or `unclassified` included as their own rows. */
  classes: ClassShare[];
  /** Shares among the particles that received a class (unknown left out), as the paper reports them. */
  assigned: ClassShare[];
  /**
   * Shares as the mean class probability over all particles (probabilistic classify-and-count): unlike
   * `assigned` it keeps the doubtful particles, which are mostly crystalline ones, so the omission rule
   * does not bias the mix; it is as good as the model's calibration. Empty without a model.
   */
  expected: ExpectedShare[];
  sizes: { all: SizeStatistics; byClass: Record<string, SizeStatistics> };
}

function sizeStatistics(particles: readonly ParticleReport[]): SizeStatistics {
  return {
    ecdNm: describe(particles.map((p) => p.ecdNm)),
    areaNm2: describe(particles.map((p) => p.areaNm2)),
    feretMaxNm: describe(particles.map((p) => p.feretMaxNm)),
    circularity: describe(particles.map((p) => p.circularity)),
  };
}

function shares(labels: readonly string[], particles: readonly ParticleReport[]): ClassShare[] {
  const n = particles.length;
  return labels.map((label) => {
    const count = particles.filter((p) => p.classLabel === label).length;
    return { label, count, fraction: n > 0 ? count / n : 0, ci95: wilsonInterval(count, n) };
  });
}

function expectedShares(labels: readonly string[], particles: readonly ParticleReport[]): ExpectedShare[] {
  const n = particles.length;
  return labels.map((label) => {
    const values = particles.map((p) => p.probabilities[label] ?? 0);
    const { mean, sd } = describe(values);
    const half = sd === null ? 0 : (Z95 * sd) / Math.sqrt(n);
    const fraction = mean ?? 0;
    return { label, fraction, ci95: [Math.max(0, fraction - half), Math.min(1, fraction + half)] };
  });
}

/** The labels a table lists, in order: the model's classes then `unknown`, or `unclassified`. */
export function labelOrder(modelClasses: readonly string[] | null): string[] {
  return modelClasses ? [...modelClasses, UNKNOWN] : [UNCLASSIFIED];
}

/**
 * Summarises the analysed micrographs: counts, class fractions with Wilson 95 % intervals (of all particles
 * and of those with a class decision), the fractions expected from the class probabilities, and size
 * statistics overall and per class.
 */
export function summarize(
  analyses: readonly MicrographAnalysis[],
  failed: readonly FailedMicrograph[],
  classifier: AnalysisSummary["classifier"],
): AnalysisSummary {
  const particles = analyses.flatMap((a) => a.particles);
  const labels = labelOrder(classifier.model ? classifier.classes : null);
  const decided = particles.filter((p) => p.classLabel !== UNKNOWN && p.classLabel !== UNCLASSIFIED);
  return {
    micrographs: analyses.map((a) => ({
      file: a.file,
      width: a.width,
      height: a.height,
      pixelSizeNm: a.pixelSizeNm,
      particles: a.particles.length,
      detector: a.detector,
      polarity: a.polarity,
    })),
    failed: [...failed],
    particles: particles.length,
    classifier,
    classes: shares(labels, particles),
    assigned: classifier.model ? shares(classifier.classes, decided) : [],
    expected: classifier.model && particles.length > 0 ? expectedShares(classifier.classes, particles) : [],
    sizes: {
      all: sizeStatistics(particles),
      byClass: Object.fromEntries(
        labels.map((l) => [l, sizeStatistics(particles.filter((p) => p.classLabel === l))]),
      ),
    },
  };
}
