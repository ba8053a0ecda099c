/**
 * The multislice loop (physics.md §3): ψ₀ = 1, ψ_{n+1} = F⁻¹[P(k, Δz)·F[t_n·ψ_n]]. Empty slices only add
 * their thickness to the next propagation (propagators compose exactly). The exit wave is taken at the exit
 * face of the cell, z = L_z; the lens defocus is measured from that plane.
 */
import type { Fft2d } from "../core/index.js";
import { ArrayPool } from "./arrayPool.js";
import { bandLimitIndices, type Grid } from "./grid.js";
import { depositSlice, type RadialPotential } from "./potential.js";
import { cachedBandLimit, fresnelPropagator, multiplyBandLimited } from "./propagator.js";
import { sliceAtoms } from "./slicing.js";
import { transmissionFunction } from "./transmission.js";

/** Atom coordinates of one (possibly displaced) configuration, split by axis [Å]. */
export interface AtomColumns {
  readonly xAng: Float64Array;
  readonly yAng: Float64Array;
  readonly zAng: Float64Array;
  readonly numbers: Uint8Array;
}

/** Everything the loop needs that does not change between phonon configurations. */
export interface MultisliceSetup {
  readonly grid: Grid;
  readonly fft: Fft2d;
  readonly wavelengthAng: number;
  /** Interaction parameter σ [rad/(V·Å)]. */
  readonly sigma: number;
  /** Radial projected potential per atomic number. */
  readonly potentials: Map<number, RadialPotential>;
  /** Cell length along the beam [Å]. */
  readonly cellZAng: number;
  readonly sliceThicknessAng: number;
}

/**
 * Transmission functions of slices whose atoms do not move between configurations (e.g. a support displaced
 * once), computed on first use and reused. `isStatic[a]` is 1 for atoms that keep their positions.
 */
export interface TransmissionCache {
  readonly isStatic: Uint8Array;
  readonly slices: Map<number, Float64Array>;
  /** Where the stored arrays come from (give them back when the cache is dropped); fresh arrays if absent. */
  readonly pool?: ArrayPool;
  /**
   * The wave after the leading slices that hold only static atoms (e.g. a support upstream of the particle):
   * identical in every configuration, so later configurations resume from it.
   */
  prefix?: {
    readonly slice: number;
    readonly wave: Float64Array;
    readonly pendingAng: number;
    readonly inFourier: boolean;
  };
}

/**
 * Reusable work buffers (one set per thread). The complex ones are one `Fft2d` group, so the FFTs multiply
 * the wave by the transmission function or propagator in their first pass, without copies.
 */
export interface MultisliceBuffers {
  readonly potential: Float64Array;
  readonly wave: Float64Array;
  readonly transmission: Float64Array;
  readonly propagator: Float64Array;
  /**
   * The cached propagator (from `fresnelPropagator`, one array per grid, Δz and λ) that `propagator` holds a
   * copy of. The buffers outlive an image, and the next may be taken at another voltage or on a cell of
   * another size with the same number of points, so only the cached array itself identifies the copy.
   */
  propagatorSource?: Float64Array;
}

/** Allocates the work buffers for a grid and its FFT. */
export function multisliceBuffers(grid: Grid, fft: Fft2d): MultisliceBuffers {
  const [wave, transmission, propagator] = fft.allocateGroup(3);
  return {
    potential: new Float64Array(grid.nx * grid.ny),
    wave,
    transmission,
    propagator,
  };
}

/**
 * Propagates a unit plane wave through the atoms and returns the exit wave in Fourier space (interleaved
 * complex, unnormalised forward FFT of ψ_exit, so vacuum gives nx·ny at k = 0). The result is `buffers.wave`,
 * overwritten by the next call with the same buffers.
 */
export function multislice(
  setup: MultisliceSetup,
  atoms: AtomColumns,
  buffers: MultisliceBuffers = multisliceBuffers(setup.grid, setup.fft),
  cache?: TransmissionCache,
): Float64Array {
  const { grid, fft, sigma, wavelengthAng } = setup;
  const mask = cachedBandLimit(grid);
  const band = bandLimitIndices(grid);
  const slicing = sliceAtoms(atoms.zAng, setup.cellZAng, setup.sliceThicknessAng);
  const { wave } = buffers;
  wave.fill(0);
  for (let n = 0; n < wave.length; n += 2) wave[n] = 1;
  let pendingAng = 0;
  let inFourier = false;
  // While the wave is still the incident plane wave, empty slices leave it unchanged (P(0) = 1).
  let planeWave = true;
  let first = 0;
  const firstMoving = cache ? firstMovingSlice(slicing.atoms, cache.isStatic) : 0;
  if (cache?.prefix && cache.prefix.slice <= firstMoving) {
    wave.set(cache.prefix.wave);
    ({ pendingAng, inFourier } = cache.prefix);
    first = cache.prefix.slice;
    planeWave = false;
  }
  for (let s = first; s < slicing.atoms.length; s++) {
    if (cache && !cache.prefix && s === firstMoving && s > 0) {
      cache.prefix = { slice: s, wave: copy(wave, cache.pool), pendingAng, inFourier };
    }
    const sliceAtomList = slicing.atoms[s];
    if (sliceAtomList.length === 0 && planeWave) continue;
    planeWave = false;
    if (sliceAtomList.length > 0) {
      if (inFourier) {
        const propagator = fresnelPropagator(grid, pendingAng, wavelengthAng);
        if (buffers.propagatorSource !== propagator) {
          buffers.propagator.set(propagator);
          buffers.propagatorSource = propagator;
        }
        fft.inverse(wave, band.maxColumn, buffers.propagator);
        inFourier = false;
        pendingAng = 0;
      }
      const cacheable = cache !== undefined && sliceAtomList.every((a) => cache.isStatic[a] === 1);
      const cached = cacheable ? cache.slices.get(s) : undefined;
      if (cached) buffers.transmission.set(cached);
      else {
        buffers.potential.fill(0);
        depositSlice(
          grid,
          sliceAtomList,
          atoms.xAng,
          atoms.yAng,
          atoms.numbers,
          setup.potentials,
          buffers.potential,
        );
        transmissionFunction(buffers.potential, sigma, mask, fft, buffers.transmission, band);
        if (cacheable) cache.slices.set(s, copy(buffers.transmission, cache.pool));
      }
      fft.forward(wave, band.maxRow, buffers.transmission);
      inFourier = true;
    } else if (!inFourier) {
      fft.forward(wave, band.maxRow);
      inFourier = true;
    }
    pendingAng += slicing.thicknessAng;
  }
  if (!inFourier) fft.forward(wave, band.maxRow);
  multiplyBandLimited(wave, wave, fresnelPropagator(grid, pendingAng, wavelengthAng), grid, band);
  return wave;
}

/** A copy of `data` in an array from `pool` (reused memory is much faster to write than fresh pages). */
function copy(data: Float64Array, pool = new ArrayPool()): Float64Array {
  const out = pool.take(data.length);
  out.set(data);
  return out;
}

/** Index of the first slice holding an atom that moves between configurations (slice count if none). */
function firstMovingSlice(slices: readonly Int32Array[], isStatic: Uint8Array): number {
  for (let s = 0; s < slices.length; s++) {
    for (const a of slices[s]) if (!isStatic[a]) return s;
  }
  return slices.length;
}
