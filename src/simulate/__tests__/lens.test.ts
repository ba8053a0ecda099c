import { describe, expect, it } from "vitest";
import { Fft2d, Rng } from "../../core/index.js";
import { aberrationPhase, scherzerDefocusAng } from "../aberrations.js";
import { focalPoints, gaussHermite, temporalEnvelope } from "../coherence.js";
import { wavelengthAng } from "../electron.js";
import { makeGrid } from "../grid.js";
import { addImageIntensity, lensTransfer, type LensSettings } from "../lens.js";
import { cachedBandLimit, fresnelPropagator } from "../propagator.js";

const lambda = wavelengthAng(300);
const coherent = {
  focusSpreadRmsAng: 0,
  convergenceRad: 0,
  apertureRad: null,
  temporalCoherence: "focal-average",
  focalPoints: 1,
} as const;

describe("aberrations", () => {
  it("χ = πλC1k² + ½πC3λ³k⁴ for round aberrations", () => {
    const ab = { c1: -50, c3: 3e4 };
    const k = 0.7;
    const expected = Math.PI * lambda * -50 * k * k + 0.5 * Math.PI * 3e4 * lambda ** 3 * k ** 4;
    expect(aberrationPhase(ab, lambda, k * Math.cos(0.3), k * Math.sin(0.3))).toBeCloseTo(expected, 10);
  });
  it("A1x acts as overfocus along x (columns) and underfocus along y; A1y as overfocus along the x = y diagonal", () => {
    const k = 0.5;
    const d = Math.PI * lambda * 20 * k * k;
    expect(aberrationPhase({ a1x: 20 }, lambda, k, 0)).toBeCloseTo(d, 12);
    expect(aberrationPhase({ a1x: 20 }, lambda, 0, k)).toBeCloseTo(-d, 12);
    expect(aberrationPhase({ a1y: 20 }, lambda, k / Math.SQRT2, k / Math.SQRT2)).toBeCloseTo(d, 12);
    expect(aberrationPhase({ a1y: 20 }, lambda, k / Math.SQRT2, -k / Math.SQRT2)).toBeCloseTo(-d, 12);
  });
  it("A2, B2, A3, S3 and C5 follow the Re(A ω̄ⁿ) convention of physics.md §4", () => {
    const k = 0.4;
    const phi = 0.37;
    const t = lambda * k;
    const kx = k * Math.cos(phi);
    const ky = k * Math.sin(phi);
    const f = (2 * Math.PI) / lambda;
    expect(aberrationPhase({ a2x: 100, a2y: 50 }, lambda, kx, ky)).toBeCloseTo(
      (f * t ** 3 * (100 * Math.cos(3 * phi) + 50 * Math.sin(3 * phi))) / 3,
      10,
    );
    expect(aberrationPhase({ b2x: 100, b2y: -30 }, lambda, kx, ky)).toBeCloseTo(
      f * t ** 3 * (100 * Math.cos(phi) - 30 * Math.sin(phi)),
      10,
    );
    expect(aberrationPhase({ a3x: 1e4, a3y: 2e4 }, lambda, kx, ky)).toBeCloseTo(
      (f * t ** 4 * (1e4 * Math.cos(4 * phi) + 2e4 * Math.sin(4 * phi))) / 4,
      10,
    );
    expect(aberrationPhase({ s3x: 1e4, s3y: 2e4 }, lambda, kx, ky)).toBeCloseTo(
      f * t ** 4 * (1e4 * Math.cos(2 * phi) + 2e4 * Math.sin(2 * phi)),
      10,
    );
    expect(aberrationPhase({ c5: 1e7 }, lambda, kx, ky)).toBeCloseTo((f * t ** 6 * 1e7) / 6, 10);
  });
  it("Scherzer defocus is −1.2√(C3λ)", () => {
    expect(scherzerDefocusAng(1e7, lambda)).toBeCloseTo(-1.2 * Math.sqrt(1e7 * lambda), 10);
  });
});

