import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inputError, usageError, writeFileAtomic } from "../core/index.js";
import { CRYSTAL_CLASSES, SPLITS } from "./classes.js";
import { type DatasetInfo, datasetInfoText } from "./config.js";
import { type ManifestRow, writeManifest } from "./manifest.js";
import { readRecords } from "./records.js";

/** The part of `dataset.json` that decides the bytes (everything but completion figures). */
function identity(info: DatasetInfo): string {
  const { splitCounts: _counts, toolVersion: _version, ...rest } = info;
  return JSON.stringify(rest);
}

/**
 * Prepares a folder for a dataset: creates it, or checks that the dataset already in it is the same one
 * (same preset, seed, counts, settings, shard), so a re-run resumes instead of mixing two datasets.
 */
export function prepareFolder(dir: string, info: DatasetInfo): void {
  const infoPath = join(dir, "dataset.json");
  if (existsSync(infoPath)) {
    let existing: DatasetInfo;
    try {
      existing = JSON.parse(readFileSync(infoPath, "utf8")) as DatasetInfo;
    } catch {
      throw inputError("dataset.json is not valid JSON; delete the folder or choose another --out", infoPath);
    }
    if (identity(existing) !== identity(info)) {
      const what = (i: DatasetInfo) =>
        `preset ${i.preset}, seed ${i.seed}, ${i.perClass ?? "Table 5"} per class${i.shard ? `, shard ${i.shard.index}/${i.shard.count}` : ""}`;
      throw usageError(
        `${dir} holds a different dataset (${what(existing)}) than requested (${what(info)}) or other settings; choose another --out or delete it`,
      );
    }
    return;
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw usageError(
      `${dir} is not empty and holds no dataset.json; choose an empty or new folder for --out`,
    );
  }
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(infoPath, datasetInfoText(info));
}

/** Sample counts per split and label (the three classes always, `field` when present). */
export function splitCounts(rows: readonly ManifestRow[]): Record<string, Record<string, number>> {
  const labels = sampleLabels(rows);
  const counts: Record<string, Record<string, number>> = {};
  for (const split of SPLITS) counts[split] = Object.fromEntries(labels.map((c) => [c, 0]));
  for (const r of rows) counts[r.split][r.label]++;
  return counts;
}

/** The labels to count: the three classes (always, for class datasets), then any other label (`field`). */
export function sampleLabels(rows: readonly ManifestRow[]): string[] {
  const labels: string[] = rows.some((r) => r.label === "field") ? [] : [...CRYSTAL_CLASSES];
  for (const r of rows) if (!labels.includes(r.label)) labels.push(r.label);
  return labels;
}

/**
 * Completes a dataset folder once every expected record exists: rebuilds `manifest.jsonl` and
 * `manifest.csv` from the records (sorted by id) and adds the split counts to `dataset.json`. The result
 * depends only on the records, so interrupted, resumed, sharded and merged runs end in the same bytes.
 */
export function finalizeFolder(dir: string, info: DatasetInfo, expected: number): ManifestRow[] {
  const rows = readRecords(dir);
  if (rows.length !== expected) {
    throw inputError(
      `${rows.length} of ${expected} samples are done; re-run the same command to finish`,
      dir,
    );
  }
  writeManifest(dir, rows);
  writeFileAtomic(join(dir, "dataset.json"), datasetInfoText({ ...info, splitCounts: splitCounts(rows) }));
  return rows;
}
