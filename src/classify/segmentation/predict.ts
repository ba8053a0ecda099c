import {
  type FloatImage,
  type LabelImage,
  type ProbabilityDetectorOptions,
  particlesFromProbability,
} from "../../segment/index.js";
import { sizeMultiple } from "./architecture.js";
import type { SegmentationInference } from "./inference.js";
import { type SegmentationInput, segmentationInput } from "./input.js";
import type { SegmentationModel } from "./model.js";

/** Context kept around each tile's core and discarded (the network's border effects) [input px]. */
const MARGIN_PX = 32;

/** A particle-probability map on the network's input grid. */
export interface ProbabilityMap {
  data: Float32Array;
  width: number;
  height: number;
  /** Micrograph pixels per map pixel. */
  scale: number;
}

/**
 * The network's particle probability for every input pixel of a micrograph: the input is cut into
 * overlapping tiles of one size (one compiled function serves every micrograph), each tile's core kept.
 * @param pixelSizeNm micrograph pixel [nm]
 */
export async function particleProbability(
  network: SegmentationInference,
  image: FloatImage,
  pixelSizeNm: number,
): Promise<ProbabilityMap> {
  return predictInput(network, segmentationInput(image, pixelSizeNm));
}

/**
 * The particles a segmentation model finds in a micrograph: its probability map, detected with the settings
 * its `model.json` records (threshold, hysteresis, outline refinement) and the post-processing `options`.
 * @param pixelSizeNm micrograph pixel [nm]
 */
export async function particlesFromModel(
  model: SegmentationModel,
  image: FloatImage,
  pixelSizeNm: number,
  options: Omit<
    ProbabilityDetectorOptions,
    "pixelSizeNm" | "probabilityThreshold" | "refine" | "hysteresisThreshold"
  > = {},
): Promise<LabelImage> {
  const map = await particleProbability(model.network, image, pixelSizeNm);
  return particlesFromProbability(map, image, {
    ...options,
    pixelSizeNm,
    probabilityThreshold: model.json.threshold,
    refine: model.json.refineOutlines,
    hysteresisThreshold: model.json.hysteresisThreshold,
  });
}

/** {@link particleProbability} of an input already computed. */
export async function predictInput(
  network: SegmentationInference,
  input: SegmentationInput,
): Promise<ProbabilityMap> {
  const { width, height, channels } = input;
  const multiple = sizeMultiple(network.arch);
  const side = Math.min(network.tilePx, roundUp(Math.max(width, height) + 2 * MARGIN_PX, multiple));
  const core = side - 2 * MARGIN_PX;
  const origins: [number, number][] = [];
  for (let y = 0; y < height; y += core) for (let x = 0; x < width; x += core) origins.push([x, y]);
  const out = new Float32Array(width * height);
  const tile = side * side;
  for (let start = 0; start < origins.length; start += network.tileBatch) {
    const inputs = new Float32Array(network.tileBatch * tile * channels);
    const group = origins.slice(start, start + network.tileBatch);
    group.forEach(([x0, y0], t) => {
      for (let v = 0; v < side; v++) {
        const y = y0 - MARGIN_PX + v;
        if (y < 0 || y >= height) continue;
        for (let u = 0; u < side; u++) {
          const x = x0 - MARGIN_PX + u;
          if (x < 0 || x >= width) continue;
          const from = (y * width + x) * channels;
          inputs.set(input.data.subarray(from, from + channels), (t * tile + v * side + u) * channels);
        }
      }
    });
    const probs = await network.predictTiles(inputs, network.tileBatch, side);
    group.forEach(([x0, y0], t) => {
      for (let v = MARGIN_PX; v < MARGIN_PX + core; v++) {
        const y = y0 - MARGIN_PX + v;
        if (y >= height) break;
        for (let u = MARGIN_PX; u < MARGIN_PX + core; u++) {
          const x = x0 - MARGIN_PX + u;
          if (x >= width) break;
          out[y * width + x] = probs[t * tile + v * side + u];
        }
      }
    });
  }
  return { data: out, width, height, scale: input.scale };
}

function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}
