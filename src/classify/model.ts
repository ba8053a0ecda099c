import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { inputError, packagePath, usageError, writeFileAtomic } from "../core/index.js";
import { type Architecture, architectureProblem } from "./architecture.js";
import { classGroupProblem, networkClassesOf } from "./classGroups.js";
import { Engine } from "./engine.js";
import { createOnnxEngine, type InferenceEngine } from "./engineOnnx.js";
import { NORMALISATION, SPECTRUM } from "./input.js";
import { readSafetensors, writeSafetensors } from "./safetensors.js";
import { LATTICE_MAPS, LATTICE_PHASE_MAPS } from "./latticeMaps.js";
import { type WeightMap, weightMismatch } from "./weights.js";

/** File names inside a model directory (design.md: `model.json` + weights in safetensors). */
export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.safetensors";

const ArchitectureSchema = z.object({
  family: z.literal("two-branch-cnn"),
  cropPx: z.number().int().positive(),
  // models made before the stems were configurable used these blocks
  imageStemPx: z.number().int().positive().default(2),
  imageChannels: z.array(z.number().int().positive()).min(1),
  spectrumPx: z.number().int().positive(),
  spectrumStemPx: z.number().int().positive().default(1),
  spectrumChannels: z.array(z.number().int().positive()).min(1),
  convsPerStage: z.number().int().positive().default(1),
  latticeMaps: z.number().int().min(0).default(0),
  latticePhase: z.boolean().default(false),
  classes: z.number().int().min(2),
});

/** `model.json`: what a model is, what it expects as input, and how it was trained. */
export const ModelJsonSchema = z.object({
  format: z.literal("nanocryst-model"),
  version: z.literal(1),
  /** Class names in output order. */
  classes: z.array(z.string()).min(2),
  /**
   * The network's own classes when `classes` sums them (classGroups.ts: a 3-class network read as
   * amorphous / crystalline); absent: the network outputs `classes`.
   */
  networkClasses: z.array(z.string()).min(2).optional(),
  architecture: ArchitectureSchema,
  input: z.object({
    /** Pixel size every particle is resampled to [nm]. */
    pixelSizeNm: z.number().positive(),
    /** Side of the square input [px]. */
    cropPx: z.number().int().positive(),
    /** How pixel values are normalised (text). */
    normalisation: z.string(),
    /** How the spectrum channel is made (text). */
    spectrum: z.string(),
    /** How the lattice-fringe maps are made (text), when the architecture has any. */
    lattice: z.string().optional(),
  }),
  /** Training record: data, hyper-parameters, epochs, timing (free-form). */
  training: z.record(z.string(), z.unknown()).optional(),
  /** Metrics on the held-out splits (free-form). */
  metrics: z.record(z.string(), z.unknown()).optional(),
  /**
   * How `predict` runs the network: the mean over 1 or 8 symmetry views (prepare.ts SYMMETRY_VIEWS), and the
   * largest particle extent shown to it whole [nm] (the largest in training; larger particles go window by
   * window, windows.ts; absent: the view's size).
   */
  inference: z
    .object({
      views: z.union([z.literal(1), z.literal(8)]),
      wholeUpToNm: z.number().positive().optional(),
    })
    .optional(),
  /**
   * Calibration of the output probabilities (calibration.ts): temperature and, one per class, the offsets
   * that give every class an equal prior; fitted on the validation split.
   */
  calibration: z
    .object({
      temperature: z.number().positive(),
      classOffsets: z.array(z.number()).optional(),
      fittedOn: z.string(),
    })
    .optional(),
});

/** Parsed `model.json`. */
export type ModelJson = z.infer<typeof ModelJsonSchema>;

/** A loaded classifier: its description and the engine holding its weights. */
export interface Model {
  /** Directory it was loaded from (or saved to). */
  dir: string;
  meta: ModelJson;
  /** Inference engine (ONNX Runtime when available, else jax-js); call `engine.dispose()` when done. */
  engine: InferenceEngine;
  /** Class names in output order (= `meta.classes`). */
  classes: string[];
}

