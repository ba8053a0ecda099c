import {
  bandPass,
  binImage,
  type FloatImage,
  gaussianBlur,
  localContrast,
  resampleBilinear,
} from "../../segment/index.js";

/**
 * Pixel size of the segmentation network's input [nm]. Particles of 1–5 nm are 10–50 px across, and a
 * 4096² micrograph at 0.03 nm/px becomes 1229² px, so the network's work stays small. Lattice fringes
 * (0.14–0.24 nm) cannot be sampled at this pixel; their presence enters through the texture channel,
 * which is computed at the fine pixel first (see {@link segmentationInput}).
 */
export const SEGMENTATION_PIXEL_NM = 0.1;

/** Channels of the network input, in order. */
export const INPUT_CHANNELS = ["intensity", "texture"] as const;

/** A network input: channels-last float32 at {@link SEGMENTATION_PIXEL_NM}. */
export interface SegmentationInput {
  /** `height × width × channels`, row-major, channels last. */
  data: Float32Array;
  width: number;
  height: number;
  channels: number;
  /** Micrograph pixels per input pixel (input pixel / micrograph pixel). */
  scale: number;
}

/** Finest pixel the features are computed at [nm] (the classical detector's binning rule). */
const FEATURE_PIXEL_NM = 0.05;

/**
 * The two input channels of the segmentation network, from a micrograph of any pixel size ≤ 0.1 nm:
 * 1. intensity: the band-passed grey level (σ 0.05 nm … 4 nm, binned to ≤ 0.1 nm/px), the particles'
 *    mass-thickness contrast;
 * 2. texture: the log local contrast energy (detail finer than 0.1 nm averaged over 0.2 nm), computed at
 *    ≤ 0.05 nm/px where fringes and atom columns are still resolved — they make a particle's energy high.
 * Both are then low-passed (σ = half an input pixel) and sampled at the input pixel, and each is
 * standardised by its median and median absolute deviation over the micrograph, so dose, camera gain and
 * support thickness do not shift them.
 * @param pixelSizeNm micrograph pixel [nm]
 */
export function segmentationInput(image: FloatImage, pixelSizeNm: number): SegmentationInput {
  const width = Math.max(1, Math.round((image.width * pixelSizeNm) / SEGMENTATION_PIXEL_NM));
  const height = Math.max(1, Math.round((image.height * pixelSizeNm) / SEGMENTATION_PIXEL_NM));
  /** Bins to the coarsest pixel ≤ `targetNm` and returns the map's pixel [nm] with it. */
  const bin = (targetNm: number) => {
    const factor = Math.max(1, Math.floor(targetNm / pixelSizeNm + 1e-9));
    return { binned: binImage(image, factor), nm: pixelSizeNm * factor };
  };
  // Texture needs the fine pixel (fringes); the band-passed intensity only the input pixel.
  const fine = bin(FEATURE_PIXEL_NM);
  const texture = localContrast(fine.binned, 0.1 / fine.nm, 0.2 / fine.nm);
  for (let p = 0; p < texture.data.length; p++) texture.data[p] = Math.log(texture.data[p] + 1e-12);
  const coarse = bin(SEGMENTATION_PIXEL_NM);
  const intensity = bandPass(coarse.binned, 0.05 / coarse.nm, 4 / coarse.nm);
  const channels = [
    { map: intensity, nm: coarse.nm },
    { map: texture, nm: fine.nm },
  ].map(({ map, nm }) => {
    const ratio = SEGMENTATION_PIXEL_NM / nm;
    return standardise(resampleBilinear(gaussianBlur(map, ratio / 2), ratio, width, height));
  });
  const data = new Float32Array(width * height * channels.length);
  for (let p = 0; p < width * height; p++)
    for (let c = 0; c < channels.length; c++) data[p * channels.length + c] = channels[c][p];
  return { data, width, height, channels: channels.length, scale: SEGMENTATION_PIXEL_NM / pixelSizeNm };
}

/**
 * The training target at the input pixel: the share of each input pixel covered by particles, from the
 * instance image (0 = support) of a micrograph with `scale` micrograph pixels per input pixel.
 */
export function particleFraction(
  instances: ArrayLike<number>,
  imageWidth: number,
  imageHeight: number,
  scale: number,
  width: number,
  height: number,
): Float32Array {
  const hits = new Float32Array(width * height);
  const counts = new Float32Array(width * height);
  for (let y = 0; y < imageHeight; y++) {
    const v = Math.min(height - 1, Math.floor((y + 0.5) / scale));
    for (let x = 0; x < imageWidth; x++) {
      const u = Math.min(width - 1, Math.floor((x + 0.5) / scale));
      counts[v * width + u]++;
      if (instances[y * imageWidth + x] > 0) hits[v * width + u]++;
    }
  }
  for (let p = 0; p < hits.length; p++) hits[p] = counts[p] > 0 ? hits[p] / counts[p] : 0;
  return hits;
}

/** Subtracts the median and divides by 1.4826 × the median absolute deviation (σ for Gaussian data). */
function standardise(values: Float32Array): Float32Array {
  const median = quantileOf(values, 0.5);
  const deviations = new Float32Array(values.length);
  for (let p = 0; p < values.length; p++) deviations[p] = Math.abs(values[p] - median);
  const spread = 1.4826 * quantileOf(deviations, 0.5) || 1;
  for (let p = 0; p < values.length; p++) values[p] = (values[p] - median) / spread;
  return values;
}

function quantileOf(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
