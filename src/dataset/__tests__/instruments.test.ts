import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { aberrationPhase, wavelengthAng } from "../../simulate/index.js";
import { datasetInfo, makeConfig } from "../config.js";
import { drawFieldMicroscope } from "../fields/simulateField.js";
import { drawSimulation, INSTRUMENT_RANGES, SIMULATION_RANGES } from "../sampling.js";

const DRAWS = 3000;
const draws = Array.from({ length: DRAWS }, (_, k) =>
  drawSimulation("single-crystal", new Rng(["instruments", k]), "instruments"),
);
const uncorrected = draws.filter((d) => d.csUm > SIMULATION_RANGES.csUm.max);

/** A count's deviation from its binomial expectation, in standard deviations. */
function sigmas(count: number, n: number, p: number): number {
  return Math.abs(count - n * p) / Math.sqrt(n * p * (1 - p));
}

/** The lowest aberration phase χ along a radial line from C1 and C3 alone [rad]. */
function minimumPhase(defocusNm: number, csUm: number, voltageKv: number): number {
  const lambda = wavelengthAng(voltageKv);
  let lowest = 0;
  for (let k = 0; k <= 1; k += 1e-4)
    lowest = Math.min(lowest, aberrationPhase({ c1: defocusNm * 10, c3: csUm * 1e4 }, lambda, k, 0));
  return lowest;
}

