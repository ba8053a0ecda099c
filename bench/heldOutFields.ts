/**
 * Held-out simulated fields for `npm run bench -- analyze` (parts `fields`, `instruments`, `conventions` and
 * `films`): the classifier on the true instance masks, and detection + classification of whole fields by
 * each detector.
 * - `fields`: seeds 101–120, the paper's corrected 300 kV TEM (`nanocryst field`);
 * - `instruments`: seeds 121–160, each of those pixel sizes twice, imaged over instruments as dataset preset
 *   `poly-instruments` does (`nanocryst field --instruments`), with every figure per instrument too;
 * - `conventions`: the `fields` set simulated with Lobato's factors, 0.1 nm slices and 2 phonons;
 * - `films`: the `fields` set (the same particles and microscopes) on carbon films of 3–12 nm instead of the
 *   paper's 1–3 nm, as real grids often have.
 * Fields are simulated into NANOCRYST_FIELDS (default /tmp/nanocryst-fields; `instruments/`, `conventions/`
 * and `films/` below it) when missing.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMicrograph, classifyParticles, scoreDetections } from "../src/analyze/index.js";
import { instrumentName, type Model } from "../src/classify/index.js";
import type { SegmentationModel } from "../src/classify/segmentation/index.js";
import { Rng } from "../src/core/index.js";
import { type FieldOptions, type FieldParticle, simulateField, writeField } from "../src/dataset/index.js";
import { type GreyImage, readMicrograph } from "../src/io/index.js";
import { measureRegions } from "../src/segment/index.js";

/** The held-out fields of the paper's instrument: seed and pixel size. */
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

/**
 * Which held-out set: the paper's instrument, any instrument, the paper's with other conventions, or the
 * paper's on thick films.
 */
export type HeldOutSet = "fields" | "instruments" | "conventions" | "films";

/**
 * What each set changes in the paper fields' simulation: the `nanocryst field` flags (printed) and the
 * `simulateField` options they stand for. `conventions` makes the choices an independent simulator makes
 * differently (Lobato's scattering factors, thinner slices, thermal averaging).
 */
const SET_SIMULATION: Record<HeldOutSet, { flags: string; options: Partial<FieldOptions> }> = {
  fields: { flags: "", options: {} },
  instruments: { flags: " --instruments", options: { instruments: true } },
  conventions: {
    flags: " --parametrization lobato --slice 0.1 --phonons 2",
    options: { parametrization: "lobato", sliceThicknessNm: 0.1, phonons: 2 },
  },
  films: { flags: " --support-thickness 3:12", options: { supportThicknessRangeNm: [3, 12] } },
};

/**
 * Seed and pixel size of each field of a set: the instruments set takes seeds 121–160, twice as many as the
 * paper set, so that each of its five instruments has a few hundred particles.
 */
function heldOutPlan(set: HeldOutSet): (readonly [number, number])[] {
  if (set !== "instruments") return [...HELD_OUT];
  return [20, 40].flatMap((shift) =>
    HELD_OUT.map(([seed, pixelSizeNm]) => [seed + shift, pixelSizeNm] as const),
  );
}

/** A simulated field `NAME.tif` with its instance labels (`NAME.instances.png`) and particles (`NAME.truth.csv`). */
export async function readLabelledField(
  path: string,
): Promise<{ image: GreyImage; labels: Int32Array; truth: FieldParticle[] }> {
  const instances = await readMicrograph(path.replace(/\.tif$/, ".instances.png"));
  return {
    image: await readMicrograph(path),
    labels: Int32Array.from(instances.data, (v) => Math.round(v)),
    truth: readTruth(path.replace(/\.tif$/, ".truth.csv")),
  };
}

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
  /** e.g. "300 kV, Cs-corrected" (from NAME.microscope.json). */
  instrument: string;
  /**
   * Analyses by `detector/separation`, and the classes on the true masks, made once: the instruments set
   * reports every field again within its instrument's group.
   */
  analyses: Map<string, ReturnType<typeof analyzeMicrograph>>;
  trueMaskClasses?: Promise<TrueMaskClasses>;
}

interface TrueMaskClasses {
  regions: ReturnType<typeof measureRegions>;
  decided: Awaited<ReturnType<typeof classifyParticles>>;
}

