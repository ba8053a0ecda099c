import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Rng, usageError, writeFileAtomic } from "../core/index.js";
import type { Sample } from "./data.js";
import { readSafetensors } from "./safetensors.js";
import { type TrainOptions, train } from "./train.js";
import { epochLogger, type Log, writeReports } from "./trainReport.js";
import { readModelJson, saveModel, WEIGHTS_FILE } from "./model.js";

/** The searched hyper-parameters (the paper tuned its training with Bayesian optimisation too). */
export interface TrialParams {
  lr: number;
  batchSize: number;
  weightDecay: number;
  augmentStrength: number;
}

/** One finished trial, as a line of `trials.jsonl`. */
export interface Trial {
  trial: number;
  params: TrialParams;
  /** Lowest validation loss of the run [nats] — the only score used. */
  valLoss: number;
  valAccuracy: number;
  epochs: number;
  seconds: number;
}

const BATCHES = [16, 32, 64];
const LR_RANGE = [1e-4, 3e-2];
const WD_RANGE = [1e-6, 1e-2];
const AUG_RANGE = [0, 1.5];

/** Unit-cube coordinates ↔ parameters (log scale for rates). */
function fromUnit(u: number[]): TrialParams {
  const log = (r: number[], t: number) => Math.exp(Math.log(r[0]) + t * (Math.log(r[1]) - Math.log(r[0])));
  return {
    lr: log(LR_RANGE, u[0]),
    batchSize: BATCHES[Math.min(BATCHES.length - 1, Math.floor(u[1] * BATCHES.length))],
    weightDecay: log(WD_RANGE, u[2]),
    augmentStrength: AUG_RANGE[0] + u[3] * (AUG_RANGE[1] - AUG_RANGE[0]),
  };
}

function toUnit(p: TrialParams): number[] {
  const log = (r: number[], v: number) => (Math.log(v) - Math.log(r[0])) / (Math.log(r[1]) - Math.log(r[0]));
  return [
    log(LR_RANGE, p.lr),
    (BATCHES.indexOf(p.batchSize) + 0.5) / BATCHES.length,
    log(WD_RANGE, p.weightDecay),
    (p.augmentStrength - AUG_RANGE[0]) / (AUG_RANGE[1] - AUG_RANGE[0]),
  ];
}

/** Log density of a Parzen mixture (Gaussians at `points`, plus a uniform prior component) at `x`. */
function logParzen(x: number[], points: number[][]): number {
  const n = points.length;
  const sigma = Math.max(0.05, 0.25 * n ** (-1 / (x.length + 4)));
  let density = 1 / (n + 1);
  for (const p of points) {
    let d2 = 0;
    for (let i = 0; i < x.length; i++) d2 += (x[i] - p[i]) ** 2;
    density += Math.exp(-d2 / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI)) ** x.length / (n + 1);
  }
  return Math.log(density);
}

/**
 * Proposes the next trial by the Tree-structured Parzen Estimator (Bergstra et al. 2011): the first
 * `startup` trials are uniform random; later ones split the finished trials into the best quarter ("good")
 * and the rest, draw 32 candidates around good trials, and keep the one maximising l(x)/g(x).
 */
export function proposeTrial(history: readonly Trial[], rng: Rng, startup = 4): TrialParams {
  const uniform = () => Array.from({ length: 4 }, () => rng.uniform());
  if (history.length < startup) return fromUnit(uniform());
  const sorted = [...history].sort((a, b) => a.valLoss - b.valLoss);
  const nGood = Math.max(1, Math.ceil(0.25 * sorted.length));
  const good = sorted.slice(0, nGood).map((t) => toUnit(t.params));
  const bad = sorted.slice(nGood).map((t) => toUnit(t.params));
  const sigma = Math.max(0.05, 0.25 * good.length ** (-1 / 8));
  let best = uniform();
  let bestScore = -Infinity;
  for (let c = 0; c < 32; c++) {
    const centre = rng.pick(good);
    const x = centre.map((v) => Math.min(1 - 1e-9, Math.max(0, v + sigma * rng.normal())));
    const score = logParzen(x, good) - logParzen(x, bad);
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return fromUnit(best);
}

/** Reads finished trials from `trials.jsonl` (missing file: none). */
export function readTrials(file: string): Trial[] {
  if (!existsSync(file)) return [];
  return (
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Trial)
      // a trial that diverged before its first validation has no loss (JSON writes Infinity as null)
      .map((t) => ({ ...t, valLoss: t.valLoss ?? Infinity }))
  );
}

/**
 * Hyper-parameter search: `trials` training runs proposed by {@link proposeTrial}, each scored by its lowest
 * validation loss only (the test split is not looked at). Every finished trial is appended to
 * `OUT/tune/trials.jsonl`; re-running resumes (finished trials are kept, an interrupted one continues from
 * its checkpoint). Finally the best trial's model is copied to OUT with the full report.
 */
export async function tune(
  data: { train: Sample[]; val: Sample[] },
  test: Sample[],
  options: Omit<TrainOptions, "lr" | "batchSize" | "weightDecay" | "augmentStrength"> & {
    outDir: string;
    trials: number;
  },
  log: Log,
): Promise<{ best: Trial; trials: Trial[] }> {
  const tuneDir = join(options.outDir, "tune");
  const trialsFile = join(tuneDir, "trials.jsonl");
  const trials = readTrials(trialsFile);
  if (trials.length > 0) log(`resuming: ${trials.length} trials done`);
  for (let t = trials.length; t < options.trials; t++) {
    const params = proposeTrial(trials, new Rng([options.seed, "tune", t]));
    log(
      `trial ${t + 1}/${options.trials}: lr ${params.lr.toExponential(2)}, batch ${params.batchSize}, weight decay ${params.weightDecay.toExponential(2)}, augmentation ${params.augmentStrength.toFixed(2)}`,
    );
    const result = await train(data, {
      ...options,
      ...params,
      outDir: join(tuneDir, `trial-${String(t).padStart(3, "0")}`),
      resume: true,
      onEpoch: epochLogger((line) => log(`  ${line}`)),
    });
    const best = result.history.find((h) => h.epoch === result.bestEpoch);
    const trial: Trial = {
      trial: t,
      params,
      valLoss: result.bestValLoss,
      valAccuracy: best?.valAccuracy ?? Number.NaN,
      epochs: result.history.length,
      seconds: result.history.reduce((s, h) => s + h.seconds, 0),
    };
    trials.push(trial);
    const previous = existsSync(trialsFile) ? readFileSync(trialsFile, "utf8") : "";
    writeFileAtomic(trialsFile, `${previous}${JSON.stringify(trial)}\n`);
  }
  const best = trials.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
  if (!Number.isFinite(best.valLoss))
    throw usageError(
      `every trial's training loss stopped being finite before its first validation; check the data`,
    );
  const bestDir = join(tuneDir, `trial-${String(best.trial).padStart(3, "0")}`);
  log(
    `best trial ${best.trial + 1}: validation loss ${best.valLoss.toFixed(4)}; its model goes to ${options.outDir}`,
  );
  const bestMeta = readModelJson(bestDir);
  const { tensors } = readSafetensors(join(bestDir, WEIGHTS_FILE));
  const tuning = { trials: trials.length, file: "tune/trials.jsonl", bestTrial: best.trial };
  saveModel(options.outDir, { ...bestMeta, training: { ...bestMeta.training, tuning } }, tensors);
  await writeReports(options.outDir, data.val, test, 0.8, options.dataInfo ?? {}, log);
  return { best, trials };
}
