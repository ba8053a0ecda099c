/**
 * The segmentation network on the datasets it is trained from (`NANOCRYST_SEGMENTATION_DATA`, comma-separated
 * dataset folders): particle-pixel IoU on each test split, and on the validation fields of `fields` datasets
 * the detections (interior particles, IoU ≥ 0.5) at each hysteresis threshold — the figures that choose a
 * model's `hysteresisThreshold` and compare a retrained network with the shipped one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMicrograph, scoreDetections } from "../src/analyze/index.js";
import {
  loadFieldExamples,
  type SegmentationModel,
  validationIou,
} from "../src/classify/segmentation/index.js";
import { readMicrograph } from "../src/io/index.js";

const HYSTERESIS = [undefined, 0.9, 0.97, 0.99, 0.995, 0.999];

async function hysteresisSweep(segmentation: SegmentationModel, dir: string): Promise<void> {
  const fields = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".tif"))
    .sort()) {
    const path = join(dir, file);
    const image = await readMicrograph(path);
    const instances = await readMicrograph(path.replace(/\.tif$/, ".instances.png"));
    const [header, ...rows] = readFileSync(path.replace(/\.tif$/, ".truth.csv"), "utf8")
      .trim()
      .split("\n");
    const columns = header.split(",");
    const cells = rows.map((row) => row.split(","));
    const ignore = new Set(
      cells
        .filter((c) => c[columns.indexOf("touches_border")] === "1")
        .map((c) => Number(c[columns.indexOf("id")])),
    );
    const labels = Int32Array.from(instances.data, (v) => Math.round(v));
    fields.push({ path, image, labels, count: rows.length, ignore });
  }
  const recorded = segmentation.json.hysteresisThreshold;
  for (const threshold of HYSTERESIS) {
    segmentation.json.hysteresisThreshold = threshold;
    let [tp, fp, fn] = [0, 0, 0];
    for (const { path, image, labels, count, ignore } of fields) {
      const analysis = await analyzeMicrograph(image, path, {
        model: null,
        separation: "watershed",
        segmentation,
      });
      const score = scoreDetections(
        { labels, width: image.width, height: image.height, count },
        analysis.labels,
        ignore,
      );
      tp += score.truePositives;
      fp += score.falsePositives;
      fn += score.falseNegatives;
    }
    console.log(
      `${dir}, hysteresis ${threshold ?? "none"}: ${tp} found, ${fp} false regions, ${fn} missed (precision ${(tp / (tp + fp)).toFixed(3)}, recall ${(tp / (tp + fn)).toFixed(3)})`,
    );
  }
  segmentation.json.hysteresisThreshold = recorded;
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
