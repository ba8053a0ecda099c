import { describe, expect, it } from "vitest";
import { interactionSigma, wavelengthAng } from "../electron.js";
import { scatteringFactor } from "../scattering.js";

describe("electron", () => {
  it("λ at 300/200/80 kV matches physics.md §1", () => {
    expect(wavelengthAng(300)).toBeCloseTo(0.019687, 6);
    expect(wavelengthAng(200)).toBeCloseTo(0.025079, 6);
    expect(wavelengthAng(80)).toBeCloseTo(0.041757, 6);
  });
  it("σ at 300 kV is 6.526e-4 rad/(V·Å)", () => {
    expect(interactionSigma(300)).toBeCloseTo(6.526e-4, 7);
    // Kirkland (2010) Table: 7.288e-4 rad/(V·Å) at 200 kV.
    expect(interactionSigma(200)).toBeCloseTo(7.288e-4, 6);
  });
  it("rejects a non-positive voltage", () => {
    expect(() => wavelengthAng(0)).toThrow(/voltage/);
  });
});

describe("scattering factors", () => {
  const au = scatteringFactor("kirkland", 79);
  const c = scatteringFactor("kirkland", 6);
  it("Kirkland v_z of Au and C at 0.1/0.5/1 Å match physics.md §8", () => {
    expect(au.projectedPotentialVAng(0.1)).toBeGreaterThan(1450 * 0.97);
    expect(au.projectedPotentialVAng(0.1)).toBeLessThan(1450 * 1.03);
    expect(au.projectedPotentialVAng(0.5)).toBeCloseTo(132, -1);
    expect(Math.abs(au.projectedPotentialVAng(0.5) / 132 - 1)).toBeLessThan(0.03);
    expect(Math.abs(au.projectedPotentialVAng(1) / 18.5 - 1)).toBeLessThan(0.03);
    expect(Math.abs(c.projectedPotentialVAng(0.1) / 215 - 1)).toBeLessThan(0.03);
    expect(Math.abs(c.projectedPotentialVAng(0.5) / 39 - 1)).toBeLessThan(0.03);
  });
  it("phase σ·v_z of Au at 0.1 Å is ≈ 0.95 rad at 300 kV", () => {
    expect(interactionSigma(300) * au.projectedPotentialVAng(0.1)).toBeCloseTo(0.95, 1);
  });
  it("f_e(0) of Au: Kirkland 10.55 Å, Lobato 10.58 Å", () => {
    expect(au.formFactorAng(0)).toBeCloseTo(10.55, 1);
    expect(scatteringFactor("lobato", 79).formFactorAng(0)).toBeCloseTo(10.58, 1);
  });
  it("Kirkland and Lobato agree within 1 % in f_e (0–2 1/Å) and v_z (0.05–1 Å) for C, Si, Au", () => {
    for (const z of [6, 14, 79]) {
      const k = scatteringFactor("kirkland", z);
      const l = scatteringFactor("lobato", z);
      for (let q = 0; q <= 2; q += 0.05) {
        expect(Math.abs(l.formFactorAng(q) / k.formFactorAng(q) - 1)).toBeLessThan(0.01);
      }
      for (const r of [0.05, 0.1, 0.2, 0.5, 1]) {
        expect(Math.abs(l.projectedPotentialVAng(r) / k.projectedPotentialVAng(r) - 1)).toBeLessThan(0.01);
      }
      // The tails are fits to tiny values: agree in absolute terms.
      expect(Math.abs(l.projectedPotentialVAng(2) - k.projectedPotentialVAng(2))).toBeLessThan(0.1);
    }
  });
});
