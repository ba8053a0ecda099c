/**
 * The segmentation network on the datasets it is trained from (`NANOCRYST_SEGMENTATION_DATA`, comma-separated
 * dataset folders): particle-pixel IoU on each test split, and on the validation fields of `fields` datasets
 * the detections (interior particles, IoU ≥ 0.5) at each hysteresis threshold — the figures that choose a
 * model's `hysteresisThreshold` and compare a retrained network with the shipped one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scoreDetections } from "../src/analyze/index.js";
import {
  loadFieldExamples,
  particleProbability,
  type SegmentationModel,
  validationIou,
} from "../src/classify/segmentation/index.js";
import { particlesFromProbability } from "../src/segment/index.js";
import { readLabelledField } from "./heldOutFields.js";

const HYSTERESIS = [undefined, 0.9, 0.97, 0.99, 0.995, 0.999];

/**
 * Detections on the fields of `dir` at each hysteresis threshold, as `analyze --detector net` makes them with
 * the model's other settings; the probability map of a field is computed once for all thresholds.
 */
async function hysteresisSweep(segmentation: SegmentationModel, dir: string): Promise<void> {
  const fields = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".tif"))
    .sort()) {
    const { image, labels, truth } = await readLabelledField(join(dir, file));
    const pixelSizeNm = image.pixelSizeNm?.x ?? 0;
    const map = await particleProbability(segmentation.network, image, pixelSizeNm);
    const ignore = new Set(truth.filter((p) => p.touchesBorder).map((p) => p.id));
    fields.push({ image, labels, count: truth.length, ignore, map, pixelSizeNm });
  }
  const { threshold: probabilityThreshold, refineOutlines: refine } = segmentation.json;
  for (const hysteresisThreshold of HYSTERESIS) {
    let [tp, fp, fn] = [0, 0, 0];
    for (const { image, labels, count, ignore, map, pixelSizeNm } of fields) {
      const found = particlesFromProbability(map, image, {
        pixelSizeNm,
        probabilityThreshold,
        refine,
        hysteresisThreshold,
      });
      const score = scoreDetections(
        { labels, width: image.width, height: image.height, count },
        found,
        ignore,
      );
      tp += score.truePositives;
      fp += score.falsePositives;
      fn += score.falseNegatives;
    }
    console.log(
      `${dir}, hysteresis ${hysteresisThreshold ?? "none"}: ${tp} found, ${fp} false regions, ${fn} missed (precision ${(tp / (tp + fp)).toFixed(3)}, recall ${(tp / (tp + fn)).toFixed(3)})`,
    );
  }
}

/** Prints the test IoU of every dataset and the hysteresis sweep on the validation fields. */
export async function segmentationData(segmentation: SegmentationModel): Promise<void> {
  const dirs = (process.env.NANOCRYST_SEGMENTATION_DATA ?? "").split(",").filter(Boolean);
  console.log(`\n## analyze: segmentation network ${segmentation.dir} on its datasets`);
  if (dirs.length === 0) console.log("set NANOCRYST_SEGMENTATION_DATA=DIR,… (fields or particle datasets)");
  for (const dir of dirs) {
    const test = await loadFieldExamples([dir], "test");
    console.log(
      `${dir} test split (${test.length} images): particle IoU ${(await validationIou(segmentation.network, test)).toFixed(3)}`,
    );
    const dataset = JSON.parse(readFileSync(join(dir, "dataset.json"), "utf8"));
    if (dataset.preset === "fields") await hysteresisSweep(segmentation, join(dir, "val"));
  }
}
