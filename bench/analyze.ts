/**
 * Whole-micrograph analysis (issue #6). Three parts, each with the exact command in the output:
 * 1. speed — a 4096 × 4096 micrograph with ~100 textured particles analysed end to end (detect, measure,
 *    cut out, classify when a model is shipped); baseline: the same analysis of a 1024 × 1024 field with ~6.
 * 2. accuracy on held-out simulated fields (`nanocryst field`, seeds 101–120, 1024², 0.02–0.05 nm/px,
 *    generated into NANOCRYST_FIELDS, default /tmp/nanocryst-fields, when missing): detection F1 at
 *    IoU ≥ 0.5, median equivalent-diameter error, class fractions against the truth; and the classifier
 *    alone on the true instance masks (so detection errors do not blur its figure).
 * 3. real labelled micrographs in ../shared/micrographs (when present): recall and precision against the
 *    authors' boxes (IoU of bounding boxes ≥ 0.5) and the Sophon instance mask (mask IoU ≥ 0.5).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMicrograph, classifyParticles, scoreDetections } from "../src/analyze/index.js";
import { defaultModelDir, loadModel, type Model } from "../src/classify/index.js";
import {
  defaultSegmentationModelDir,
  loadSegmentationModel,
  type SegmentationModel,
} from "../src/classify/segmentation/index.js";
import { Rng } from "../src/core/index.js";
import { type FieldParticle, simulateField, writeField } from "../src/dataset/index.js";
import { type GreyImage, readMicrograph } from "../src/io/index.js";
import { measureRegions } from "../src/segment/index.js";
import { type BenchResult, report, time } from "./harness.js";

/** Lattice-fringed discs (two crossed fringe systems, random orientation) on a noisy support. */
function texturedField(sizePx: number, particles: number, rng: Rng): GreyImage {
  const data = new Float32Array(sizePx * sizePx);
  for (let p = 0; p < data.length; p++) data[p] = 1 + 0.04 * rng.normal();
  const spacingPx = 0.204 / 0.02;
  for (let k = 0; k < particles; k++) {
    const r = rng.range(25, 75);
    const cx = rng.range(r + 5, sizePx - r - 5);
    const cy = rng.range(r + 5, sizePx - r - 5);
    const a = rng.range(0, Math.PI);
    const [c1, s1, c2, s2] = [Math.cos(a), Math.sin(a), Math.cos(a + 1.2), Math.sin(a + 1.2)];
    for (let y = Math.floor(cy - r); y <= cy + r; y++) {
      for (let x = Math.floor(cx - r); x <= cx + r; x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) continue;
        const phase1 = (2 * Math.PI * (x * c1 + y * s1)) / spacingPx;
        const phase2 = (2 * Math.PI * (x * c2 + y * s2)) / spacingPx;
        data[y * sizePx + x] += 0.12 * (Math.cos(phase1) + Math.cos(phase2)) - 0.02;
      }
    }
  }
  return { data, width: sizePx, height: sizePx, pixelSizeNm: { x: 0.02, y: 0.02 } };
}

/** The classifier: NANOCRYST_BENCH_MODEL if set, else the shipped default if present, else none. */
async function benchModel(): Promise<{ model: Model | null; name: string }> {
  const dir = process.env.NANOCRYST_BENCH_MODEL;
  if (dir) return { model: await loadModel(dir), name: dir };
  if (existsSync(join(defaultModelDir(3), "model.json")))
    return { model: await loadModel(), name: "default-3class" };
  return { model: null, name: "none" };
}

/** The segmentation network: NANOCRYST_BENCH_SEGMENTATION if set, else the shipped one if present, else none. */
async function benchSegmentation(): Promise<SegmentationModel | null> {
  const dir = process.env.NANOCRYST_BENCH_SEGMENTATION ?? defaultSegmentationModelDir();
  return existsSync(join(dir, "model.json")) ? loadSegmentationModel(dir) : null;
}

async function speed(
  model: Model | null,
  modelName: string,
  segmentation: SegmentationModel | null,
): Promise<void> {
  const small = texturedField(1024, 6, new Rng("bench-analyze-1024"));
  const large = texturedField(4096, 100, new Rng("bench-analyze-4096"));
  const baseline = await time(
    "analyze 1024² (~6 particles)",
    () => analyzeMicrograph(small, "small", { model }),
    3,
  );
  const results: BenchResult[] = [];
  for (const net of segmentation ? [null, segmentation] : [null]) {
    let found = 0;
    let cpuMs = 0;
    const result = await time(
      `analyze 4096² (~100 particles), detector ${net ? "net" : "classic"}`,
      async () => {
        const start = process.cpuUsage();
        found = (await analyzeMicrograph(large, "large", { model, segmentation: net })).particles.length;
        const used = process.cpuUsage(start);
        cpuMs = (used.user + used.system) / 1000;
      },
      3,
    );
    // CPU time of the last run: on a shared machine, the figure a free machine's wall time approaches.
    result.extra = {
      particles: found,
      cpuMs: Math.round(cpuMs),
      classifier: modelName,
      targetMs: 5000,
    };
    results.push(result);
  }
  report("analyze: speed (npm run bench -- analyze)", baseline, results);
}

