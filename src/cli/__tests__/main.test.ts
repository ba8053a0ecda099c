import { describe, expect, it } from "vitest";
import { runCli } from "./runCli.js";

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
