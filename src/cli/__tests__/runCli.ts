import { spawnSync } from "node:child_process";
import { packagePath } from "../../core/index.js";

/** Result of running the built `nanocryst` executable. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built executable as a user would (`npm test` builds `dist/` first). */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, [packagePath("bin", "nanocryst.js"), ...args], {
    encoding: "utf8",
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, NANOCRYST_DEBUG: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
