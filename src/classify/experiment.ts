import { join } from "node:path";
import { writeFileAtomic } from "../core/index.js";
import { generateDataset, makeConfig, type PresetName } from "../dataset/index.js";
import { loadSplit, type Sample } from "./data.js";
import { type Evaluation, evaluateModel, percent } from "./evaluate.js";
import { loadModel } from "./model.js";
import { train } from "./train.js";
import type { Log } from "./trainReport.js";

/** One training run of the study: a preset and the class scheme the paper used with it. */
export interface StudyRun {
  table: number;
  preset: PresetName;
  classes: 2 | 3;
  paperName: string;
}

/**
 * The paper's study (Tables 1–4): Pattern (2 and 3 classes), SimulationC (2), SimulationC+Si (2), Poly (3).
 * The paper tested on manually labelled real micrographs; here the second test set is one common realistic
 * simulated set — a `poly` dataset with its own seed (carbon and silicon supports, all particle families).
 */
export const PAPER_STUDY: readonly StudyRun[] = [
  { table: 1, preset: "pattern", classes: 2, paperName: "Pattern" },
  { table: 1, preset: "pattern", classes: 3, paperName: "Pattern" },
  { table: 2, preset: "simulation-c", classes: 2, paperName: "SimulationC" },
  { table: 3, preset: "simulation-c-si", classes: 2, paperName: "SimulationC+Si" },
  { table: 4, preset: "poly", classes: 3, paperName: "Poly" },
];

/** Options of {@link runPaperExperiment}. */
export interface ExperimentOptions {
  /** Fraction of the paper's dataset sizes (1 = Table 5; at least 10 samples per class). */
  scale: number;
  outDir: string;
  seed: number;
  /** Dataset generation worker threads; with 2 or more, training computes each gradient on two threads. */
  workers: number;
  /** Maximum training epochs per run. */
  epochs: number;
  /** Multislice grid [px]; smaller is faster and coarser (CI). */
  gridPx?: number;
}

/** Metrics of one run on its own test split and on the common realistic set. */
export interface StudyResult {
  run: StudyRun;
  own: Evaluation;
  common: Evaluation;
}

function perClass(scale: number): number | null {
  return scale >= 1 ? null : Math.max(10, Math.round(1000 * scale));
}

async function makeData(preset: PresetName, dir: string, o: ExperimentOptions, seed: number, log: Log) {
  const config = makeConfig(preset, {
    seed,
    perClass: perClass(o.scale),
    simulation: o.gridPx ? { gridPx: o.gridPx } : {},
  });
  const result = await generateDataset({ config, outDir: dir, workers: o.workers });
  log(`${dir}: ${result.rows.length} samples (${result.generated} made now)`);
}

/**
 * Runs the paper's study end to end: generates the four datasets and the common test set (resumable),
 * trains one model per run (resumable), evaluates each on its own test split and on the common set, and
 * writes `OUT/tables.md` and `OUT/results.json`.
 */
export async function runPaperExperiment(o: ExperimentOptions, log: Log): Promise<StudyResult[]> {
  const dataDir = (name: string) => join(o.outDir, "data", name);
  for (const preset of new Set(PAPER_STUDY.map((r) => r.preset)))
    await makeData(preset, dataDir(preset), o, o.seed, log);
  await makeData("poly", dataDir("common-realistic"), o, o.seed + 1_000_003, log);
  const results: StudyResult[] = [];
  for (const run of PAPER_STUDY) {
    const dir = dataDir(run.preset);
    const data = {
      train: await loadSplit(dir, "train", run.classes),
      val: await loadSplit(dir, "val", run.classes),
    };
    const modelDir = join(o.outDir, "models", `${run.preset}-${run.classes}class`);
    log(`training ${run.paperName} (${run.classes} classes) on ${data.train.length} images`);
    await train(data, {
      classes:
        run.classes === 3
          ? ["amorphous", "monocrystalline", "polycrystalline"]
          : ["amorphous", "crystalline"],
      epochs: o.epochs,
      batchSize: 32,
      lr: 3e-3,
      schedule: "cosine",
      optimizer: "adamw",
      weightDecay: 1e-4,
      augmentStrength: 1,
      seed: o.seed,
      gradientThreads: o.workers >= 2 ? 2 : 1,
      outDir: modelDir,
      resume: true,
      dataInfo: { dir, preset: run.preset },
    });
    const model = await loadModel(modelDir);
    try {
      const common: Sample[] = [];
      for (const s of ["train", "val", "test"])
        common.push(...(await loadSplit(dataDir("common-realistic"), s, run.classes)));
      results.push({
        run,
        own: await evaluateModel(model, await loadSplit(dir, "test", run.classes), 0),
        common: await evaluateModel(model, common, 0),
      });
    } finally {
      model.engine.dispose();
    }
  }
  const tables = studyTables(results);
  log(tables);
  writeFileAtomic(join(o.outDir, "tables.md"), `${tables}\n`);
  const json = results.map((r) => ({ ...r.run, own: r.own.all, common: r.common.all }));
  writeFileAtomic(
    join(o.outDir, "results.json"),
    `${JSON.stringify(json, (_k, v) => (Number.isNaN(v) ? null : v), 2)}\n`,
  );
  return results;
}

/** Tables laid out like the paper's Tables 1–4: per class, accuracy / precision / recall on both test sets. */
export function studyTables(results: readonly StudyResult[]): string {
  const out: string[] = [];
  for (const table of [1, 2, 3, 4]) {
    const rows = results.filter((r) => r.run.table === table);
    if (rows.length === 0) continue;
    const name = rows[0].run.paperName;
    out.push(
      `Table ${table}: network trained on ${name}; own simulated test split | common realistic simulated set`,
    );
    out.push(
      `| ${table === 1 ? "Scheme | " : ""}Class | Accuracy [%] | Precision [%] | Recall [%] | Accuracy [%] | Precision [%] | Recall [%] |`,
    );
    out.push(`|${table === 1 ? "---|" : ""}---|---:|---:|---:|---:|---:|---:|`);
    for (const r of rows) {
      r.own.all.perClass.forEach((c, i) => {
        const common = r.common.all.perClass[i];
        const scheme =
          table === 1 ? `${i === 0 ? (r.run.classes === 2 ? "Two-class" : "Three-class") : ""} | ` : "";
        const acc = (m: Evaluation) => (i === 0 ? percent(m.all.accuracy) : "");
        out.push(
          `| ${scheme}${c.class} | ${acc(r.own)} | ${percent(c.precision)} | ${percent(c.recall)} | ${acc(r.common)} | ${percent(common.precision)} | ${percent(common.recall)} |`,
        );
      });
    }
    out.push("");
  }
  return out.join("\n");
}
