import type { Rng } from "../core/index.js";
import { type Architecture, latticeChannels, latticeGridPx } from "./architecture.js";
import { applyIntensityAugmentation, drawAugmentation, shiftMaskBoundary } from "./augment.js";
import type { InputBatch } from "./engine.js";
import {
  type BinOffset,
  binnedLogSpectrum,
  logPowerSpectrum,
  normaliseParticle,
  powerSpectrum,
  SpectrumWorkspace,
} from "./input.js";
import { LatticeWorkspace, latticeMaps } from "./latticeMaps.js";
import { type Geometry, type ParticleImage, resampleParticle } from "./resample.js";

/** Random augmentation to apply while preparing inputs (training only). */
export interface AugmentOptions {
  rng: Rng;
  /** 0 = none, 1 = the documented ranges (see augment.ts). */
  strength: number;
}

const spectrumWorkspaces = new Map<number, SpectrumWorkspace>();
const latticeWorkspaces = new Map<string, LatticeWorkspace>();

/** The value cached under `key`, made by `make` the first time. */
function cached<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

function spectrumWorkspace(n: number): SpectrumWorkspace {
  return cached(spectrumWorkspaces, n, () => new SpectrumWorkspace(n));
}

function latticeWorkspace(arch: Architecture): LatticeWorkspace {
  const grid = latticeGridPx(arch);
  return cached(latticeWorkspaces, `${arch.cropPx}:${grid}`, () => new LatticeWorkspace(arch.cropPx, grid));
}

/**
 * Turns particle images into network inputs: resample to the model's pixel size and crop around the mask
 * centroid, (optionally augment), normalise, and compute the spectrum channel and the lattice-fringe maps.
 * @param inputPixelSizeNm the model's input pixel size [nm]
 * @param view fixed geometric transform of every particle (a symmetry view at inference); ignored with
 *   `augment`, which draws its own
 */
export function prepareInputs(
  particles: readonly ParticleImage[],
  arch: Architecture,
  inputPixelSizeNm: number,
  augment?: AugmentOptions,
  view?: Geometry,
): InputBatch {
  const { cropPx, spectrumPx } = arch;
  const ws = spectrumWorkspace(cropPx);
  const lws = latticeWorkspace(arch);
  const mapSize = latticeChannels(arch) * latticeGridPx(arch) ** 2;
  const images = new Float32Array(particles.length * cropPx * cropPx);
  const spectra = new Float32Array(particles.length * spectrumPx * spectrumPx);
  const lattice = new Float32Array(particles.length * mapSize);
  particles.forEach((particle, index) => {
    const aug = augment ? drawAugmentation(augment.rng, augment.strength, inputPixelSizeNm) : null;
    const shifted = aug?.maskShiftNm ? shiftMaskBoundary(particle, aug.maskShiftNm) : particle;
    const resampled = resampleParticle(shifted, inputPixelSizeNm, cropPx, aug?.geometry ?? view);
    if (aug && augment) applyIntensityAugmentation(resampled, aug, cropPx, augment.rng);
    const image = normaliseParticle(resampled);
    images.set(image, index * cropPx * cropPx);
    spectra.set(logPowerSpectrum(image, ws), index * spectrumPx * spectrumPx);
    if (mapSize > 0)
      lattice.set(
        latticeMaps(image, lws, inputPixelSizeNm, arch.latticeMaps, arch.latticePhase),
        index * mapSize,
      );
  });
  return { images, spectra, lattice, count: particles.length };
}

/**
 * The eight symmetry views of the square grid (rotations by multiples of 90°, with and without a mirror):
 * a particle's class does not change under them, so averaging the network's answers over them removes the
 * part of its error that depends on how the particle happens to lie. On the pixel grid they are exact
 * (no interpolation), so each view sees the same fringes.
 */