describe("the instruments recipe", () => {
  it("draws 80, 200 and 300 kV in the recorded proportions", () => {
    const { values, weights } = INSTRUMENT_RANGES.voltageKv;
    const total = weights.reduce((s, w) => s + w, 0);
    values.forEach((kv, i) => {
      const count = draws.filter((d) => d.voltageKv === kv).length;
      expect(sigmas(count, DRAWS, weights[i] / total), `${kv} kV`).toBeLessThan(4);
    });
    expect(draws.every((d) => (values as readonly number[]).includes(d.voltageKv))).toBe(true);
  });

  it("leaves a third of the 200 and 300 kV images without a corrector, and none at 80 kV", () => {
    const high = draws.filter((d) => d.voltageKv > 80);
    expect(sigmas(uncorrected.length, high.length, INSTRUMENT_RANGES.uncorrectedFraction.value)).toBeLessThan(
      4,
    );
    expect(uncorrected.some((d) => d.voltageKv === 80)).toBe(false);
    for (const d of draws.filter((x) => x.csUm <= SIMULATION_RANGES.csUm.max)) {
      // corrected images keep the paper's C1 and C3
      expect(Math.abs(d.csUm)).toBeLessThanOrEqual(SIMULATION_RANGES.csUm.max);
      expect(d.defocusNm).toBeGreaterThanOrEqual(SIMULATION_RANGES.defocusNm.min);
      expect(d.defocusNm).toBeLessThanOrEqual(SIMULATION_RANGES.defocusNm.max);
    }
  });

  it("focuses uncorrected lenses near Scherzer: χ dips to −0.72π·f² for C1 = f × Scherzer, f in 0.6–1.4", () => {
    // χ = πλC1k² + ½πC3λ³k⁴ is lowest at k² = −C1/(C3λ²), where it is −πC1²/(2C3λ); Scherzer's
    // C1 = −1.2√(C3λ) makes that −0.72π, so f × Scherzer gives −0.72π·f²
    const { min, max } = INSTRUMENT_RANGES.uncorrectedDefocusScherzer;
    for (const d of uncorrected.slice(0, 40)) {
      expect(d.csUm).toBeGreaterThanOrEqual(INSTRUMENT_RANGES.uncorrectedCsUm.min);
      expect(d.csUm).toBeLessThanOrEqual(INSTRUMENT_RANGES.uncorrectedCsUm.max);
      expect(d.defocusNm).toBeLessThan(0);
      const f2 = minimumPhase(d.defocusNm, d.csUm, d.voltageKv) / (-0.72 * Math.PI);
      expect(f2).toBeGreaterThan(min * min * 0.999);
      expect(f2).toBeLessThan(max * max * 1.001);
    }
    const exact = minimumPhase((-1.2 * Math.sqrt(1.2e7 * wavelengthAng(300))) / 10, 1200, 300);
    expect(exact / Math.PI).toBeCloseTo(-0.72, 3);
  });

  it("keeps the plus recipe's specimen and imaging-chain draws, so both presets share their specimens", () => {
    for (let k = 0; k < 20; k++) {
      const plus = drawSimulation("stitched", new Rng(["pair", k]), "plus");
      const instrument = drawSimulation("stitched", new Rng(["pair", k]), "instruments");
      const { voltageKv: _v, csUm: _c, defocusNm: _d, ...rest } = instrument;
      expect(plus).toMatchObject(rest);
    }
  });

  it("records its ranges in dataset.json", () => {
    const info = datasetInfo(makeConfig("poly-instruments", { perClass: 3 }));
    expect(info.parameterRanges).toMatchObject({
      voltageKv: { distribution: "choice", values: [80, 200, 300] },
      uncorrectedCsUm: { min: 500, max: 2000 },
      pixelSizeNm: { distribution: "log-uniform" },
    });
  });

  it("images fields over the same instruments, after the paper's draws, leaving paper fields unchanged", () => {
    const fields = Array.from({ length: 600 }, (_, k) => ({
      paper: drawFieldMicroscope(new Rng(["field", k])),
      instrument: drawFieldMicroscope(new Rng(["field", k]), true),
    }));
    const { min, max } = INSTRUMENT_RANGES.uncorrectedDefocusScherzer;
    for (const { paper, instrument } of fields) {
      expect(paper.voltageKv).toBe(SIMULATION_RANGES.voltageKv.value);
      const { voltageKv: _v, csUm: _c, defocusNm: _d, ...imaging } = instrument;
      const { voltageKv: _pv, csUm: _pc, defocusNm: _pd, ...paperImaging } = paper;
      expect(imaging).toEqual(paperImaging);
      if (instrument.csUm === paper.csUm) {
        expect(instrument.defocusNm).toBe(paper.defocusNm);
        continue;
      }
      expect(instrument.voltageKv).toBeGreaterThan(80);
      const f2 =
        minimumPhase(instrument.defocusNm, instrument.csUm, instrument.voltageKv) / (-0.72 * Math.PI);
      expect(f2).toBeGreaterThan(min * min * 0.999);
      expect(f2).toBeLessThan(max * max * 1.001);
    }
    const { values, weights } = INSTRUMENT_RANGES.voltageKv;
    const total = weights.reduce((s, w) => s + w, 0);
    values.forEach((kv, i) => {
      const count = fields.filter((f) => f.instrument.voltageKv === kv).length;
      expect(sigmas(count, fields.length, weights[i] / total), `${kv} kV`).toBeLessThan(4);
    });
    const high = fields.filter((f) => f.instrument.voltageKv > 80);
    const without = high.filter((f) => f.instrument.csUm > SIMULATION_RANGES.csUm.max).length;
    expect(sigmas(without, high.length, INSTRUMENT_RANGES.uncorrectedFraction.value)).toBeLessThan(4);
  });

  it("records the instrument ranges of the fields-instruments preset, and none for fields", () => {
    const over = datasetInfo(makeConfig("fields-instruments", { perClass: 2 }));
    expect(over.parameterRanges).toMatchObject({
      voltageKv: { distribution: "choice", values: [80, 200, 300] },
      uncorrectedFraction: { value: 1 / 3 },
    });
    const paper = datasetInfo(makeConfig("fields", { perClass: 2 }));
    expect(paper.parameterRanges).not.toHaveProperty("uncorrectedFraction");
    expect(paper.parameterRanges).toMatchObject({ voltageKv: { value: 300 } });
  });
});
