import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { packagePath } from "../../core/index.js";

/** Runs the built executable as a user would (`npm test` builds first). */
export function runCli(args: string[], options: { cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [packagePath("bin", "nanocryst.js"), ...args], {
    encoding: "utf8",
    cwd: options.cwd,
    env: { ...process.env, NANOCRYST_DEBUG: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("nanocryst executable", () => {
  it("prints its version and exits 0", () => {
    const { code, stdout } = runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("answers an unknown command with one line on stderr and exit code 1", () => {
    const { code, stderr } = runCli(["no-such-command"]);
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/no-such-command/);
  });
});