async function loadHeldOut(dir: string, set: HeldOutSet): Promise<HeldOutField[]> {
  const fields: HeldOutField[] = [];
  const { flags, options } = SET_SIMULATION[set];
  for (const [seed, pixelSizeNm] of heldOutPlan(set)) {
    const path = join(dir, `field-${seed}.tif`);
    if (!existsSync(path)) {
      console.log(
        `simulating ${path} (nanocryst field --size 1024 --pixel-size ${pixelSizeNm} --particles 16 --seed ${seed}${flags})`,
      );
      writeField(
        path,
        simulateField(
          {
            sizePx: 1024,
            pixelSizeNm,
            particles: 16,
            ...options,
          },
          new Rng(["nanocryst-field", seed]),
        ),
      );
    }
    const microscope = JSON.parse(readFileSync(path.replace(/\.tif$/, ".microscope.json"), "utf8"));
    fields.push({
      path,
      ...(await readLabelledField(path)),
      instrument: instrumentName(microscope.voltageKv, microscope.csUm),
      analyses: new Map(),
    });
  }
  return fields;
}

async function classifyTrueMasks(
  model: Model,
  { image, labels, truth }: HeldOutField,
): Promise<TrueMaskClasses> {
  const labelImage = { labels, width: image.width, height: image.height, count: truth.length };
  const regions = measureRegions(labelImage, image.pixelSizeNm?.x ?? 0).filter(
    (r) => !truth[r.label - 1].touchesBorder,
  );
  return { regions, decided: await classifyParticles(image, labelImage, regions, model) };
}

/** The classifier on the fields' true instance masks (interior particles): confusion and class shares. */
async function classesOnTrueMasks(model: Model, fields: HeldOutField[]): Promise<void> {
  const classes = ["amorphous", "monocrystalline", "polycrystalline"];
  const confusion = classes.map(() => [0, 0, 0, 0]);
  const topConfusion = classes.map(() => [0, 0, 0]);
  const probabilitySums = [0, 0, 0];
  for (const field of fields) {
    const { truth } = field;
    field.trueMaskClasses ??= classifyTrueMasks(model, field);
    const { regions, decided } = await field.trueMaskClasses;
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

/**
 * Prints the held-out figures of one set; for the instruments set, over all fields and then per instrument.
 */
export async function heldOutFields(
  model: Model | null,
  segmentation: SegmentationModel | null,
  set: HeldOutSet,
): Promise<void> {
  const base = process.env.NANOCRYST_FIELDS ?? "/tmp/nanocryst-fields";
  const dir = set === "fields" ? base : join(base, set);
  const fields = await loadHeldOut(dir, set);
  console.log(`\n## analyze: held-out simulated fields (${dir})`);
  await fieldFigures(model, segmentation, fields);
  if (set !== "instruments") return;
  const names = [...new Set(fields.map((f) => f.instrument))];
  for (const instrument of names.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))) {
    const some = fields.filter((f) => f.instrument === instrument);
    console.log(`\n### ${instrument}: ${some.length} fields`);
    await fieldFigures(model, segmentation, some);
  }
}

async function fieldFigures(
  model: Model | null,
  segmentation: SegmentationModel | null,
  fields: HeldOutField[],
): Promise<void> {
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
    const matchedClasses = { count: 0, topRight: 0, decided: 0, decidedRight: 0 };
    for (const { path, image, labels, truth, analyses } of fields) {
      if (!analyses.has(name))
        analyses.set(
          name,
          analyzeMicrograph(image, path, {
            model,
            separation,
            segmentation: detector === "net" ? segmentation : null,
          }),
        );
      const analysis = await analyses.get(name)!;
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
      // each particle's classes by falling probability (none when it was not classified)
      const ranked = analysis.particles.map((p) =>
        Object.entries(p.probabilities).sort((a, b) => b[1] - a[1]),
      );
      for (const m of score.matches) {
        const found = analysis.particles[m.detected - 1];
        const { crystallinity } = truth[m.truth - 1];
        errors.push(Math.abs(found.ecdNm / truth[m.truth - 1].ecdNm - 1));
        const top = ranked[m.detected - 1][0];
        if (!top) continue;
        matchedClasses.count++;
        if (top[0] === crystallinity) matchedClasses.topRight++;
        if (found.classLabel in found.probabilities) {
          matchedClasses.decided++;
          if (found.classLabel === crystallinity) matchedClasses.decidedRight++;
        }
      }
      analysis.particles.forEach((p, k) => {
        foundCounts[p.classLabel] = (foundCounts[p.classLabel] ?? 0) + 1;
        const top = ranked[k][0];
        if (top) argmaxCounts[top[0]] = (argmaxCounts[top[0]] ?? 0) + 1;
        for (const [c, v] of ranked[k]) probabilitySums[c] = (probabilitySums[c] ?? 0) + v;
      });
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
    const m = matchedClasses;
    if (m.count > 0)
      console.log(
        `${name} classes of the ${m.count} matched particles (found outlines): top-class accuracy ${((100 * m.topRight) / m.count).toFixed(1)} %; after the 80 % rule ${((100 * m.decidedRight) / m.decided).toFixed(1)} % (${((100 * (m.count - m.decided)) / m.count).toFixed(1)} % unknown)`,
      );
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
