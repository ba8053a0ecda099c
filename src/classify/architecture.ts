/**
 * The network family of nanocryst's classifier, described as plain data so that `model.json` records it and
 * any engine can rebuild it.
 *
 * Two branches, each a stack of stages of 3×3 convolutions (ReLU; 2×2 max-pooling between stages; global
 * average and global maximum pooling at the end), joined by one dense layer:
 * - the **image branch** sees the particle at {@link INPUT_PIXEL_SIZE_NM}; its first step is a lossless
 *   space-to-depth (b×b pixels → b² channels, b = cropPx/32) so that every later layer works on a 32² grid
 *   or coarser, however fine the input pixel;
 * - the **spectrum branch** sees the log power spectrum of the same input (2×2-binned), where a crystal shows
 *   sharp spots at |g| = 1/d and an amorphous particle a diffuse ring: crystallinity is periodicity.
 */
export interface Architecture {
  /** Architecture family name; one so far. */
  family: "two-branch-cnn";
  /** Side of the square image input [px]. */
  cropPx: number;
  /**
   * Space-to-depth block of the image branch [px]: b×b pixels become b² channels before the first
   * convolution (lossless), so the convolutions work on a (cropPx/b)² grid whatever the input resolution.
   */
  imageStemPx: number;
  /** Output channels of each image-branch stage. */
  imageChannels: number[];
  /** Side of the square (binned) spectrum input [px]. */
  spectrumPx: number;
  /** Space-to-depth block of the spectrum branch [px] (1 = none). */
  spectrumStemPx: number;
  /** Output channels of each spectrum-branch stage. */
  spectrumChannels: number[];
  /** 3×3 convolutions per stage, in both branches (1 for models made before stages could be deeper). */
  convsPerStage: number;
  /**
   * Lattice-fringe maps (see latticeMaps.ts) joined to the image branch's channels after its stem, on the
   * same (cropPx/imageStemPx)² grid; 0 for models made before them.
   */
  latticeMaps: number;
  /**
   * Whether each lattice map comes with its phase map (the local offset of the reflection, see
   * latticeMaps.ts), doubling the lattice channels; false for models made before them.
   */
  latticePhase: boolean;
  /** Number of classes (outputs). */
  classes: number;
}

/**
 * Named architecture presets; `small` is `train`'s default. `deep` doubles `wide`'s convolutions per stage:
 * on the 4×4 space-to-depth grid a unit of `wide`'s last stage sees 2.9 nm of the 5.12 nm input, less than a
 * 3–5 nm particle, while one of `deep`'s sees all of it. Measured on `poly-plus` (5 epochs each): validation
 * 80.4 % against 79.7 %, at 2.6 times the time per epoch. `wide4` reaches the whole input more cheaply: a
 * fourth stage on the 4² grid (+22 % time per step) gives its units a field of 6.1 nm; with lattice-fringe
 * maps it led `wide` after 8 epochs (validation 88.9 % against 86.7 %) but not after 48 (90.4 % against
 * 91.1 %), so `wide` stays the shipped network.
 */
export const ARCHITECTURES = {
  tiny: { imageChannels: [8, 16], spectrumChannels: [4, 8], convsPerStage: 1 },
  small: { imageChannels: [16, 32, 64], spectrumChannels: [8, 16, 32], convsPerStage: 1 },
  wide: { imageChannels: [24, 48, 96], spectrumChannels: [12, 24, 48], convsPerStage: 1 },
  deep: { imageChannels: [24, 48, 96], spectrumChannels: [12, 24, 48], convsPerStage: 2 },
  wide4: { imageChannels: [24, 48, 96, 192], spectrumChannels: [12, 24, 48, 96], convsPerStage: 1 },
} as const;

/** One of {@link ARCHITECTURES}. */
export type ArchitectureName = keyof typeof ARCHITECTURES;

/**
 * Lattice-fringe maps of new models: a crystal near a zone axis shows two or three reflection pairs, each
 * domain of a polycrystal its own, so four maps hold the main reflections of a particle of two domains.
 */
export const LATTICE_MAP_COUNT = 4;

/** Side of the grid the first convolution of each branch works on [px]: the compute does not grow with crop. */
const STEM_GRID_PX = 32;

/**
 * Builds an architecture from a preset name. The space-to-depth stems default to what keeps the first
 * convolutions on a {@link STEM_GRID_PX}² grid: image stem cropPx/32, spectrum stem cropPx/64 (at least 1).
 * @param name preset
 * @param classes number of output classes (2 or 3)
 * @param cropPx image input side [px], a power of two ≥ 32 (default {@link INPUT_CROP_PX})
 * @param imageStemPx image-branch space-to-depth block [px] (default cropPx/32)
 * @param latticeMaps lattice-fringe maps joined to the image branch (default {@link LATTICE_MAP_COUNT})
 * @param latticePhase whether each map comes with its phase map (default false)
 */
