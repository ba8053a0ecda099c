import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/__tests__/runCli.js";
import { readStructure } from "../formats/index.js";

// Runs the built executable (`npm test` builds dist/ first).
const dir = mkdtempSync(join(tmpdir(), "nanocryst-structure-cli-"));

describe("nanocryst structure", () => {
  it("writes the model and prints a one-line summary; the same seed gives the same bytes", () => {
    const out = join(dir, "ico.xyz");
    const args = ["structure", "--shape", "icosahedron", "--shells", "3", "--support", "Si", "--seed", "4"];
    const run = runCli([...args, "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(run.stdout).toMatch(/147 particle Au, \d+ support Si\), icosahedron, 20 domains/);
    const first = readFileSync(out);
    const s = readStructure(out);
    expect(s.info.seed).toBe(4);
    expect(runCli([...args, "--out", out]).code).toBe(0);
    expect(readFileSync(out).equals(first)).toBe(true);
    expect(runCli([...args.slice(0, -1), "5", "--out", out]).code).toBe(0);
    expect(readFileSync(out).equals(first)).toBe(false);
  });

  it("reports the density of amorphous particles", () => {
    const run = runCli([
      "structure",
      "--shape",
      "amorphous",
      "--diameter",
      "1.5",
      "--out",
      join(dir, "a.cel"),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/density \d+\.\d atoms\/nm³/);
  });

  const bad: [string, string[], RegExp][] = [
    [
      "an unknown shape",
      ["--shape", "blob", "--diameter", "2"],
      /--shape must be one of sphere, .*; got "blob"/,
    ],
    ["a negative size", ["--shape", "sphere", "--diameter", "-1"], /--diameter must be greater than 0/],
    [
      "a particle too large for the cell",
      ["--shape", "sphere", "--diameter", "5.5"],
      /does not fit in a 6 nm cell/,
    ],
    ["a missing size", ["--shape", "cube"], /give the particle size with --diameter/],
    [
      "an unknown output format",
      ["--shape", "cube", "--diameter", "2", "--out", "x.pdb"],
      /unknown structure file extension/,
    ],
  ];
  for (const [what, args, message] of bad) {
    it(`${what}: exit 1 with one clear line`, () => {
      const withOut = args.includes("--out") ? args : [...args, "--out", join(dir, "bad.xyz")];
      const run = runCli(["structure", ...withOut]);
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    });
  }

  it("--help describes every shape", () => {
    const run = runCli(["structure", "--help"]);
    expect(run.code).toBe(0);
    for (const shape of [
      "sphere",
      "cuboctahedron",
      "icosahedron",
      "marks-decahedron",
      "twin",
      "polycrystal",
      "amorphous",
    ])
      expect(run.stdout).toMatch(new RegExp(`\\n  ${shape} +\\S`));
  });
});

describe("nanocryst example", () => {
  it("writes one example of each kind on carbon and one on silicon", () => {
    const run = runCli(["example", "--out", dir]);
    expect(run.code).toBe(0);
    const files = readdirSync(join(dir, "examples")).sort();
    expect(files).toContain("sphere-on-Si.xyz");
    expect(files).toContain("amorphous-on-C.xyz");
    expect(files).toContain("polycrystal-on-C.xyz");
    expect(run.stdout.trim().split("\n")).toHaveLength(files.length);
    const ico = readStructure(join(dir, "examples", "icosahedron-on-C.xyz"));
    expect(ico.info.domains).toBe(20);
  });
});
