import { describe, expect, it } from "vitest";
import { Fft2d, Rng } from "../../core/index.js";
import { interactionSigma, wavelengthAng } from "../electron.js";
import { makeGrid } from "../grid.js";
import { simulateImage } from "../image.js";
import { MicroscopeSchema } from "../microscope.js";
import { multislice, type MultisliceSetup } from "../multislice.js";
import { atomColumns, displacedConfiguration } from "../phonons.js";
import { radialPotential } from "../potential.js";
import { AU_A, amorphousGoldSphere, goldCrystal001, goldSphere, makeStructure } from "./structures.js";

describe("Au crystal along [001]", () => {
  it("diffracts into {200} (0.490 1/Å) and {220} (0.693 1/Å), not into the forbidden {100}/{110}", () => {
    const crystal = goldCrystal001(4, 3);
    const scope = MicroscopeSchema.parse({});
    const n = 128;
    const image = simulateImage(
      crystal,
      scope,
      { phonons: 1, debyeWallerAng2: { "79": 0 }, gridSize: n, exitWave: true, pixelSizeNm: 0.05 },
      new Rng(1),
    );
    const psi = Float64Array.from(image.exitWave!);
    new Fft2d(n, n).forward(psi);
    const amp = (i: number, j: number) =>
      Math.hypot(psi[2 * (j * n + i)], psi[2 * (j * n + i) + 1]) / (n * n);
    // Cell = 4a, so bin b ↔ k = b/(4a): {200} at b = 8, {220} at (8, 8), {100} at 4, {110} at (4, 4).
    const cellAng = 4 * AU_A;
    expect(8 / cellAng).toBeCloseTo(0.49, 2);
    expect(cellAng / Math.hypot(8, 8)).toBeCloseTo(1.44, 2); // d220 [Å]
    const b200 = [amp(8, 0), amp(0, 8), amp(n - 8, 0), amp(0, n - 8)];
    const b220 = [amp(8, 8), amp(n - 8, 8), amp(8, n - 8), amp(n - 8, n - 8)];
    for (const a of [...b200, ...b220]) expect(a).toBeGreaterThan(0.02);
    // (h k l) with mixed parity vanish for every l when h + k is odd: exactly zero.
    for (const a of [amp(4, 0), amp(0, 4), amp(12, 0), amp(4, 8)]) expect(a).toBeLessThan(1e-5);
    // {110} is only reached through weak higher-order Laue zone (111) excitations.
    expect(amp(4, 4)).toBeLessThan(0.05 * b200[0]);
    // The four {200} beams are equivalent by symmetry.
    for (const a of b200) expect(a).toBeCloseTo(b200[0], 5);
  });
});

/** Largest power in the ring |k| ∈ [k0, k1] divided by the mean power in the same ring (spots vs diffuse ring). */
function ringPeakRatio(data: Float32Array, n: number, pixelAng: number, k0: number, k1: number): number {
  const c = new Float64Array(2 * n * n);
  let mean = 0;
  for (const v of data) mean += v / data.length;
  for (let p = 0; p < n * n; p++) c[2 * p] = data[p] - mean;
  new Fft2d(n, n).forward(c);
  let peak = 0;
  let sum = 0;
  let count = 0;
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const kx = (i < n / 2 ? i : i - n) / (n * pixelAng);
      const ky = (j < n / 2 ? j : j - n) / (n * pixelAng);
      const k = Math.hypot(kx, ky);
      const power = c[2 * (j * n + i)] ** 2 + c[2 * (j * n + i) + 1] ** 2;
      if (k < k0 || k > k1) continue;
      sum += power;
      count++;
      peak = Math.max(peak, power);
    }
  return peak / (sum / count);
}

describe("particle images", () => {
  const cell = 32;
  const scope = MicroscopeSchema.parse({ defocusNm: -2, csUm: 3, focusSpreadNm: 5 });
  const opts = { phonons: 1, gridSize: 256, pixelSizeNm: 0.05, temporalCoherence: "envelope" as const };
  it("a crystalline Au particle has power-spectrum peaks at d111 or d200; an amorphous one has none", () => {
    const crystal = simulateImage(goldSphere(cell, 9), scope, opts, new Rng(1));
    const amorphous = simulateImage(amorphousGoldSphere(cell, 9, 3), scope, opts, new Rng(1));
    // d111 = 2.355 Å (0.425 1/Å), d200 = 2.039 Å (0.490 1/Å).
    const crystalRatio = ringPeakRatio(crystal.intensity, 64, 0.5, 0.4, 0.52);
    const amorphousRatio = ringPeakRatio(amorphous.intensity, 64, 0.5, 0.4, 0.52);
    // Spots stand far above their ring; a diffuse amorphous ring only shows speckle (max/mean ≈ ln N).
    expect(crystalRatio).toBeGreaterThan(12);
    expect(amorphousRatio).toBeLessThan(8);
    expect(crystalRatio).toBeGreaterThan(2.5 * amorphousRatio);
  });
  it("the particle mask covers the projected particle and nothing far from it", () => {
    const image = simulateImage(goldSphere(cell, 9), scope, { ...opts, phonons: 1 }, new Rng(1));
    const w = image.width;
    let area = 0;
    for (let j = 0; j < w; j++)
      for (let i = 0; i < w; i++) {
        const r = Math.hypot(i * 0.5 - 16, j * 0.5 - 16);
        const m = image.particleMask[j * w + i];
        area += m;
        if (r < 8) expect(m).toBe(1);
        if (r > 12) expect(m).toBe(0);
      }
    expect(area * 0.25).toBeGreaterThan(Math.PI * 9 * 9);
  });
});

