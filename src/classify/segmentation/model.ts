import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inputError, packagePath, writeFileAtomic } from "../../core/index.js";
import { readSafetensors, writeSafetensors } from "../safetensors.js";
import type { WeightMap } from "../weights.js";
import { type SegmentationArchitecture, segmentationWeightMismatch } from "./architecture.js";
import { INPUT_CHANNELS, SEGMENTATION_PIXEL_NM } from "./input.js";
import {
  createSegmentationInference,
  type SegmentationEngineChoice,
  type SegmentationInference,
} from "./inference.js";

const MODEL_FILE = "model.json";
const WEIGHTS_FILE = "weights.safetensors";

/** `model.json` of a segmentation model. */
export interface SegmentationModelJson {
  format: "nanocryst-segmentation";
  formatVersion: 1;
  architecture: SegmentationArchitecture;
  /** Pixel of the network input [nm]. */
  inputPixelSizeNm: number;
  /** Input channels, in order (see `segmentationInput`). */
  inputChannels: readonly string[];
  /** Probability above which a pixel is particle. */
  threshold: number;
  /**
   * Whether detection moves each thresholded outline to the micrograph's texture level
   * (`particlesFromProbability`'s `refine`). Models made before this field: true.
   */
  refineOutlines: boolean;
  /**
   * Hysteresis: detection keeps a region only if its probability exceeds this somewhere
   * (`particlesFromProbability`'s `hysteresisThreshold`); absent: every region above `threshold`.
   */
  hysteresisThreshold?: number;
  /** How the model was trained and how it scored (free form, for people). */
  training: Record<string, unknown>;
}

/** A loaded segmentation model. Call `network.dispose()` when done. */
export interface SegmentationModel {
  json: SegmentationModelJson;
  /** The inference engine holding the weights. */
  network: SegmentationInference;
  /** Folder it was loaded from. */
  dir: string;
}

/** Folder of the segmentation model shipped with the package. */
export function defaultSegmentationModelDir(): string {
  return packagePath("models", "segmentation");
}

/** Writes `DIR/model.json` and `DIR/weights.safetensors` (each atomically). */
export function saveSegmentationModel(
  dir: string,
  arch: SegmentationArchitecture,
  weights: WeightMap,
  details: {
    threshold: number;
    refineOutlines: boolean;
    hysteresisThreshold?: number;
    training: Record<string, unknown>;
  },
): void {
  const json: SegmentationModelJson = {
    format: "nanocryst-segmentation",
    formatVersion: 1,
    architecture: arch,
    inputPixelSizeNm: SEGMENTATION_PIXEL_NM,
    inputChannels: INPUT_CHANNELS,
    threshold: details.threshold,
    refineOutlines: details.refineOutlines,
    ...(details.hysteresisThreshold === undefined
      ? {}
      : { hysteresisThreshold: details.hysteresisThreshold }),
    training: details.training,
  };
  writeSafetensors(join(dir, WEIGHTS_FILE), weights, { format: "nanocryst-segmentation" });
  writeFileAtomic(join(dir, MODEL_FILE), `${JSON.stringify(json, null, 2)}\n`);
}

/**
 * Loads a segmentation model folder (default: the shipped one). A missing or foreign folder is an input
 * error naming the file and what to do.
 */
export async function loadSegmentationModel(
  dir = defaultSegmentationModelDir(),
  engine: SegmentationEngineChoice = "auto",
): Promise<SegmentationModel> {
  const file = join(dir, MODEL_FILE);
  if (!existsSync(file)) {
    throw inputError(
      "no segmentation model here; train one with `nanocryst train-segmentation` or use --detector classic",
      file,
    );
  }
  let json: SegmentationModelJson;
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as SegmentationModelJson;
  } catch {
    throw inputError("model.json is not valid JSON", file);
  }
  if (json.format !== "nanocryst-segmentation") {
    throw inputError(`not a segmentation model (format "${String(json.format)}")`, file);
  }
  if (
    json.inputPixelSizeNm !== SEGMENTATION_PIXEL_NM ||
    json.inputChannels.join() !== INPUT_CHANNELS.join()
  ) {
    throw inputError("made for another input (pixel size or channels); retrain it with this version", file);
  }
  const weightsFile = join(dir, WEIGHTS_FILE);
  const { tensors } = readSafetensors(weightsFile);
  const mismatch = segmentationWeightMismatch(json.architecture, tensors);
  if (mismatch) throw inputError(`weights do not fit model.json: ${mismatch}`, weightsFile);
  json.refineOutlines ??= true;
  return { json, network: await createSegmentationInference(json.architecture, tensors, engine), dir };
}
