/**
 * `simulateImage`: structure + microscope → HRTEM image on camera pixels (physics.md §2–5), with the particle
 * mask and optionally the exit wave. Row = y, column = x; pixel (row j, column i) samples x = i·p, y = j·p.
 * Vacuum has intensity 1.
 */
import { Fft2d, inputError, nmToAngstrom, type Rng, usageError } from "../core/index.js";
import { REGION, type Structure } from "../structure/structure.js";
import { ArrayPool } from "./arrayPool.js";
import { interactionSigma, wavelengthAng } from "./electron.js";
import { type Grid, gridSizeFor, makeGrid } from "./grid.js";
import { addShotNoise, resampleIntensity } from "./detector.js";
import { addImageIntensity, lensTransfer } from "./lens.js";
import { particleMask } from "./mask.js";
import {
  type Microscope,
  microscopeAberrations,
  microscopeCoherence,
  parseMicroscope,
} from "./microscope.js";
import {
  type AtomColumns,
  type MultisliceBuffers,
  type MultisliceSetup,
  multislice,
  multisliceBuffers,
  type TransmissionCache,
} from "./multislice.js";
import { type SimulationOptions, type SimulationOptionsInput, SimulationOptionsSchema } from "./options.js";
import { atomColumns, debyeWallerAng2, displacedConfiguration } from "./phonons.js";
import { radialPotential } from "./potential.js";

/** A simulated HRTEM image. */
export interface SimulatedImage {
  /** Intensity (vacuum = 1), row-major, width × height. */
  readonly intensity: Float32Array;
  readonly width: number;
  readonly height: number;
  /** Camera pixel size [nm]. */
  readonly pixelSizeNm: number;
  /** 1 where the particle's atoms project (same pixels as `intensity`). */
  readonly particleMask: Uint8Array;
  /** Exit wave of the first configuration, interleaved (re, im) on the simulation grid, when requested. */
  readonly exitWave?: Float32Array;
  /** Simulation grid of `exitWave`: columns, rows and spacing [nm]. */
  readonly exitWaveGrid?: { readonly width: number; readonly height: number; readonly pixelSizeNm: number };
}

/** Largest simulation grid accepted (memory: 16·N² bytes per complex buffer). */
const MAX_GRID = 4096;
/** Coarsest simulation spacing accepted [Å]; coarser grids cannot represent atoms. */
const MAX_SPACING_ANG = 0.5;

/** An FFT, work buffers and array pool for one grid size, reused from image to image on this thread. */
interface Workspace {
  readonly fft: Fft2d;
  readonly buffers: MultisliceBuffers;
  readonly pool: ArrayPool;
}
/** Grid sizes whose workspaces are kept (most recent last), e.g. a dataset mixing 512² and 1024² cells. */
const workspaces = new Map<string, Workspace>();
const KEPT_WORKSPACES = 3;
/** Larger grids get a workspace of their own that is not kept (one image holds ~20 complex grids). */
const MAX_KEPT_GRID_POINTS = 1024 * 1024;

function workspaceFor(grid: Grid): Workspace {
  const key = `${grid.nx}x${grid.ny}`;
  let workspace = workspaces.get(key);
  if (workspace) workspaces.delete(key);
  else {
    const fft = new Fft2d(grid.nx, grid.ny);
    workspace = { fft, buffers: multisliceBuffers(grid, fft), pool: new ArrayPool() };
  }
  if (grid.nx * grid.ny <= MAX_KEPT_GRID_POINTS) {
    workspaces.set(key, workspace);
    if (workspaces.size > KEPT_WORKSPACES) workspaces.delete(workspaces.keys().next().value!);
  }
  return workspace;
}

/**
 * Simulates the HRTEM image of `structure` (whole periodic cell) with `microscope`.
 * Frozen-phonon displacements and shot noise draw from `rng` (forked per configuration).
 * @param onConfiguration called after each phonon configuration with (done, total), e.g. for a progress bar
 * @throws NanocrystError (usage/input) for impossible sampling or unsupported elements
 */