export const SYMMETRY_VIEWS: readonly Geometry[] = [0, 1, 2, 3].flatMap((quarter) =>
  [false, true].map((flipX) => ({ rotationRad: (quarter * Math.PI) / 2, scale: 1, flipX, flipY: false })),
);

/**
 * A permutation of a square grid: output pixel k is source pixel `order[k]`. Where the source index is
 * affine in the output pixel's column i and row j (`base + i·di + j·dj`: every turn and mirror of an image
 * about its centre) it is copied row by row without reading `order`, which took twice as long; the bins
 * of a spectrum channel wrap around the zero frequency and go through `order`.
 */
interface PixelOrder {
  order: Int32Array;
  side: number;
  affine: { base: number; di: number; dj: number } | null;
}

/** How a symmetry view permutes an image and its binned spectrum (see {@link viewOrders}). */
interface ViewOrders {
  /** Output pixel k of the view's image is pixel `imageOrder.order[k]` of the unturned input. */
  imageOrder: PixelOrder;
  /** Bin k of the view's spectrum channel is bin `binOrder.order[k]` of the spectrum binned with `binOffset`. */
  binOffset: BinOffset;
  binOrder: PixelOrder;
}

/** `order` on a `side × side` grid, with its affine form when it has one. */
function pixelOrder(order: Int32Array, side: number): PixelOrder {
  const base = order[0];
  const di = side > 1 ? order[1] - base : 0;
  const dj = side > 1 ? order[side] - base : 0;
  for (let j = 0; j < side; j++)
    for (let i = 0; i < side; i++)
      if (order[j * side + i] !== base + i * di + j * dj) return { order, side, affine: null };
  return { order, side, affine: { base, di, dj } };
}

/**
 * Index maps of a symmetry view on an `n²` grid. A view is a signed permutation M of the coordinates about
 * the image centre (n−1)/2 — resampling at the turned sample points picks the same interpolated values —
 * and the power spectrum turns by the same M about its zero frequency n/2 (|FFT|² of x(M·r) is |X|²(M·k),
 * and the Hann window is symmetric under M). A mirror about n/2 moves the spectrum's 2×2 bins by one
 * pixel, so a view's spectrum channel permutes the bins of blocks starting at even or odd pixels.
 */
function viewOrders(n: number, view: Geometry): ViewOrders {
  const cos = Math.round(Math.cos(view.rotationRad));
  const sin = Math.round(Math.sin(view.rotationRad));
  const imageOrder = new Int32Array(n * n);
  const spectrumOrder = new Int32Array(n * n);
  for (const [order, centre, wrap] of [
    [imageOrder, (n - 1) / 2, false],
    [spectrumOrder, n / 2, true],
  ] as const)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        // the same mapping as resampleParticle's: mirror, then sample at R(−θ)·(u, v)
        const u = (view.flipX ? -1 : 1) * (i - centre);
        const v = (view.flipY ? -1 : 1) * (j - centre);
        let x = cos * u + sin * v + centre;
        let y = -sin * u + cos * v + centre;
        if (wrap) {
          x = ((x % n) + n) % n;
          y = ((y % n) + n) % n;
        }
        order[j * n + i] = y * n + x;
      }
  return { imageOrder: pixelOrder(imageOrder, n), ...spectrumBins(spectrumOrder, n) };
}

/**
 * The bins of a view's spectrum channel as bins of the unturned spectrum: the view's bin (C, R) sums the
 * view's pixels 2C, 2C + 1 × 2R, 2R + 1, which come from source columns {a, a + 1 mod n} and rows
 * {b, b + 1 mod n}; the parities of a and b are the same for every bin of a view (M is linear).
 */