/** The held-out fields: seed and pixel size. */
const HELD_OUT: readonly [number, number][] = [
  [101, 0.03],
  [102, 0.025],
  [103, 0.04],
  [104, 0.035],
  [105, 0.02],
  [106, 0.045],
  [107, 0.05],
  [108, 0.022],
  [109, 0.028],
  [110, 0.042],
  [111, 0.024],
  [112, 0.032],
  [113, 0.038],
  [114, 0.048],
  [115, 0.021],
  [116, 0.027],
  [117, 0.036],
  [118, 0.044],
  [119, 0.03],
  [120, 0.05],
];

function readTruth(path: string): FieldParticle[] {
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n");
  const names = header.split(",");
  return rows.map((row) => {
    const cells = row.split(",");
    const get = (name: string) => cells[names.indexOf(name)];
    return {
      id: Number(get("id")),
      shape: get("shape") as FieldParticle["shape"],
      crystallinity: get("class"),
      diameterNm: Number(get("diameter_nm")),
      ecdNm: Number(get("ecd_nm")),
      centroidXNm: Number(get("x_nm")),
      centroidYNm: Number(get("y_nm")),
      touchesBorder: get("touches_border") === "1",
      touching: get("touching") === "1",
    };
  });
}

interface HeldOutField {
  path: string;
  image: GreyImage;
  labels: Int32Array;
  truth: FieldParticle[];
}

async function loadHeldOut(dir: string): Promise<HeldOutField[]> {
  const fields: HeldOutField[] = [];
  for (const [seed, pixelSizeNm] of HELD_OUT) {
    const path = join(dir, `field-${seed}.tif`);
    if (!existsSync(path)) {
      console.log(
        `simulating ${path} (nanocryst field --size 1024 --pixel-size ${pixelSizeNm} --particles 16 --seed ${seed})`,
      );
      writeField(
        path,
        simulateField({ sizePx: 1024, pixelSizeNm, particles: 16 }, new Rng(["nanocryst-field", seed])),
      );
    }
    const instances = await readMicrograph(path.replace(/\.tif$/, ".instances.png"));
    fields.push({
      path,
      image: await readMicrograph(path),
      labels: Int32Array.from(instances.data, (v) => Math.round(v)),
      truth: readTruth(path.replace(/\.tif$/, ".truth.csv")),
    });
  }
  return fields;
}

/** The classifier on the fields' true instance masks (interior particles): confusion and class shares. */
async function classesOnTrueMasks(model: Model, fields: HeldOutField[]): Promise<void> {
  const classes = ["amorphous", "monocrystalline", "polycrystalline"];
  const confusion = classes.map(() => [0, 0, 0, 0]);
  const topConfusion = classes.map(() => [0, 0, 0]);
  const probabilitySums = [0, 0, 0];
  for (const { image, labels, truth } of fields) {
    const labelImage = { labels, width: image.width, height: image.height, count: truth.length };
    const regions = measureRegions(labelImage, image.pixelSizeNm?.x ?? 0).filter(
      (r) => !truth[r.label - 1].touchesBorder,
    );
    const decided = await classifyParticles(image, labelImage, regions, model);
    decided.forEach((d, k) => {
      const t = classes.indexOf(truth[regions[k].label - 1].crystallinity);
      const found = classes.indexOf(d.classLabel);
      confusion[t][found < 0 ? 3 : found]++;
      const top = classes.reduce(
        (best, c, m) => (d.probabilities[c] > d.probabilities[classes[best]] ? m : best),
        0,
      );
      topConfusion[t][top]++;
      classes.forEach((c, m) => {
        probabilitySums[m] += d.probabilities[c];
      });
    });
  }
  const total = confusion.flat().reduce((a, v) => a + v, 0);
  const decidedTotal = confusion.reduce((a, row) => a + row[0] + row[1] + row[2], 0);
  const right = classes.reduce((a, _, m) => a + confusion[m][m], 0);
  const topRight = classes.reduce((a, _, m) => a + topConfusion[m][m], 0);
  console.log(
    `classifier on true masks (${total} interior particles): top-class accuracy ${((100 * topRight) / total).toFixed(1)} %; after the 80 % rule ${((100 * right) / decidedTotal).toFixed(1)} % of ${decidedTotal} decided (${((100 * (total - decidedTotal)) / total).toFixed(1)} % unknown)`,
  );
  for (const [m, c] of classes.entries()) {
    const truthShare = (100 * confusion[m].reduce((a, v) => a + v, 0)) / total;
    const foundShare = (100 * confusion.reduce((a, row) => a + row[m], 0)) / decidedTotal;
    console.log(
      `  ${c}: truth ${truthShare.toFixed(1)} %, of decided ${foundShare.toFixed(1)} %, top class ${((100 * topConfusion.reduce((a, row) => a + row[m], 0)) / total).toFixed(1)} %, mean probability ${((100 * probabilitySums[m]) / total).toFixed(1)} %; row (amorphous/mono/poly/unknown) ${confusion[m].join("/")}`,
    );
  }
}

