import { join } from "node:path";
import { writeFileAtomic } from "../core/index.js";
import { breakdownByCondition, type GroupMetrics } from "./breakdown.js";
import { confusionMatrixSvg } from "./charts.js";
import type { Sample } from "./data.js";
import { evaluateDecisions, type Metrics, type OmissionMetrics } from "./metrics.js";
import type { Model } from "./model.js";
import { applyOmissionRule, UNKNOWN } from "./omission.js";
import { predict } from "./predict.js";
import { type ShownClassMetrics, shownClassMetrics } from "./shownClass.js";

/** Result of evaluating a model on labelled samples. */
export interface Evaluation {
  all: Metrics;
  omission: OmissionMetrics;
  /** Per-sample rows: id, true class, label (after the rule), confidence, probabilities. */
  predictions: {
    id: string;
    file: string;
    truth: string;
    label: string;
    confidence: number;
    probabilities: number[];
  }[];
  /** Particle images classified per second (preparation + network). */
  imagesPerSecond: number;
  /** Accuracy per simulation condition (orientation, size, pixel size, ...); empty without manifests. */
  breakdown: GroupMetrics[];
  /**
   * The metrics without the samples whose images cannot show their class: crystals without visible fringes,
   * polycrystals showing fewer than two distinct domains (see shownClass.ts); null when the records do not
   * say.
   */
  shownClass: ShownClassMetrics | null;
}

/**
 * Classifies every sample and computes the metrics with and without the omission rule.
 * Samples that carry their simulation record (`loadSplit` on a nanocryst dataset) are also broken down by
 * simulation condition.
 * @param options `predict`'s: symmetry views to average (default: the model's own), and whether particles
 *   larger than the network's view are classified window by window (default true)
 */
export async function evaluateModel(
  model: Model,
  samples: readonly Sample[],
  threshold: number,
  options: { views?: 1 | 8; windows?: boolean } = {},
): Promise<Evaluation> {
  const t0 = performance.now();
  const probs = await predict(
    model,
    samples.map((s) => s.particle),
    options,
  );
  const seconds = (performance.now() - t0) / 1000;
  const decisions = applyOmissionRule(probs, model.classes, threshold);
  const truth = samples.map((s) => s.label);
  const predicted = decisions.map((d) => d.classIndex);
  const confidence = decisions.map((d) => d.confidence);
  const { all, omission } = evaluateDecisions(truth, predicted, confidence, model.classes, threshold);
  return {
    all,
    omission,
    predictions: samples.map((s, i) => ({
      id: s.id,
      file: s.file,
      truth: model.classes[s.label],
      label: decisions[i].label,
      confidence: decisions[i].confidence,
      probabilities: Array.from(probs[i]),
    })),
    imagesPerSecond: samples.length / Math.max(seconds, 1e-9),
    breakdown: breakdownByCondition(
      samples.map((s, i) => ({ conditions: s.conditions, truth: s.label, decision: decisions[i] })),
      model.classes,
    ),
    shownClass: shownClassMetrics(
      samples.map((s) => s.conditions),
      truth,
      predicted,
      confidence,
      model.classes,
      threshold,
    ),
  };
}

/** Percent with one decimal, "–" when undefined. */
export function percent(x: number): string {
  return Number.isFinite(x) ? (100 * x).toFixed(1) : "–";
}

/** A table of accuracy, precision and recall in the layout of the paper's Tables 1–4. */
export function metricsTable(title: string, m: Metrics): string {
  const lines = [
    title,
    `${"Class".padEnd(18)}${"Accuracy [%]".padStart(14)}${"Precision [%]".padStart(15)}${"Recall [%]".padStart(12)}`,
  ];
  m.perClass.forEach((c, i) => {
    const acc = i === 0 ? percent(m.accuracy) : "";
    lines.push(
      `${c.class.padEnd(18)}${acc.padStart(14)}${percent(c.precision).padStart(15)}${percent(c.recall).padStart(12)}`,
    );
  });
  return lines.join("\n");
}

/** The breakdown as a text table, one block per condition. */
export function breakdownTable(groups: readonly GroupMetrics[]): string {
  const lines = [
    `${"Condition".padEnd(36)}${"n".padStart(6)}${"Accuracy [%]".padStart(14)}${"Decided [%]".padStart(13)}${"Acc. decided [%]".padStart(18)}`,
  ];
  let factor = "";
  for (const g of groups) {
    if (g.factor !== factor) {
      factor = g.factor;
      lines.push(factor);
    }
    lines.push(
      `  ${g.group.padEnd(34)}${String(g.count).padStart(6)}${percent(g.accuracy).padStart(14)}${percent(g.decidedFraction).padStart(13)}${percent(g.decidedAccuracy).padStart(18)}`,
    );
  }
  return lines.join("\n");
}

/**
 * Writes `metrics.json`, `confusion.svg`, `confusion-omission.svg` and `predictions.csv` into `dir`.
 * @param info extra fields for metrics.json (model, data, split)
 */
export function writeEvaluation(dir: string, evaluation: Evaluation, info: Record<string, unknown>): void {
  const { all, omission } = evaluation;
  const json = {
    ...info,
    imagesPerSecond: evaluation.imagesPerSecond,
    all,
    omission,
    breakdown: evaluation.breakdown,
    ...(evaluation.shownClass ? { shownClass: evaluation.shownClass } : {}),
  };
  writeFileAtomic(
    join(dir, "metrics.json"),
    `${JSON.stringify(json, (_k, v) => (Number.isNaN(v) ? null : v), 2)}\n`,
  );
  writeFileAtomic(
    join(dir, "confusion.svg"),
    confusionMatrixSvg(
      `Confusion matrix (n = ${all.count}, accuracy ${percent(all.accuracy)} %)`,
      all.classes,
      all.classes,
      all.confusion,
    ),
  );
  const withUnknown = omission.confusion.map((row, i) => [...row, omission.unknownPerClass[i]]);
  writeFileAtomic(
    join(dir, "confusion-omission.svg"),
    confusionMatrixSvg(
      `After the ${percent(omission.threshold)} % omission rule: accuracy ${percent(omission.accuracy)} %, unknown ${percent(omission.unknownFraction)} %`,
      omission.classes,
      [...omission.classes, UNKNOWN],
      withUnknown,
    ),
  );
  const classes = all.classes;
  const rows = [`id,file,truth,label,confidence,${classes.map((c) => `p_${c}`).join(",")}`];
  for (const p of evaluation.predictions)
    rows.push(
      [
        p.id,
        csvField(p.file),
        p.truth,
        p.label,
        p.confidence.toFixed(4),
        ...p.probabilities.map((v) => v.toFixed(4)),
      ].join(","),
    );
  writeFileAtomic(join(dir, "predictions.csv"), `${rows.join("\n")}\n`);
}

/** Quotes a CSV field when it holds a comma, quote or newline (RFC 4180). */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