export function simulateImage(
  structure: Structure,
  microscope: Microscope,
  options: SimulationOptionsInput,
  rng: Rng,
  onConfiguration?: (done: number, total: number) => void,
): SimulatedImage {
  const parsed = SimulationOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw usageError(
      `invalid simulation options (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`,
    );
  }
  const opts: SimulationOptions = parsed.data;
  microscope = parseMicroscope(microscope);
  const grid = simulationGrid(structure, opts);
  const pixelSizeAng = nmToAngstrom(opts.pixelSizeNm);
  if (pixelSizeAng > Math.min(grid.lxAng, grid.lyAng) / 2) {
    throw usageError(
      `camera pixel ${opts.pixelSizeNm} nm is larger than half the cell (${(grid.lxAng / 10).toFixed(2)} nm); use a smaller --pixel-size`,
    );
  }
  const lambda = wavelengthAng(microscope.voltageKv);
  const { fft, buffers, pool } = workspaceFor(grid);
  const absorptive = opts.thermal === "absorptive";
  const overrides = Object.fromEntries(Object.entries(opts.debyeWallerAng2).map(([k, v]) => [Number(k), v]));
  const potentials = new Map<number, ReturnType<typeof radialPotential>>();
  for (const z of new Set(structure.numbers)) {
    const b = absorptive ? debyeWallerAng2(z, overrides) : 0;
    potentials.set(z, radialPotential(opts.parametrization, z, grid.nyquistInvAng, b));
  }
  const setup: MultisliceSetup = {
    grid,
    fft,
    wavelengthAng: lambda,
    sigma: interactionSigma(microscope.voltageKv),
    potentials,
    cellZAng: structure.cellAng.z,
    sliceThicknessAng: nmToAngstrom(opts.sliceThicknessNm),
  };
  const lens = lensTransfer(
    grid,
    lambda,
    {
      aberrations: microscopeAberrations(microscope),
      ...microscopeCoherence(microscope),
      temporalCoherence: opts.temporalCoherence,
      focalPoints: opts.focalPoints,
    },
    pool,
  );
  const configurations = absorptive ? 1 : opts.phonons;
  const supportOnce = !absorptive && configurations > 1 && opts.supportDisplacement === "once";
  const isParticle = Uint8Array.from(structure.region, (r) => (r === REGION.particle ? 1 : 0));
  const isSupport = Uint8Array.from(isParticle, (p) => 1 - p);
  const base = supportOnce
    ? displacedConfiguration(atomColumns(structure), rng.fork("support"), overrides, isSupport)
    : atomColumns(structure);
  const cache: TransmissionCache | undefined = supportOnce
    ? { isStatic: isSupport, slices: new Map(), pool }
    : undefined;
  const intensity = pool.takeZeroed(grid.nx * grid.ny);
  let exitWave: Float32Array | undefined;
  for (let c = 0; c < configurations; c++) {
    const atoms: AtomColumns = absorptive
      ? base
      : displacedConfiguration(
          base,
          rng.fork(`phonon-${c}`),
          overrides,
          supportOnce ? isParticle : undefined,
        );
    const exit = multislice(setup, atoms, buffers, cache);
    if (c === 0 && opts.exitWave) {
      const real = new Float64Array(exit.length);
      real.set(exit);
      fft.inverse(real);
      exitWave = Float32Array.from(real);
    }
    addImageIntensity(exit, lens, fft, buffers.transmission, intensity, 1 / configurations);
    onConfiguration?.(c + 1, configurations);
  }
  const image = resampleIntensity(intensity, grid, fft, pixelSizeAng, microscope.mtf, buffers.transmission);
  pool.give(intensity, ...lens.transfers, ...(cache?.slices.values() ?? []));
  if (cache?.prefix) pool.give(cache.prefix.wave);
  if (microscope.doseEPerA2 !== null)
    addShotNoise(image.data, microscope.doseEPerA2, pixelSizeAng, rng.fork("noise"));
  return {
    intensity: image.data,
    width: image.width,
    height: image.height,
    pixelSizeNm: opts.pixelSizeNm,
    particleMask: projectedParticleMask(structure, image.width, image.height, pixelSizeAng),
    ...(exitWave
      ? { exitWave, exitWaveGrid: { width: grid.nx, height: grid.ny, pixelSizeNm: grid.dxAng / 10 } }
      : {}),
  };
}

/** The simulation grid for a structure: the requested size, or the smallest fine enough. */
export function simulationGrid(structure: Structure, opts: SimulationOptions): Grid {
  const { x, y } = structure.cellAng;
  if (!(x > 0 && y > 0 && structure.cellAng.z > 0)) {
    throw inputError(
      `the structure's cell must be > 0 along x, y and z, got ${x} × ${y} × ${structure.cellAng.z} Å`,
    );
  }
  const maxSpacing = nmToAngstrom(opts.maxSamplingNm);
  const nx = opts.gridSize ?? gridSizeFor(x, maxSpacing);
  const ny = opts.gridSize === null ? gridSizeFor(y, maxSpacing) : gridSizeFor(y, x / nx);
  if ((nx & (nx - 1)) !== 0)
    throw usageError(`--grid must be a power of two (e.g. 256, 512, 1024), got ${nx}`);
  if (nx > MAX_GRID || ny > MAX_GRID) {
    throw usageError(
      `simulation grid ${nx} × ${ny} exceeds ${MAX_GRID}; use a coarser sampling or a smaller cell`,
    );
  }
  if (x / nx > MAX_SPACING_ANG || y / ny > MAX_SPACING_ANG) {
    throw usageError(
      `simulation grid ${nx} × ${ny} samples the ${(x / 10).toFixed(2)} nm cell every ${(x / nx).toFixed(3)} Å, coarser than ${MAX_SPACING_ANG} Å; use a larger --grid`,
    );
  }
  return makeGrid(x, y, nx, ny);
}

function projectedParticleMask(
  structure: Structure,
  width: number,
  height: number,
  pixelSizeAng: number,
): Uint8Array {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let a = 0; a < structure.numbers.length; a++) {
    if (structure.region[a] !== REGION.particle) continue;
    xs.push(structure.positionsAng[3 * a]);
    ys.push(structure.positionsAng[3 * a + 1]);
  }
  return particleMask(xs, ys, structure.cellAng.x, structure.cellAng.y, width, height, pixelSizeAng);
}