async function heldOutFields(model: Model | null, segmentation: SegmentationModel | null): Promise<void> {
  const dir = process.env.NANOCRYST_FIELDS ?? "/tmp/nanocryst-fields";
  console.log(`\n## analyze: held-out simulated fields (${dir})`);
  const fields = await loadHeldOut(dir);
  if (model) await classesOnTrueMasks(model, fields);
  const runs: { detector: "classic" | "net"; separation: "watershed" | "erosion" }[] = [
    { detector: "classic", separation: "watershed" },
    { detector: "classic", separation: "erosion" },
    ...(segmentation ? [{ detector: "net" as const, separation: "watershed" as const }] : []),
  ];
  for (const { detector, separation } of runs) {
    const name = `${detector}/${separation}`;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const errors: number[] = [];
    const truthCounts: Record<string, number> = {};
    const foundCounts: Record<string, number> = {};
    const argmaxCounts: Record<string, number> = {};
    const probabilitySums: Record<string, number> = {};
    let touchingFound = 0;
    let touchingTotal = 0;
    for (const { path, image, labels, truth } of fields) {
      const analysis = await analyzeMicrograph(image, path, {
        model,
        separation,
        segmentation: detector === "net" ? segmentation : null,
      });
      const ignore = new Set(truth.filter((p) => p.touchesBorder).map((p) => p.id));
      const score = scoreDetections(
        { labels, width: image.width, height: image.height, count: truth.length },
        analysis.labels,
        ignore,
      );
      tp += score.truePositives;
      fp += score.falsePositives;
      fn += score.falseNegatives;
      const matched = new Set(score.matches.map((m) => m.truth));
      for (const p of truth) {
        if (p.touchesBorder) continue;
        truthCounts[p.crystallinity] = (truthCounts[p.crystallinity] ?? 0) + 1;
        if (p.touching) {
          touchingTotal++;
          if (matched.has(p.id)) touchingFound++;
        }
      }
      for (const m of score.matches)
        errors.push(Math.abs(analysis.particles[m.detected - 1].ecdNm / truth[m.truth - 1].ecdNm - 1));
      for (const p of analysis.particles) {
        foundCounts[p.classLabel] = (foundCounts[p.classLabel] ?? 0) + 1;
        const ranked = Object.entries(p.probabilities).sort((a, b) => b[1] - a[1]);
        if (ranked.length > 0) argmaxCounts[ranked[0][0]] = (argmaxCounts[ranked[0][0]] ?? 0) + 1;
        for (const [c, v] of ranked) probabilitySums[c] = (probabilitySums[c] ?? 0) + v;
      }
      console.log(
        `${name} ${path}: ${truth.length - ignore.size} interior particles, TP ${score.truePositives} FP ${score.falsePositives} FN ${score.falseNegatives}`,
      );
    }
    errors.sort((a, b) => a - b);
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    console.log(
      `${name}: precision ${(tp / (tp + fp)).toFixed(3)}, recall ${(tp / (tp + fn)).toFixed(3)}, F1 ${f1.toFixed(3)} (target ≥ 0.95); touching particles found ${touchingFound}/${touchingTotal}; ECD error median ${(100 * errors[Math.floor(errors.length / 2)]).toFixed(1)} %, 90th percentile ${(100 * errors[Math.floor(0.9 * (errors.length - 1))]).toFixed(1)} % (${errors.length} matched; target median ≤ 5 %)`,
    );
    if (separation !== "watershed") continue;
    console.log(`${name} class shares:`);
    const totalTruth = Object.values(truthCounts).reduce((a, v) => a + v, 0);
    const totalFound = Object.values(foundCounts).reduce((a, v) => a + v, 0);
    const decided = ["amorphous", "monocrystalline", "polycrystalline"].reduce(
      (a, c) => a + (foundCounts[c] ?? 0),
      0,
    );
    for (const cls of ["amorphous", "monocrystalline", "polycrystalline", "unknown", "unclassified"]) {
      if (!(cls in truthCounts) && !(cls in foundCounts)) continue;
      const t = (100 * (truthCounts[cls] ?? 0)) / totalTruth;
      const f = (100 * (foundCounts[cls] ?? 0)) / totalFound;
      const assigned =
        decided > 0 && cls in truthCounts
          ? `, of decided ${((100 * (foundCounts[cls] ?? 0)) / decided).toFixed(1)} %, top class without omission ${((100 * (argmaxCounts[cls] ?? 0)) / totalFound).toFixed(1)} %, mean probability ${((100 * (probabilitySums[cls] ?? 0)) / totalFound).toFixed(1)} %`
          : "";
      console.log(`class ${cls}: truth ${t.toFixed(1)} %, found ${f.toFixed(1)} %${assigned}`);
    }
  }
}

