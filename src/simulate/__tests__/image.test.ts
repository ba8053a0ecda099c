import { describe, expect, it } from "vitest";
import { Fft2d, Rng } from "../../core/index.js";
import { aberrationPhase, scherzerDefocusAng } from "../aberrations.js";
import { interactionSigma, wavelengthAng } from "../electron.js";
import { simulateImage } from "../image.js";
import { MicroscopeSchema } from "../microscope.js";
import { FORM_FACTOR_TO_POTENTIAL, scatteringFactor } from "../scattering.js";
import { makeStructure } from "./structures.js";

const lambda = wavelengthAng(300);
const sigma = interactionSigma(300);
const coherent = { focusSpreadNm: 0, convergenceMrad: 0 };
const staticCarbon = { phonons: 1, debyeWallerAng2: { "1": 0, "6": 0, "79": 0 } };

/** Image spectrum (unnormalised forward FFT) of a square power-of-two image. */
function spectrum(data: Float32Array, n: number): Float64Array {
  const c = new Float64Array(2 * n * n);
  for (let p = 0; p < n * n; p++) c[2 * p] = data[p] - 1;
  new Fft2d(n, n).forward(c);
  return c;
}

describe("weak phase object (single C atom at the origin)", () => {
  const n = 128;
  const cell = 25.6;
  const p = cell / n;
  const atom = makeStructure([cell, cell, 1], [[0, 0, 0.5, 6, 0]]);
  const cs = 1e6; // 0.1 mm: several CTF zero crossings inside the aperture
  const c1 = scherzerDefocusAng(cs, lambda);
  const apertureRad = 1.6 * lambda; // 1.6 1/Å, well inside the ⅔ band limit (2.6 1/Å)
  const scope = MicroscopeSchema.parse({
    ...coherent,
    csUm: cs / 1e4,
    defocusNm: c1 / 10,
    apertureMrad: apertureRad * 1e3,
  });
  const image = simulateImage(
    atom,
    scope,
    { ...staticCarbon, gridSize: n, pixelSizeNm: p / 10, sliceThicknessNm: 0.1 },
    new Rng(1),
  );
  const s = spectrum(image.intensity, n);
  const f = scatteringFactor("kirkland", 6);

  it("has one pixel per grid sample and vacuum-normalised intensity", () => {
    expect(image.width).toBe(n);
    expect(image.height).toBe(n);
    const corner = image.intensity[(n / 2) * n + n / 2];
    expect(corner).toBeCloseTo(1, 2);
  });

  it("image spectrum = 2σ·ṽ(k)·sin χ(k) (amplitude, sign and zero crossings)", () => {
    let maxErr = 0;
    let maxSignal = 0;
    let crossings = 0;
    let previousSign = 0;
    for (let i = 1; i < n / 2; i++) {
      const k = i / cell;
      if (lambda * k > apertureRad * 0.999) break;
      const v = (FORM_FACTOR_TO_POTENTIAL * f.formFactorAng(k)) / (cell * cell);
      const predicted = 2 * sigma * v * Math.sin(aberrationPhase({ c1, c3: cs }, lambda, k, 0)) * n * n;
      const measured = s[2 * i];
      maxErr = Math.max(maxErr, Math.abs(measured - predicted));
      maxSignal = Math.max(maxSignal, Math.abs(predicted));
      const sign = Math.sign(predicted);
      if (Math.abs(predicted) > 0.2 * maxSignal) {
        expect(Math.sign(measured)).toBe(sign);
        if (previousSign !== 0 && sign !== previousSign) crossings++;
        previousSign = sign;
      }
    }
    expect(maxErr / maxSignal).toBeLessThan(0.05);
    expect(crossings).toBeGreaterThanOrEqual(2);
  });

  it("at Scherzer defocus sin χ < 0 over the pass band, so the atom is dark", () => {
    const centre = image.intensity[0];
    let min = Infinity;
    for (const v of image.intensity) min = Math.min(min, v);
    expect(centre).toBe(min);
    expect(centre).toBeLessThan(1);
  });
});

