import { describe, expect, it } from "vitest";
import { confusionMatrix, evaluateDecisions, metricsFromConfusion } from "../metrics.js";
import { applyOmissionRule, UNKNOWN } from "../omission.js";

const classes = ["amorphous", "monocrystalline", "polycrystalline"];

describe("metrics from a hand-computed confusion matrix", () => {
  // true:      a a a a m m m p p p
  // predicted: a a a m m m p p p a
  const truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
  const predicted = [0, 0, 0, 1, 1, 1, 2, 2, 2, 0];

  it("counts rows = true class, columns = predicted class", () => {
    expect(confusionMatrix(truth, predicted, 3)).toEqual([
      [3, 1, 0],
      [0, 2, 1],
      [1, 0, 2],
    ]);
  });

  it("accuracy = 7/10; precision TP/(TP+FP) and recall TP/(TP+FN) per class", () => {
    const m = metricsFromConfusion(confusionMatrix(truth, predicted, 3), classes);
    expect(m.accuracy).toBeCloseTo(0.7, 12);
    // amorphous: TP 3, FP 1 (a poly), FN 1 (a mono)
    expect(m.perClass[0].precision).toBeCloseTo(3 / 4, 12);
    expect(m.perClass[0].recall).toBeCloseTo(3 / 4, 12);
    // monocrystalline: TP 2, FP 1, FN 1
    expect(m.perClass[1].precision).toBeCloseTo(2 / 3, 12);
    expect(m.perClass[1].recall).toBeCloseTo(2 / 3, 12);
    // polycrystalline: TP 2, FP 1, FN 1
    expect(m.perClass[2].precision).toBeCloseTo(2 / 3, 12);
    expect(m.perClass[2].support).toBe(3);
    expect(m.confusionNormalised[0]).toEqual([0.75, 0.25, 0]);
  });

  it("a class never predicted has undefined (NaN) precision, not 0 or 1", () => {
    const m = metricsFromConfusion(
      [
        [2, 0],
        [1, 0],
      ],
      ["amorphous", "crystalline"],
    );
    expect(m.perClass[1].precision).toBeNaN();
    expect(m.perClass[1].recall).toBe(0);
  });
});

describe("the 80 % omission rule", () => {
  const probabilities = [
    [0.9, 0.05, 0.05],
    [0.5, 0.45, 0.05],
    [0.1, 0.8, 0.1],
    [0.2, 0.1, 0.7],
  ];

  it("labels a particle unknown when its top probability is below the threshold; 0.8 itself is kept", () => {
    const d = applyOmissionRule(probabilities, classes);
    expect(d.map((x) => x.label)).toEqual(["amorphous", UNKNOWN, "monocrystalline", UNKNOWN]);
    expect(d[1].classIndex).toBe(0);
    expect(d[3].confidence).toBeCloseTo(0.7, 6);
  });

  it("threshold 0 keeps every decision", () => {
    expect(applyOmissionRule(probabilities, classes, 0).every((x) => x.label !== UNKNOWN)).toBe(true);
  });

  it("metrics after the rule count only kept particles and report the unknown fraction", () => {
    const truth = [0, 1, 1, 2];
    const decisions = applyOmissionRule(probabilities, classes);
    const { all, omission } = evaluateDecisions(
      truth,
      decisions.map((d) => d.classIndex),
      decisions.map((d) => d.confidence),
      classes,
      0.8,
    );
    expect(all.accuracy).toBeCloseTo(3 / 4, 12); // particle 1 (mono) was predicted amorphous
    expect(omission.count).toBe(2);
    expect(omission.accuracy).toBe(1);
    expect(omission.unknownFraction).toBe(0.5);
    expect(omission.unknownPerClass).toEqual([0, 1, 1]);
  });
});
