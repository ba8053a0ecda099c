import { describe, expect, it } from "vitest";
import { wavelengthAng } from "../electron.js";
import { coherenceEnvelope, INFORMATION_LIMIT_ENVELOPE } from "../envelope.js";
import { parseMicroscope } from "../microscope.js";

const lambdaAng = wavelengthAng(300);

describe("the coherence envelope at one spatial frequency", () => {
  it("without aberrations is E_t alone and falls to e⁻² at k² = 2/(πλδ)", () => {
    const m = parseMicroscope({ csUm: 0, defocusNm: 0, focusSpreadNm: 5, convergenceMrad: 0.2 });
    const deltaAng = 50 / Math.SQRT2;
    const kPerNm = 10 * Math.sqrt(2 / (Math.PI * lambdaAng * deltaAng));
    // 300 kV, Δ = 5 nm: the information limit of a corrected Titan, d ≈ 0.105 nm
    expect(1 / kPerNm).toBeCloseTo(0.1046, 3);
    expect(coherenceEnvelope(m)(kPerNm, 0)).toBeCloseTo(INFORMATION_LIMIT_ENVELOPE, 9);
    expect(coherenceEnvelope(m)(0, kPerNm)).toBeCloseTo(INFORMATION_LIMIT_ENVELOPE, 9);
  });

  it("with spherical aberration alone is E_s = exp(−(π·α·C3·λ²·k³)²)", () => {
    const m = parseMicroscope({ csUm: 1000, defocusNm: 0, focusSpreadNm: 0, convergenceMrad: 0.2 });
    const kAng = 0.6;
    const expected = Math.exp(-((Math.PI * 2e-4 * 1e7 * lambdaAng ** 2 * kAng ** 3) ** 2));
    expect(expected).toBeLessThan(0.8);
    expect(coherenceEnvelope(m)(10 * kAng, 0)).toBeCloseTo(expected, 8);
  });

  it("is 0 beyond the objective aperture", () => {
    const m = parseMicroscope({ apertureMrad: 10 });
    // α/λ = 0.01 / 0.0197 Å = 5.08 nm⁻¹
    expect(coherenceEnvelope(m)(4, 0)).toBeGreaterThan(0);
    expect(coherenceEnvelope(m)(6, 0)).toBe(0);
  });
});
