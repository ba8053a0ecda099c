import { join } from "node:path";
import { inputError } from "../../core/index.js";
import { readManifest } from "../../dataset/index.js";
import { readMicrograph } from "../../io/index.js";
import { particleFraction, type SegmentationInput, segmentationInput } from "./input.js";

/** One simulated field prepared for the network: its input and its particle-fraction target. */
export interface FieldExample {
  /** `DIR/ID`, for messages. */
  name: string;
  input: SegmentationInput;
  /** Share of each input pixel covered by particles (0..1), `height × width`. */
  target: Float32Array;
}

/**
 * Reads the fields of one split from `fields` datasets (`nanocryst dataset generate --preset fields`):
 * micrograph and instance image of every sample, turned into network input and target.
 */
export async function loadFieldExamples(dirs: readonly string[], split: string): Promise<FieldExample[]> {
  const examples: FieldExample[] = [];
  for (const dir of dirs) {
    const rows = readManifest(dir);
    if (rows.length > 0 && rows.every((r) => r.label !== "field")) {
      throw inputError(
        "not a fields dataset; make one with `nanocryst dataset generate --preset fields`",
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
      examples.push({ name: `${dir}/${row.id}`, input, target });
    }
  }
  return examples;
}