export function architecture(
  name: ArchitectureName,
  classes: number,
  cropPx = INPUT_CROP_PX,
  imageStemPx = cropPx / STEM_GRID_PX,
  latticeMaps = LATTICE_MAP_COUNT,
  latticePhase = false,
): Architecture {
  const preset = ARCHITECTURES[name];
  return {
    family: "two-branch-cnn",
    cropPx,
    imageStemPx,
    imageChannels: [...preset.imageChannels],
    spectrumPx: cropPx / 2,
    spectrumStemPx: Math.max(1, cropPx / (2 * STEM_GRID_PX)),
    spectrumChannels: [...preset.spectrumChannels],
    convsPerStage: preset.convsPerStage,
    latticeMaps,
    latticePhase,
    classes,
  };
}

/** Channels the lattice maps add to the image branch: K amplitude maps, and with the phase K more. */
export function latticeChannels(arch: Architecture): number {
  return arch.latticeMaps * (arch.latticePhase ? 2 : 1);
}

/** Side of the lattice maps' grid [px]: the image branch's grid after its stem. */
export function latticeGridPx(arch: Architecture): number {
  return arch.cropPx / arch.imageStemPx;
}

/** One 3×3 convolution of a branch: its output channels and whether a 2×2 max-pooling follows it. */
export interface ConvLayer {
  channels: number;
  poolAfter: boolean;
}

/**
 * The convolutions of a branch in order, flattened over its stages; the i-th is stored as
 * `${branch}.${i}.w` / `.b`, so models with one convolution per stage keep their tensor names.
 * @param stageChannels output channels per stage
 * @param convsPerStage convolutions per stage
 */
export function branchLayers(stageChannels: readonly number[], convsPerStage: number): ConvLayer[] {
  return stageChannels.flatMap((channels, stage) =>
    Array.from({ length: convsPerStage }, (_, k) => ({
      channels,
      poolAfter: k === convsPerStage - 1 && stage < stageChannels.length - 1,
    })),
  );
}

/**
 * Why an architecture cannot be built, or null: the crop must be a power of two (the spectrum's FFT) and each
 * branch's grid after its stem must halve evenly at every pooling step.
 */
export function architectureProblem(arch: Architecture): string | null {
  const { cropPx, imageStemPx, spectrumPx, spectrumStemPx } = arch;
  if (cropPx < 8 || (cropPx & (cropPx - 1)) !== 0) return `crop ${cropPx} px is not a power of two ≥ 8`;
  const fits = (side: number, stem: number, layers: number) =>
    side % stem === 0 && (side / stem) % 2 ** (layers - 1) === 0;
  if (!fits(cropPx, imageStemPx, arch.imageChannels.length))
    return `image stem ${imageStemPx} px does not fit crop ${cropPx} px and ${arch.imageChannels.length} layers`;
  if (!fits(spectrumPx, spectrumStemPx, arch.spectrumChannels.length))
    return `spectrum stem ${spectrumStemPx} px does not fit ${spectrumPx} px and ${arch.spectrumChannels.length} layers`;
  return null;
}

/**
 * Pixel size of the network input [nm/px].
 *
 * Gold's HRTEM fringes are d111 = 0.2355 nm, d200 = 0.2039 nm, d220 = 0.1442 nm, d311 = 0.1230 nm and
 * d222 = 0.1177 nm; a 300 kV instrument transfers down to ≈ 0.08–0.1 nm. A crystal seen near a low-index zone
 * axis shows d111/d200, but at a random orientation it often shows only the finer d220/d311 fringes — at
 * 0.08 nm/px (Nyquist period 0.16 nm) those are lost, and that is where a 0.08 nm model failed (randomly
 * oriented monocrystals 62 % correct vs 91 % near a zone axis). 0.04 nm/px puts d222 at 2.9 px and d220 at
 * 3.6 px per period; it is also the pixel size of nanocryst's datasets, so their images enter unresampled.
 * In a controlled comparison (2,000 training images, 6 epochs) 0.04 nm beat 0.08 nm on validation once the
 * augmentation stopped damping the fine fringes of training images only (augment.ts).
 */
export const INPUT_PIXEL_SIZE_NM = 0.04;

/**
 * Side of the square network input [px]: 128 px × 0.04 nm = 5.12 nm, enough for the 1–5 nm particles of the
 * paper, the simulations and the simulated fields; a larger particle is seen through its central 5.12 nm,
 * at the true scale. The stems (space-to-depth 4×4 for the image, 2×2 for its spectrum) keep the
 * convolutions on 32² grids, so the network costs about what a 64 px input did.
 */
export const INPUT_CROP_PX = 128;