/** Builds the `model.json` content for a new model. */
export function modelJson(classes: string[], arch: Architecture, inputPixelSizeNm: number): ModelJson {
  return {
    format: "nanocryst-model",
    version: 1,
    classes,
    architecture: arch,
    input: {
      pixelSizeNm: inputPixelSizeNm,
      cropPx: arch.cropPx,
      normalisation: NORMALISATION,
      spectrum: SPECTRUM,
      ...(arch.latticeMaps > 0
        ? { lattice: arch.latticePhase ? `${LATTICE_MAPS}; ${LATTICE_PHASE_MAPS}` : LATTICE_MAPS }
        : {}),
    },
  };
}

/**
 * Copies a model folder's description, weights and training record (not its checkpoints or report) into
 * `toDir`, for commands that write a changed copy.
 */
export function copyModelFolder(fromDir: string, toDir: string): void {
  if (resolve(fromDir) === resolve(toDir)) throw usageError("--out must name another folder than --model");
  mkdirSync(toDir, { recursive: true });
  for (const file of [MODEL_FILE, WEIGHTS_FILE, "history.json", "training-curve.svg"])
    if (existsSync(join(fromDir, file))) copyFileSync(join(fromDir, file), join(toDir, file));
}

/** The shipped default model directory for 2 or 3 classes. */
export function defaultModelDir(classes: 2 | 3 = 3): string {
  return packagePath("models", classes === 3 ? "default-3class" : "default-2class");
}

/** Reads and validates `DIR/model.json`. */
export function readModelJson(dir: string): ModelJson {
  const file = join(dir, MODEL_FILE);
  if (!existsSync(file))
    throw inputError(`no ${MODEL_FILE} here; give a model directory made by nanocryst train`, dir);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw inputError(`not valid JSON: ${(error as Error).message}`, file);
  }
  const parsed = ModelJsonSchema.safeParse(raw);
  if (!parsed.success)
    throw inputError(`not a nanocryst model description: ${parsed.error.issues[0]?.message}`, file);
  if (networkClassesOf(parsed.data).length !== parsed.data.architecture.classes)
    throw inputError("the class list and the architecture's output count differ", file);
  const grouping = classGroupProblem(parsed.data);
  if (grouping) throw inputError(grouping, file);
  const offsets = parsed.data.calibration?.classOffsets;
  if (offsets && offsets.length !== parsed.data.architecture.classes)
    throw inputError(
      `calibration has ${offsets.length} class offsets for ${parsed.data.architecture.classes} network outputs`,
      file,
    );
  const problem = architectureProblem(parsed.data.architecture);
  if (problem) throw inputError(`unusable architecture: ${problem}`, file);
  return parsed.data;
}

/** Inference engines: the faster ONNX Runtime when it loads ("auto"), or one of them explicitly. */
export type EngineChoice = "auto" | "onnxruntime" | "jax-js";

/**
 * Loads a model directory (`model.json` + `weights.safetensors`).
 * @param dir model directory; default: the shipped 3-class model
 * @param options.engine inference engine (default "auto", or the NANOCRYST_ENGINE environment variable)
 */
export async function loadModel(dir?: string, options: { engine?: EngineChoice } = {}): Promise<Model> {
  const modelDir = dir ?? defaultModelDir(3);
  const meta = readModelJson(modelDir);
  const weightsFile = join(modelDir, WEIGHTS_FILE);
  const { tensors } = readSafetensors(weightsFile);
  const mismatch = weightMismatch(meta.architecture, tensors);
  if (mismatch) throw inputError(`weights do not fit model.json: ${mismatch}`, weightsFile);
  const choice = options.engine ?? (process.env.NANOCRYST_ENGINE as EngineChoice | undefined) ?? "auto";
  let engine: InferenceEngine | null = null;
  if (choice !== "jax-js") engine = await createOnnxEngine(meta.architecture, tensors);
  if (!engine && choice === "onnxruntime")
    throw inputError(
      "ONNX Runtime (npm package onnxruntime-node) cannot be loaded; use the jax-js engine",
      modelDir,
    );
  engine ??= await Engine.create(meta.architecture, tensors);
  return { dir: modelDir, meta, engine, classes: meta.classes };
}

/** Writes `model.json` and `weights.safetensors` into `dir` (atomically, each). */
export function saveModel(dir: string, meta: ModelJson, weights: WeightMap): void {
  writeSafetensors(join(dir, WEIGHTS_FILE), weights, {
    format: "nanocryst-model",
    classes: meta.classes.join(","),
  });
  writeFileAtomic(join(dir, MODEL_FILE), `${JSON.stringify(meta, null, 2)}\n`);
}
