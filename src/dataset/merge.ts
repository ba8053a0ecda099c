import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { inputError, usageError } from "../core/index.js";
import type { DatasetInfo } from "./config.js";
import { finalizeFolder, prepareFolder } from "./finalize.js";
import type { ManifestRow } from "./manifest.js";
import { doneIds, readRecords, recordPath, removeLeftovers } from "./records.js";
import { shardIndices } from "./shard.js";

/**
 * Joins the shard folders of one dataset (same preset, seed, counts and settings; shards 0..N−1 of N,
 * each complete) into `outDir`, which then holds exactly the bytes one unsharded run makes. Files are
 * copied atomically and records last, so an interrupted merge resumes like a generation run.
 */
export function mergeShards(shardDirs: readonly string[], outDir: string): ManifestRow[] {
  if (shardDirs.length === 0) throw usageError("dataset merge needs at least one shard folder");
  const infos = shardDirs.map(readInfo);
  const first = infos[0];
  const count = first.shard?.count ?? 0;
  const seen = new Set<number>();
  infos.forEach((info, k) => {
    const dir = shardDirs[k];
    if (!info.shard)
      throw inputError("is not a shard (its dataset.json has no shard); merge only --shard outputs", dir);
    if (info.shard.count !== count) {
      throw inputError(
        `is shard ${info.shard.index}/${info.shard.count}, the first folder is one of ${count}`,
        dir,
      );
    }
    if (sameDataset(info) !== sameDataset(first)) {
      throw inputError(
        `holds another dataset than ${shardDirs[0]} (preset, seed, counts or settings differ)`,
        dir,
      );
    }
    if (seen.has(info.shard.index)) throw inputError(`repeats shard ${info.shard.index}/${count}`, dir);
    seen.add(info.shard.index);
  });
  const missing = shardIndices(count).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw usageError(`shards ${missing.map((i) => `${i}/${count}`).join(", ")} are missing`);

  const { shard: _shard, splitCounts: _counts, ...merged } = first;
  const info = merged as DatasetInfo;
  prepareFolder(outDir, info);
  removeLeftovers(outDir);
  const already = doneIds(outDir);
  shardDirs.forEach((dir, k) => {
    const expected = shardIndices(first.total, infos[k].shard).length;
    const rows = readRecords(dir);
    if (rows.length !== expected) {
      throw inputError(
        `has ${rows.length} of its ${expected} samples; finish it by re-running its command`,
        dir,
      );
    }
    for (const row of rows) {
      if (already.has(row.id)) continue;
      for (const file of Object.values(row.files)) if (file) copyAtomic(join(dir, file), join(outDir, file));
      copyAtomic(recordPath(dir, row.id), recordPath(outDir, row.id));
    }
  });
  return finalizeFolder(outDir, info, first.total);
}

function readInfo(dir: string): DatasetInfo {
  const path = join(dir, "dataset.json");
  if (!existsSync(path))
    throw inputError("has no dataset.json; is it a folder made by `dataset generate --shard`?", dir);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as DatasetInfo;
  } catch {
    throw inputError("dataset.json is not valid JSON", path);
  }
}

function sameDataset(info: DatasetInfo): string {
  const { shard: _shard, splitCounts: _counts, toolVersion: _version, ...rest } = info;
  return JSON.stringify(rest);
}

function copyAtomic(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  const tmp = `${to}.${process.pid}.merge.tmp`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}