describe("lens transfer", () => {
  const n = 64;
  const grid = makeGrid(30, 20, n, n);
  const fft = new Fft2d(n, n);
  const mask = cachedBandLimit(grid);

  function randomExit(restrict: (i: number, j: number) => boolean): Float64Array {
    const rng = new Rng(7);
    const w = new Float64Array(2 * n * n);
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const p = j * n + i;
        if (!mask[p] || !restrict(i, j)) continue;
        w[2 * p] = rng.normal();
        w[2 * p + 1] = rng.normal();
      }
    return w;
  }
  function image(exit: Float64Array, lens: LensSettings): Float64Array {
    const out = new Float64Array(n * n);
    addImageIntensity(exit, lensTransfer(grid, lambda, lens), fft, new Float64Array(2 * n * n), out, 1);
    return out;
  }
  function propagatedImage(exit: Float64Array, dz: number): Float64Array {
    const t = fresnelPropagator(grid, Math.abs(dz), lambda);
    const w = exit.slice();
    for (let p = 0; p < w.length; p += 2) {
      const ti = dz >= 0 ? t[p + 1] : -t[p + 1];
      const re = w[p] * t[p] - w[p + 1] * ti;
      w[p + 1] = w[p] * ti + w[p + 1] * t[p];
      w[p] = re;
    }
    fft.inverse(w);
    return Float64Array.from({ length: n * n }, (_, p) => w[2 * p] ** 2 + w[2 * p + 1] ** 2);
  }

  it("C1 > 0 equals forward propagation by C1", () => {
    const exit = randomExit(() => true);
    const a = image(exit, { ...coherent, aberrations: { c1: 80 } });
    const b = propagatedImage(exit, 80);
    for (let p = 0; p < a.length; p++) expect(a[p]).toBeCloseTo(b[p], 8);
  });
  it("A1x > 0 propagates waves varying along x (columns) forward and along y (rows) backward", () => {
    const alongX = randomExit((_i, j) => j === 0);
    const a = image(alongX, { ...coherent, aberrations: { a1x: 60 } });
    const b = propagatedImage(alongX, 60);
    for (let p = 0; p < a.length; p++) expect(a[p]).toBeCloseTo(b[p], 8);
    const alongY = randomExit((i) => i === 0);
    const c = image(alongY, { ...coherent, aberrations: { a1x: 60 } });
    const d = propagatedImage(alongY, -60);
    for (let p = 0; p < c.length; p++) expect(c[p]).toBeCloseTo(d[p], 8);
  });
  it("an objective aperture removes every beam beyond it", () => {
    const t = lensTransfer(grid, lambda, { ...coherent, aberrations: {}, apertureRad: 0.02 });
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const k = Math.hypot(grid.kx[i], grid.ky[j]);
        const p = 2 * (j * n + i);
        if (lambda * k > 0.02) expect(Math.hypot(t.transfers[0][p], t.transfers[0][p + 1])).toBe(0);
        else if (mask[j * n + i])
          expect(Math.hypot(t.transfers[0][p], t.transfers[0][p + 1])).toBeCloseTo(1, 12);
      }
  });
});

describe("partial-coherence envelopes in the transfer function", () => {
  const n = 64;
  const grid = makeGrid(20, 20, n, n);
  it("|H| = E_s·E_t with E_s = exp(−(πα)²(C1k + C3λ²k³)²) and E_t = exp(−½(πλδk²)²)", () => {
    const c1 = -60;
    const c3 = 5e4;
    const alpha = 0.5e-3;
    const delta = 30;
    const lens = lensTransfer(grid, lambda, {
      aberrations: { c1, c3 },
      focusSpreadRmsAng: delta,
      convergenceRad: alpha,
      apertureRad: null,
      temporalCoherence: "envelope",
      focalPoints: 1,
    });
    for (const i of [3, 10, 20]) {
      const k = grid.kx[i];
      const es = Math.exp(-((Math.PI * alpha) ** 2) * (c1 * k + c3 * lambda ** 2 * k ** 3) ** 2);
      const et = Math.exp(-0.5 * (Math.PI * lambda * delta * k * k) ** 2);
      const h = lens.transfers[0];
      expect(Math.hypot(h[2 * i], h[2 * i + 1])).toBeCloseTo(es * et, 6);
    }
  });
});

describe("coherence", () => {
  it("Gauss–Hermite rules integrate e^{−t²}t^{2m} exactly", () => {
    for (const n of [1, 5, 7, 10]) {
      const { nodes, weights } = gaussHermite(n);
      const moment = (m: number) => nodes.reduce((s, t, i) => s + weights[i] * t ** m, 0);
      expect(moment(0)).toBeCloseTo(Math.sqrt(Math.PI), 12);
      if (n >= 2) expect(moment(2)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 12);
      if (n >= 3) expect(moment(4)).toBeCloseTo((3 * Math.sqrt(Math.PI)) / 4, 12);
    }
  });
  it("focal points reproduce the Gaussian's rms and, averaged, the envelope E_t", () => {
    const delta = 35;
    const { offsetsAng, weights } = focalPoints(delta, 9);
    const rms = Math.sqrt(offsetsAng.reduce((s, o, i) => s + weights[i] * o * o, 0));
    expect(rms).toBeCloseTo(delta, 9);
    // ⟨exp(−iπλΔf k²)⟩ over the Gaussian equals E_t(k) (its characteristic function).
    for (const k of [0.2, 0.5, 0.8]) {
      const k2 = k * k;
      const avg = offsetsAng.reduce((s, o, i) => s + weights[i] * Math.cos(Math.PI * lambda * o * k2), 0);
      expect(avg).toBeCloseTo(temporalEnvelope(k2, lambda, delta), 4);
    }
  });
});
