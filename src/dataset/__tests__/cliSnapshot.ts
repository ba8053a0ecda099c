import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../core/index.js";
import type { CliResult } from "../../cli/__tests__/runCli.js";

/** Newest modification time [ms] of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const stat = statSync(join(dir, name));
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(join(dir, name)) : stat.mtimeMs);
  }
  return newest;
}

let snapshot: string | null = null;

/**
 * A private copy of the built package (dist, bin, package.json; node_modules and data linked), taken while
 * no build is writing `dist/`. The CLI tests run it instead of the shared `dist/`, which parallel builds
 * in the same working tree rewrite file by file (a worker thread loading a half-written module fails).
 */
export function builtPackageSnapshot(): string {
  if (snapshot) return snapshot;
  const root = packageRoot();
  const dist = join(root, "dist");
  for (let attempt = 0; attempt < 60; attempt++) {
    const before = newestMtime(dist);
    if (Date.now() - before < 2000) {
      spawnSync("sleep", ["1"]);
      continue;
    }
    const dir = mkdtempSync(join(tmpdir(), "nanocryst-cli-"));
    for (const part of ["dist", "bin", "package.json"])
      cpSync(join(root, part), join(dir, part), { recursive: true });
    for (const part of ["node_modules", "data"]) symlinkSync(join(root, part), join(dir, part));
    if (newestMtime(dist) === before) {
      snapshot = dir;
      // rm does not follow the node_modules and data links.
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
      return dir;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error("dist/ kept changing for a minute; cannot take a stable copy of the built package");
}

/** Runs `nanocryst` from the snapshot, like `runCli`. */
export function runSnapshotCli(args: string[], timeoutMs = 120_000): CliResult {
  const result = spawnSync(process.execPath, [join(builtPackageSnapshot(), "bin", "nanocryst.js"), ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, NANOCRYST_DEBUG: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts `nanocryst` from the snapshot in the background (for the kill -9 test). */
export function spawnSnapshotCli(args: string[]) {
  return spawn(process.execPath, [join(builtPackageSnapshot(), "bin", "nanocryst.js"), ...args], {
    stdio: "ignore",
  });
}