const MICROGRAPHS = process.env.NANOCRYST_MICROGRAPHS ?? join(process.cwd(), "..", "shared", "micrographs");

/** Greedy one-to-one matching of boxes [x0, y0, x1, y1] at IoU ≥ 0.5; returns the number of matches. */
function matchBoxes(truth: readonly number[][], found: readonly number[][]): number {
  const pairs: [number, number, number][] = [];
  truth.forEach((t, i) => {
    found.forEach((f, j) => {
      const w = Math.min(t[2], f[2]) - Math.max(t[0], f[0]);
      const h = Math.min(t[3], f[3]) - Math.max(t[1], f[1]);
      if (w <= 0 || h <= 0) return;
      const inter = w * h;
      const iou = inter / ((t[2] - t[0]) * (t[3] - t[1]) + (f[2] - f[0]) * (f[3] - f[1]) - inter);
      if (iou >= 0.5) pairs.push([iou, i, j]);
    });
  });
  pairs.sort((a, b) => b[0] - a[0]);
  const usedT = new Set<number>();
  const usedF = new Set<number>();
  for (const [, i, j] of pairs) {
    if (usedT.has(i) || usedF.has(j)) continue;
    usedT.add(i);
    usedF.add(j);
  }
  return usedT.size;
}

/**
 * The box-labelled micrographs have no pixel size: each is analysed at a nominal scale that makes the median
 * labelled box 3 nm wide (the labels set only the scale, not the detection). These are low-magnification
 * STEM/TEM images without lattice fringes, so the intensity feature is used, with smoothing and background
 * scaled to the particles (0.3 and 6 nm at that nominal scale) and the triangle threshold (few particles on a
 * large support).
 */