describe("frozen phonons", () => {
  it("the configuration-averaged wave damps Bragg beams by the Debye–Waller factor exp(−Bg²/4)", () => {
    // One (001) layer of Au in one slice: ⟨t⟩ = t convolved with the displacement Gaussian, so each beam's
    // coherent amplitude is damped by exactly exp(−B g²/4).
    const cells = 6;
    const atoms: number[][] = [];
    for (let i = 0; i < cells; i++)
      for (let j = 0; j < cells; j++) {
        atoms.push([i * AU_A, j * AU_A, 1, 79, 0]);
        atoms.push([(i + 0.5) * AU_A, (j + 0.5) * AU_A, 1, 79, 0]);
      }
    const layer = makeStructure([cells * AU_A, cells * AU_A, 2], atoms);
    const n = 128;
    const grid = makeGrid(layer.cellAng.x, layer.cellAng.y, n, n);
    const setup: MultisliceSetup = {
      grid,
      fft: new Fft2d(n, n),
      wavelengthAng: wavelengthAng(300),
      sigma: interactionSigma(300),
      potentials: new Map([[79, radialPotential("kirkland", 79, grid.nyquistInvAng)]]),
      cellZAng: 2,
      sliceThicknessAng: 2,
    };
    const base = atomColumns(layer);
    const reference = multislice(setup, base);
    const bAng2 = 2;
    const configs = 24;
    const mean = new Float64Array(reference.length);
    const rng = new Rng(5);
    for (let c = 0; c < configs; c++) {
      const wave = multislice(setup, displacedConfiguration(base, rng.fork(c), { 79: bAng2 }));
      for (let p = 0; p < mean.length; p++) mean[p] += wave[p] / configs;
    }
    // Beams (h k 0) with h, k even: bin = h·cells/2… in units of 1/(cells·a); (200) ↔ bin 2·cells/2·… = 12.
    for (const [h, k] of [
      [2, 0],
      [2, 2],
      [4, 0],
      [4, 2],
      [6, 0],
    ]) {
      const i = h * cells;
      const j = k * cells;
      const p = 2 * (j * n + i);
      const g = Math.hypot(h, k) / AU_A;
      const ratio = Math.hypot(mean[p], mean[p + 1]) / Math.hypot(reference[p], reference[p + 1]);
      expect(Math.abs(ratio / Math.exp((-bAng2 * g * g) / 4) - 1)).toBeLessThan(0.08);
    }
  });
});

describe("absorptive thermal model", () => {
  it("damps the beams of a weak (carbon) lattice by exp(−Bg²/4)", () => {
    const a = 3;
    const cells = 8;
    const atoms: number[][] = [];
    for (let i = 0; i < cells; i++) for (let j = 0; j < cells; j++) atoms.push([i * a, j * a, 1, 6, 0]);
    const layer = makeStructure([cells * a, cells * a, 2], atoms);
    const scope = MicroscopeSchema.parse({});
    const n = 128;
    const exit = (options: object) => {
      const image = simulateImage(
        layer,
        scope,
        { gridSize: n, exitWave: true, phonons: 1, ...options },
        new Rng(1),
      );
      const psi = Float64Array.from(image.exitWave!);
      new Fft2d(n, n).forward(psi);
      return psi;
    };
    const bAng2 = 2;
    const damped = exit({ thermal: "absorptive", debyeWallerAng2: { "6": bAng2 } });
    const still = exit({ debyeWallerAng2: { "6": 0 } });
    for (const [h, k] of [
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 2],
    ]) {
      const p = 2 * (k * cells * n + h * cells);
      const g = Math.hypot(h, k) / a;
      const ratio = Math.hypot(damped[p], damped[p + 1]) / Math.hypot(still[p], still[p + 1]);
      expect(Math.abs(ratio / Math.exp((-bAng2 * g * g) / 4) - 1)).toBeLessThan(0.03);
    }
  });
});