describe("temporal coherence", () => {
  it("explicit focal averaging and the envelope E_t agree in the weak-phase limit (two H atoms)", () => {
    const n = 128;
    const atoms = makeStructure(
      [25.6, 25.6, 2],
      [
        [6, 7, 1, 1, 0],
        [15, 18, 1, 1, 0],
      ],
    );
    const scope = MicroscopeSchema.parse({ focusSpreadNm: 5, convergenceMrad: 0, csUm: 5, defocusNm: -3 });
    const opts = { ...staticCarbon, gridSize: n, pixelSizeNm: 0.05 };
    const explicit = simulateImage(atoms, scope, { ...opts, focalPoints: 15 }, new Rng(1));
    const envelope = simulateImage(atoms, scope, { ...opts, temporalCoherence: "envelope" }, new Rng(1));
    let diff = 0;
    let contrast = 0;
    for (let p = 0; p < explicit.intensity.length; p++) {
      diff = Math.max(diff, Math.abs(explicit.intensity[p] - envelope.intensity[p]));
      contrast = Math.max(contrast, Math.abs(explicit.intensity[p] - 1));
    }
    expect(contrast).toBeGreaterThan(0.005);
    expect(diff / contrast).toBeLessThan(0.03);
  });
});

describe("geometry", () => {
  it("an atom at x = i·p, y = j·p images at column i, row j (rectangular cell)", () => {
    const p = 0.5;
    const atom = makeStructure([32, 24, 2], [[11 * p, 29 * p, 1, 79, 0]]);
    const scope = MicroscopeSchema.parse({ ...coherent, csUm: 3, defocusNm: -3, apertureMrad: 25 });
    const image = simulateImage(
      atom,
      scope,
      { ...staticCarbon, pixelSizeNm: p / 10, maxSamplingNm: 0.02 },
      new Rng(1),
    );
    expect(image.width).toBe(64);
    expect(image.height).toBe(48);
    let best = 0;
    for (let q = 1; q < image.intensity.length; q++) if (image.intensity[q] < image.intensity[best]) best = q;
    expect(best % image.width).toBe(11);
    expect(Math.floor(best / image.width)).toBe(29);
    expect(image.particleMask[29 * image.width + 11]).toBe(1);
    expect(image.particleMask[0]).toBe(0);
  });
});

describe("kept work buffers", () => {
  it("an image does not depend on the images simulated before it on a grid of as many points", () => {
    // two gold atoms `gapAng` apart along the beam: the wave is propagated by that distance between them
    const pair = (l: number, gapAng: number) =>
      makeStructure(
        [l, l, 10],
        [
          [l / 2, l / 2, 2, 79, 0],
          [l / 2 + 1, l / 2, 2 + gapAng, 79, 0],
        ],
      );
    const scope = (voltageKv: number) =>
      MicroscopeSchema.parse({ ...coherent, voltageKv, csUm: 3, defocusNm: -3, apertureMrad: 25 });
    const image = (structure: ReturnType<typeof makeStructure>, voltageKv: number) =>
      simulateImage(
        structure,
        scope(voltageKv),
        { ...staticCarbon, gridSize: 64, pixelSizeNm: structure.cellAng.x / 640, sliceThicknessNm: 0.2 },
        new Rng(1),
      ).intensity.slice();
    // a 2 Å gap first, so that the image of interest starts from buffers of another distance
    const spacer = pair(16, 2);
    const small = pair(16, 4);
    image(spacer, 300);
    const alone = image(small, 300);
    for (const [other, voltageKv] of [
      [pair(20, 4), 300],
      [pair(16, 4), 80],
    ] as const) {
      image(spacer, 300);
      image(other, voltageKv);
      expect(Array.from(image(small, 300))).toEqual(Array.from(alone));
    }
  });
});
