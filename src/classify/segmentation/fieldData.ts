import { join } from "node:path";
import { inputError } from "../../core/index.js";
import { readManifest } from "../../dataset/index.js";
import { readMicrograph } from "../../io/index.js";
import { particleFraction, type SegmentationInput, segmentationInput } from "./input.js";

/** One whole simulated image prepared for the network: its input and its particle-fraction target. */
export interface FieldExample {
  /** `DIR/ID`, for messages. */
  name: string;
  /** The dataset folder it came from (training and validation weigh every dataset alike). */
  dataset: string;
  input: SegmentationInput;
  /** Share of each input pixel covered by particles (0..1), `height × width`. */
  target: Float32Array;
}

/**
 * Reads the whole simulated images of one split with their masks: the fields of `fields` datasets
 * (`nanocryst dataset generate --preset fields`, many particles each) and the whole single-particle images
 * every simulated particle dataset writes beside its cut-outs (`fields/` and `field-masks/`), turned into
 * network input and target. Particle datasets bring what fields lack: the whole range of dose, pixel and
 * detector of their preset, and images where the particle fills a large share.
 */
export async function loadFieldExamples(dirs: readonly string[], split: string): Promise<FieldExample[]> {
  const examples: FieldExample[] = [];
  for (const dir of dirs) {
    const rows = readManifest(dir);
    if (rows.length > 0 && rows.every((r) => !r.files.field || !r.files.fieldMask)) {
      throw inputError(
        "has no whole simulated images with masks (pattern datasets have none); use a fields dataset (`nanocryst dataset generate --preset fields`) or a simulated particle dataset",
        dir,
      );
    }
    for (const row of rows) {
      if (row.split !== split || !row.files.field || !row.files.fieldMask || row.pixelSizeNm === null)
        continue;
      const image = await readMicrograph(join(dir, row.files.field));
      const instances = await readMicrograph(join(dir, row.files.fieldMask));
      const input = segmentationInput(image, row.pixelSizeNm);
      const target = particleFraction(
        instances.data,
        instances.width,
        instances.height,
        input.scale,
        input.width,
        input.height,
      );
      examples.push({ name: `${dir}/${row.id}`, dataset: dir, input, target });
    }
  }
  return examples;
}