function spectrumBins(spectrumOrder: Int32Array, n: number): Pick<ViewOrders, "binOffset" | "binOrder"> {
  const m = n / 2;
  const binOrder = new Int32Array(m * m);
  const start = (p: number, q: number) => ((p + 1) % n === q ? p : q);
  let binOffset: BinOffset = { x: 0, y: 0 };
  for (let row = 0; row < m; row++)
    for (let col = 0; col < m; col++) {
      const first = spectrumOrder[2 * row * n + 2 * col];
      const last = spectrumOrder[(2 * row + 1) * n + 2 * col + 1];
      const a = start(first % n, last % n);
      const b = start(Math.floor(first / n), Math.floor(last / n));
      binOffset = { x: (a & 1) as 0 | 1, y: (b & 1) as 0 | 1 };
      binOrder[row * m + col] = (b >> 1) * m + (a >> 1);
    }
  return { binOffset, binOrder: pixelOrder(binOrder, m) };
}

/** target[offset + k] = source[order[k]] for every pixel k of the grid. */
function permute(target: Float32Array, offset: number, source: Float32Array, p: PixelOrder): void {
  const { order, side, affine } = p;
  if (!affine) {
    for (let k = 0; k < order.length; k++) target[offset + k] = source[order[k]];
    return;
  }
  const { base, di, dj } = affine;
  for (let j = 0; j < side; j++) {
    const row = offset + j * side;
    let from = base + j * dj;
    for (let i = 0; i < side; i++, from += di) target[row + i] = source[from];
  }
}

const orderCache = new Map<string, ViewOrders>();

/**
 * Network inputs for several symmetry views of the same particles (one batch per view), equal to
 * `prepareInputs(particles, arch, inputPixelSizeNm, undefined, view)` for each view but resampling and
 * Fourier-transforming each particle once: the views are exact permutations of the pixel grid.
 * @param views rotations by multiples of 90° with optional mirrors (e.g. {@link SYMMETRY_VIEWS})
 */
export function prepareViews(
  particles: readonly ParticleImage[],
  arch: Architecture,
  inputPixelSizeNm: number,
  views: readonly Geometry[],
): InputBatch[] {
  const { cropPx: n, spectrumPx } = arch;
  const maps = latticeChannels(arch);
  const grid = latticeGridPx(arch);
  const ws = spectrumWorkspace(n);
  const lws = latticeWorkspace(arch);
  const ordersOf = (size: number, view: Geometry) =>
    cached(orderCache, `${size}:${view.rotationRad}:${view.flipX}:${view.flipY}`, () =>
      viewOrders(size, view),
    );
  const orders = views.map((view) => ordersOf(n, view));
  // block centres of the stem grid turn with the image (about the same centre), so a view permutes them
  const gridOrders = views.map((view) => ordersOf(grid, view).imageOrder);
  const batches = views.map(() => ({
    images: new Float32Array(particles.length * n * n),
    spectra: new Float32Array(particles.length * spectrumPx * spectrumPx),
    lattice: new Float32Array(particles.length * maps * grid * grid),
    count: particles.length,
  }));
  particles.forEach((particle, index) => {
    const image = normaliseParticle(resampleParticle(particle, inputPixelSizeNm, n));
    const lattice =
      maps > 0 ? latticeMaps(image, lws, inputPixelSizeNm, arch.latticeMaps, arch.latticePhase) : null;
    const power = powerSpectrum(image, ws);
    // spectrum channels by bin parity class (x + 2y), each made when a view first needs it
    const binned: Float32Array[] = [];
    for (let v = 0; v < orders.length; v++) {
      permute(batches[v].images, index * n * n, image, orders[v].imageOrder);
      const { binOffset, binOrder } = orders[v];
      const key = binOffset.x + 2 * binOffset.y;
      binned[key] ??= binnedLogSpectrum(power, n, binOffset);
      permute(batches[v].spectra, index * spectrumPx * spectrumPx, binned[key], binOrder);
      for (let k = 0; lattice && k < maps; k++)
        permute(
          batches[v].lattice,
          (index * maps + k) * grid * grid,
          lattice.subarray(k * grid * grid, (k + 1) * grid * grid),
          gridOrders[v],
        );
    }
  });
  return batches;
}
