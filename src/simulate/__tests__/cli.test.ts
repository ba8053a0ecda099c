import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../cli/__tests__/runCli.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-simulate-"));
const xyz = join(dir, "atoms.xyz");
writeFileSync(
  xyz,
  [
    "2",
    'Lattice="16 0 0 0 16 0 0 0 10" Properties=species:S:1:pos:R:3:region:S:1:domain:I:1',
    "Au 8 8 5 particle 0",
    "C 3 3 5 support -1",
    "",
  ].join("\n"),
);

describe("nanocryst simulate", () => {
  it("writes a float32 TIFF, the mask and the exit wave", () => {
    const out = join(dir, "image.tif");
    const r = runCli([
      "simulate",
      xyz,
      "--out",
      out,
      "--grid",
      "64",
      "--phonons",
      "2",
      "--pixel-size",
      "0.05",
      "--defocus",
      "-3",
      "--mask",
      join(dir, "mask.png"),
      "--exit-wave",
      join(dir, "exit.tif"),
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/32 × 32 px at 0.05 nm/);
    expect(readFileSync(out).length).toBeGreaterThan(32 * 32 * 4);
    expect(readFileSync(join(dir, "mask.png")).length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, "exit-phase.tif")).length).toBeGreaterThan(64 * 64 * 4);
  });
  it("reads a YAML microscope and writes a 16-bit PNG", () => {
    const config = join(dir, "scope.yaml");
    writeFileSync(config, "voltageKv: 200\ncsUm: 10\ndefocusNm: 2\n");
    const r = runCli([
      "simulate",
      xyz,
      "--out",
      join(dir, "image.png"),
      "--grid",
      "64",
      "--phonons",
      "1",
      "--config",
      config,
    ]);
    expect(r.code).toBe(0);
  });
  const bad: [string, string[], RegExp][] = [
    ["an unreadable structure", [join(dir, "missing.xyz"), "--out", join(dir, "x.tif")], /missing\.xyz/],
    [
      "impossible sampling (grid not a power of two)",
      [xyz, "--out", join(dir, "x.tif"), "--grid", "100"],
      /power of two/,
    ],
    [
      "a camera pixel larger than half the cell",
      [xyz, "--out", join(dir, "x.tif"), "--pixel-size", "1"],
      /pixel/,
    ],
    ["a negative dose", [xyz, "--out", join(dir, "x.tif"), "--dose", "-10"], /--dose/],
    ["an unknown output format", [xyz, "--out", join(dir, "x.jpg")], /\.tif or \.png/],
    [
      "an invalid microscope file",
      [xyz, "--out", join(dir, "x.tif"), "--config", join(dir, "bad.json")],
      /bad\.json.*voltageKv/,
    ],
  ];
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ voltageKv: -3 }));
  for (const [name, args, message] of bad) {
    it(`exits 1 with one clear line for ${name}`, () => {
      const r = runCli(["simulate", ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }
});
