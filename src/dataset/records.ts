import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../core/index.js";
import type { ManifestRow } from "./manifest.js";

/** Folder of the per-sample records inside a dataset folder. */
export const RECORDS_DIR = "records";

/** Path of a sample's record file. */
export function recordPath(dir: string, id: string): string {
  return join(dir, RECORDS_DIR, `${id}.json`);
}

/** Ids of the samples whose record exists (the samples that are done). */
export function doneIds(dir: string): Set<string> {
  const folder = join(dir, RECORDS_DIR);
  if (!existsSync(folder)) return new Set();
  return new Set(
    readdirSync(folder)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -5)),
  );
}

/** All records of a dataset folder, sorted by id (the manifest's order). */
export function readRecords(dir: string): ManifestRow[] {
  const ids = [...doneIds(dir)].sort();
  return ids.map((id) => {
    const path = recordPath(dir, id);
    try {
      return JSON.parse(readFileSync(path, "utf8")) as ManifestRow;
    } catch {
      throw inputError("record is not valid JSON; delete it and re-run the same command to remake it", path);
    }
  });
}

/**
 * Deletes the temporary files a killed run left behind (`*.tmp` from atomic writes), anywhere under the
 * dataset folder. Finished files are never touched.
 */
export function removeLeftovers(dir: string): number {
  let removed = 0;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".tmp")) {
        rmSync(path, { force: true });
        removed++;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return removed;
}
