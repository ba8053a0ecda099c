import { describe, expect, it } from "vitest";
import { Fft2d } from "../../core/index.js";
import { wavelengthAng as lambdaOf, interactionSigma } from "../electron.js";
import { makeGrid } from "../grid.js";
import {
  multislice,
  multisliceBuffers,
  type MultisliceSetup,
  type TransmissionCache,
} from "../multislice.js";
import { radialPotential } from "../potential.js";
import { fresnelPropagator, multiplyComplex } from "../propagator.js";

const lambda = lambdaOf(300);

function setupFor(
  n: number,
  lAng: number,
  cellZAng: number,
  sliceAng: number,
  zs: number[],
): MultisliceSetup {
  const grid = makeGrid(lAng, lAng, n, n);
  const potentials = new Map(zs.map((z) => [z, radialPotential("kirkland", z, grid.nyquistInvAng)]));
  return {
    grid,
    fft: new Fft2d(n, n),
    wavelengthAng: lambda,
    sigma: interactionSigma(300),
    potentials,
    cellZAng,
    sliceThicknessAng: sliceAng,
  };
}

function columns(xyz: number[], z: number) {
  const n = xyz.length / 3;
  return {
    xAng: Float64Array.from({ length: n }, (_, a) => xyz[3 * a]),
    yAng: Float64Array.from({ length: n }, (_, a) => xyz[3 * a + 1]),
    zAng: Float64Array.from({ length: n }, (_, a) => xyz[3 * a + 2]),
    numbers: new Uint8Array(n).fill(z),
  };
}

function realSpace(setup: MultisliceSetup, fourier: Float64Array): Float64Array {
  const w = fourier.slice();
  setup.fft.inverse(w);
  return w;
}

describe("multislice invariants", () => {
  const at300 = setupFor(64, 16, 12, 2, [79]);
  it.each([
    [
      "at another voltage propagate with that voltage's wavelength",
      { ...at300, wavelengthAng: lambdaOf(80), sigma: interactionSigma(80) },
    ],
    [
      "on a cell of another size with as many points propagate with that cell's frequencies",
      setupFor(64, 20, 12, 2, [79]),
    ],
  ])("buffers reused %s", (_, other) => {
    // two atoms in different slices, so the wave is propagated between them
    const atoms = columns([8, 8, 1, 5, 9, 7], 79);
    const fresh = multislice(other, atoms).slice();
    const buffers = multisliceBuffers(at300.grid, at300.fft);
    multislice(at300, atoms, buffers);
    const reused = multislice(other, atoms, buffers);
    expect(Array.from(reused)).toEqual(Array.from(fresh));
  });

  it("vacuum stays a uniform unit wave", () => {
    const setup = setupFor(64, 20, 30, 2, []);
    const psi = realSpace(setup, multislice(setup, columns([], 6)));
    for (let p = 0; p < psi.length; p += 2) {
      expect(psi[p] * psi[p] + psi[p + 1] * psi[p + 1]).toBeCloseTo(1, 10);
    }
  });

  it("conserves Σ|ψ|² to < 1e-4 per slice without an aperture (gold and carbon)", () => {
    const atoms: number[] = [];
    for (let k = 0; k < 10; k++) atoms.push(8 + 0.7 * k, 9 + 0.3 * k, 1 + 2 * k);
    const setup = setupFor(128, 20, 20, 2, [79]);
    const psi = realSpace(setup, multislice(setup, columns(atoms, 79)));
    let sum = 0;
    for (let p = 0; p < psi.length; p += 2) sum += psi[p] * psi[p] + psi[p + 1] * psi[p + 1];
    const mean = sum / (128 * 128);
    expect(Math.abs(mean - 1)).toBeLessThan(10 * 1e-4);
    // and the wave did scatter: not still uniform
    let maxDev = 0;
    for (let p = 0; p < psi.length; p += 2) maxDev = Math.max(maxDev, Math.abs(psi[p] - 1));
    expect(maxDev).toBeGreaterThan(0.1);
  });

  it("two propagations by Δz equal one by 2Δz", () => {
    const setup = setupFor(64, 16, 4, 4, [79]);
    const psi = realSpace(setup, multislice(setup, columns([8, 8, 0.5], 79)));
    setup.fft.forward(psi);
    const twice = psi.slice();
    multiplyComplex(twice, fresnelPropagator(setup.grid, 37, lambda));
    multiplyComplex(twice, fresnelPropagator(setup.grid, 37, lambda));
    const once = psi.slice();
    multiplyComplex(once, fresnelPropagator(setup.grid, 74, lambda));
    for (let p = 0; p < once.length; p++) expect(twice[p]).toBeCloseTo(once[p], 6);
  });

  it("a single carbon atom gives the phase σ·v_z at its column (weak phase, before propagation)", () => {
    // Thin cell: propagation over 0.01 Å is negligible, so ψ_exit ≈ band-limited exp(iσv).
    const setup = setupFor(256, 16, 0.01, 0.01, [6]);
    const psi = realSpace(setup, multislice(setup, columns([8, 8, 0.001], 6)));
    const p = (Math.round(8 / setup.grid.dyAng) * 256 + Math.round(8 / setup.grid.dxAng + 8)) * 2; // 8 px = 0.5 Å away
    const phase = Math.atan2(psi[p + 1], psi[p]);
    expect(phase).toBeCloseTo(interactionSigma(300) * 39, 2);
  });

  it("reusing cached transmission functions of static slices gives the same exit wave", () => {
    const setup = setupFor(64, 16, 12, 2, [6, 79]);
    const atoms = columns([4, 4, 1, 9, 9, 3, 8, 8, 9], 6);
    atoms.numbers[2] = 79;
    const cache = { isStatic: Uint8Array.from([1, 1, 0]), slices: new Map<number, Float64Array>() };
    const first = multislice(setup, atoms, undefined, cache);
    expect(cache.slices.size).toBe(2);
    const again = multislice(setup, atoms, undefined, cache);
    const plain = multislice(setup, atoms);
    for (let p = 0; p < plain.length; p++) {
      expect(first[p]).toBeCloseTo(plain[p], 8);
      expect(again[p]).toBeCloseTo(plain[p], 8);
    }
  });

  it("resuming from the cached wave after a static leading part gives the same exit wave", () => {
    const setup = setupFor(64, 16, 12, 2, [6, 79]);
    // static carbon first (entrance side), a moving gold atom last
    const atoms = columns([4, 4, 1, 9, 9, 3, 8, 8, 9], 6);
    atoms.numbers[2] = 79;
    const cache: TransmissionCache = { isStatic: Uint8Array.from([1, 1, 0]), slices: new Map() };
    multislice(setup, atoms, undefined, cache);
    expect(cache.prefix?.slice).toBe(4);
    const moved = { ...atoms, xAng: Float64Array.from([4, 9, 7.5]) };
    const resumed = multislice(setup, moved, undefined, cache);
    const plain = multislice(setup, moved);
    for (let p = 0; p < plain.length; p++)
      expect(Math.abs(resumed[p] - plain[p])).toBeLessThan(1e-5 * 64 * 64);
  });
});
