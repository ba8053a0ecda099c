import { usageError, type Rng } from "../core/index.js";
import type { GreyImage } from "../io/index.js";
import type { SupportMaterial } from "./classes.js";
import type { GenerationConfig } from "./config.js";
import type { ParamValue } from "./manifest.js";
import type { SimulatedFamily } from "./sampling.js";

/** A simulated field with its particle mask and every drawn value. */
export interface SimulatedSample {
  field: GreyImage;
  fieldMask: Uint8Array;
  subtype: string;
  params: Record<string, ParamValue>;
}

/** Builds a specimen and simulates its HRTEM image (needs the structure and simulate layers). */
export function simulateSample(
  _config: GenerationConfig,
  family: SimulatedFamily,
  _support: SupportMaterial,
  _rng: Rng,
): SimulatedSample {
  throw usageError(`simulated samples (${family}) need the multislice engine, which is not yet integrated`);
}
