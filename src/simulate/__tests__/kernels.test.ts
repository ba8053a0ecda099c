import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { bandLimitIndices, makeGrid } from "../grid.js";
import { erode } from "../mask.js";
import { depositSlice, radialPotential } from "../potential.js";
import { cachedBandLimit, multiplyBandLimited, multiplyComplex } from "../propagator.js";
import { phaseFactors, writePhasor } from "../transmission.js";

// The hot loops' shortcuts must equal their plain definitions.
describe("simulation kernels", () => {
  it("phaseFactors gives exp(iσv) to double precision, for any sign and size of the phase", () => {
    const rng = new Rng("phase");
    const potential = Float64Array.from({ length: 20000 }, (_, n) =>
      n % 5 === 0 ? 0 : rng.range(-3e4, 3e4),
    );
    const sigma = 6.5e-4;
    const out = new Float64Array(2 * potential.length);
    phaseFactors(potential, sigma, out);
    let worst = 0;
    for (let n = 0; n < potential.length; n++) {
      const phase = sigma * potential[n];
      worst = Math.max(
        worst,
        Math.abs(out[2 * n] - Math.cos(phase)),
        Math.abs(out[2 * n + 1] - Math.sin(phase)),
      );
    }
    expect(worst).toBeLessThan(5e-15);
  });

  it("writePhasor gives a·exp(iφ) for the large phases of lens aberrations", () => {
    const out = new Float64Array(2);
    let worst = 0;
    for (let phase = -1000; phase <= 1000; phase += 0.37) {
      writePhasor(out, 0, phase, 0.8);
      worst = Math.max(
        worst,
        Math.abs(out[0] - 0.8 * Math.cos(phase)),
        Math.abs(out[1] - 0.8 * Math.sin(phase)),
      );
    }
    // Math.cos itself sees φ only to its rounding, 1e-13 rad at |φ| = 1000.
    expect(worst).toBeLessThan(3e-13);
  });

  it("multiplyBandLimited equals the full product for a transfer that is zero outside the band", () => {
    const grid = makeGrid(20, 20, 64, 64);
    const mask = cachedBandLimit(grid);
    const band = bandLimitIndices(grid);
    const rng = new Rng("band");
    const transfer = new Float64Array(2 * 64 * 64);
    const wave = new Float64Array(2 * 64 * 64);
    for (let p = 0; p < mask.length; p++) {
      const row = Math.floor(p / 64);
      if (Math.min(row, 64 - row) <= band.maxRow) wave.set([rng.normal(), rng.normal()], 2 * p);
      if (mask[p]) transfer.set([rng.normal(), rng.normal()], 2 * p);
    }
    const full = wave.slice();
    multiplyComplex(full, transfer);
    const out = new Float64Array(wave.length).fill(7);
    // Exact equality up to the sign of zero.
    const largestDifference = (a: Float64Array) =>
      a.reduce((m, v, p) => Math.max(m, Math.abs(v - full[p])), 0);
    multiplyBandLimited(out, wave, transfer, grid, band);
    expect(largestDifference(out)).toBe(0);
    multiplyBandLimited(wave, wave, transfer, grid, band);
    expect(largestDifference(wave)).toBe(0);
  });

  it("deposits an atom across the periodic cell edge as the same footprint shifted by whole pixels", () => {
    const grid = makeGrid(16, 16, 128, 128);
    const tables = new Map([[79, radialPotential("kirkland", 79, grid.nyquistInvAng)]]);
    const numbers = Uint8Array.of(79);
    const deposit = (x: number, y: number) => {
      const out = new Float64Array(128 * 128);
      depositSlice(grid, [0], Float64Array.of(x), Float64Array.of(y), numbers, tables, out);
      return out;
    };
    const shift = 40;
    const centre = deposit(8.03, 7.96);
    const edge = deposit(8.03 + shift * grid.dxAng, 7.96 + shift * grid.dyAng);
    let worst = 0;
    for (let j = 0; j < 128; j++)
      for (let i = 0; i < 128; i++) {
        const moved = edge[((j + shift) % 128) * 128 + ((i + shift) % 128)];
        worst = Math.max(worst, Math.abs(moved - centre[j * 128 + i]));
      }
    expect(Math.max(...centre)).toBeGreaterThan(100);
    expect(worst).toBeLessThan(1e-9 * Math.max(...centre));
  });

  it("erodes a periodic mask by a disc exactly as checking every disc pixel does", () => {
    const rng = new Rng("erode");
    for (const [width, height, radius] of [
      [40, 30, 3.7],
      [25, 25, 6],
      [12, 16, 7.5],
    ]) {
      const mask = new Uint8Array(width * height);
      for (let b = 0; b < 6; b++) {
        const [ci, cj, r] = [rng.range(0, width), rng.range(0, height), rng.range(3, 12)];
        for (let j = 0; j < height; j++)
          for (let i = 0; i < width; i++) {
            const di = Math.min(Math.abs(i - ci), width - Math.abs(i - ci));
            const dj = Math.min(Math.abs(j - cj), height - Math.abs(j - cj));
            if (di * di + dj * dj <= r * r) mask[j * width + i] = 1;
          }
      }
      mask.fill(1, 0, width); // one full row: runs without an end
      const expected = new Uint8Array(mask.length);
      const r = Math.floor(radius);
      for (let j = 0; j < height; j++)
        for (let i = 0; i < width; i++) {
          let keep = mask[j * width + i];
          for (let dj = -r; dj <= r && keep; dj++)
            for (let di = -r; di <= r && keep; di++) {
              if (di * di + dj * dj > radius * radius) continue;
              keep =
                mask[
                  ((((j + dj) % height) + height) % height) * width + ((((i + di) % width) + width) % width)
                ];
            }
          expected[j * width + i] = keep;
        }
      const eroded = erode(mask, width, height, radius);
      expect(eroded.reduce((n, v) => n + v, 0)).toBeGreaterThan(0);
      expect(Array.from(eroded)).toEqual(Array.from(expected));
    }
  });
});