async function realMicrographs(segmentation: SegmentationModel | null): Promise<void> {
  const boxes = join(MICROGRAPHS, "ardagen_stem_np");
  if (!existsSync(boxes)) {
    console.log(`\n## analyze: real micrographs — ${MICROGRAPHS} absent, skipped`);
    return;
  }
  console.log("\n## analyze: real labelled micrographs (recall / precision, IoU ≥ 0.5)");
  let sumT = 0;
  let sumF = 0;
  let sumM = 0;
  const net = { found: 0, matched: 0 };
  for (const file of readdirSync(join(boxes, "images")).sort()) {
    const name = file.replace(/\.jpg$/, "");
    const image = await readMicrograph(join(boxes, "images", file));
    const truth = readFileSync(join(boxes, "labels", `${name}.txt`), "utf8")
      .trim()
      .split("\n")
      .map((line) => line.split(" ").map(Number))
      .map(([, cx, cy, w, h]) => [
        (cx - w / 2) * image.width,
        (cy - h / 2) * image.height,
        (cx + w / 2) * image.width,
        (cy + h / 2) * image.height,
      ]);
    const widths = truth.map((b) => b[2] - b[0]).sort((a, b) => a - b);
    const pixelSizeNm = 3 / widths[Math.floor(widths.length / 2)];
    const analysis = await analyzeMicrograph(
      { ...image, pixelSizeNm: { x: pixelSizeNm, y: pixelSizeNm } },
      name,
      { model: null, feature: "intensity", smoothNm: 0.3, backgroundNm: 6, thresholdMethod: "triangle" },
    );
    const found = analysis.particles.map((p) => [
      p.box.column,
      p.box.row,
      p.box.column + p.box.width,
      p.box.row + p.box.height,
    ]);
    const matched = matchBoxes(truth, found);
    sumT += truth.length;
    sumF += found.length;
    sumM += matched;
    let netText = "";
    if (segmentation) {
      // The network was trained on 1–5 nm particles at 0.02–0.05 nm/px: it sees the image at the same
      // nominal scale (median box 3 nm); no other setting is given.
      const byNet = await analyzeMicrograph(
        { ...image, pixelSizeNm: { x: pixelSizeNm, y: pixelSizeNm } },
        name,
        { model: null, segmentation },
      );
      const boxes = byNet.particles.map((p) => [
        p.box.column,
        p.box.row,
        p.box.column + p.box.width,
        p.box.row + p.box.height,
      ]);
      const hits = matchBoxes(truth, boxes);
      net.found += boxes.length;
      net.matched += hits;
      netText = `; net: found ${boxes.length}, recall ${(hits / truth.length).toFixed(2)}, precision ${(boxes.length ? hits / boxes.length : 0).toFixed(2)}`;
    }
    console.log(
      `${name}: ${analysis.polarity} particles, labelled ${truth.length}, found ${found.length}, recall ${(matched / truth.length).toFixed(2)}, precision ${(found.length ? matched / found.length : 0).toFixed(2)}${netText}`,
    );
  }
  console.log(
    `ardagen_stem_np overall: recall ${(sumM / sumT).toFixed(3)}, precision ${(sumM / sumF).toFixed(3)} (${sumT} labelled, ${sumF} found)`,
  );
  if (segmentation)
    console.log(
      `ardagen_stem_np overall, detector net: recall ${(net.matched / sumT).toFixed(3)}, precision ${(net.matched / Math.max(1, net.found)).toFixed(3)} (${net.found} found)`,
    );
  const sophon = join(MICROGRAPHS, "sophon_nanocrystals");
  if (existsSync(join(sophon, "1-0001_16_segmap.png"))) {
    const image = await readMicrograph(join(sophon, "1-0001_16.png"), { pixelSizeNm: 0.85 });
    const segmap = await readMicrograph(join(sophon, "1-0001_16_segmap.png"));
    const labels = Int32Array.from(segmap.data, (v) => Math.round(v));
    const count = labels.reduce((m, v) => Math.max(m, v), 0);
    const analysis = await analyzeMicrograph(image, "1-0001_16", {
      model: null,
      feature: "intensity",
      keepBorder: true,
      minDiameterNm: 4,
      backgroundNm: 60,
      smoothNm: 0.85,
    });
    const score = scoreDetections(
      { labels, width: image.width, height: image.height, count },
      analysis.labels,
    );
    console.log(
      `sophon 1-0001_16 (0.85 nm/px, mask IoU): labelled ${count}, found ${analysis.labels.count}, recall ${score.recall.toFixed(3)}, precision ${score.precision.toFixed(3)}`,
    );
    if (segmentation) {
      // As for the boxes: a nominal pixel that makes the median labelled particle 3 nm across.
      const areas = new Map<number, number>();
      for (const v of labels) if (v > 0) areas.set(v, (areas.get(v) ?? 0) + 1);
      const ecds = [...areas.values()].map((a) => Math.sqrt((4 * a) / Math.PI)).sort((a, b) => a - b);
      const nominalNm = 3 / ecds[Math.floor(ecds.length / 2)];
      const byNet = await analyzeMicrograph(
        { ...image, pixelSizeNm: { x: nominalNm, y: nominalNm } },
        "1-0001_16",
        { model: null, segmentation, keepBorder: true },
      );
      const netScore = scoreDetections(
        { labels, width: image.width, height: image.height, count },
        byNet.labels,
      );
      console.log(
        `sophon 1-0001_16, detector net (nominal ${nominalNm.toFixed(3)} nm/px): found ${byNet.labels.count}, recall ${netScore.recall.toFixed(3)}, precision ${netScore.precision.toFixed(3)}`,
      );
    }
  }
}

/** `npm run bench -- analyze` */
export async function benchAnalyze(): Promise<void> {
  // NANOCRYST_BENCH_ANALYZE=speed,fields,real picks parts (default: all three).
  const parts = (process.env.NANOCRYST_BENCH_ANALYZE ?? "speed,fields,real").split(",");
  const { model, name } = await benchModel();
  const segmentation = await benchSegmentation();
  if (parts.includes("speed")) await speed(model, name, segmentation);
  if (parts.includes("fields")) await heldOutFields(model, segmentation);
  if (parts.includes("real")) await realMicrographs(segmentation);
  model?.engine.dispose();
  segmentation?.network.dispose();
}
