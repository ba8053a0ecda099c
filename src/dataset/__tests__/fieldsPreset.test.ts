import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readMicrograph } from "../../io/index.js";
import { CRYSTAL_CLASSES } from "../classes.js";
import { makeConfig } from "../config.js";
import { drawFieldMicroscope } from "../fields/simulateField.js";
import { readManifest } from "../manifest.js";
import { sampleRng } from "../sample.js";
import { runSnapshotCli as runCli, spawnSnapshotCli } from "./cliSnapshot.js";
import { treeHashes } from "./files.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-fields-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Small, coarse fields so the tests stay fast; the physics is that of the default preset. */
const args = (out: string, seed: string, count: string, ...extra: string[]) => [
  "dataset",
  "generate",
  "--preset",
  "fields",
  "--count",
  count,
  "--field-size",
  "128",
  "--max-sampling",
  "0.04",
  "--focal-points",
  "1",
  "--seed",
  seed,
  "--out",
  out,
  ...extra,
];

describe("nanocryst dataset generate --preset fields (built CLI)", () => {
  const full = join(root, "full");

  it("resumes after kill -9 with other worker counts and ends with the bytes of an uninterrupted run", async () => {
    expect(runCli(args(full, "5", "3", "--workers", "2")).code).toBe(0);
    const killed = join(root, "killed");
    const child = spawnSnapshotCli(args(killed, "5", "3", "--workers", "1"));
    const records = join(killed, "records");
    const started = Date.now();
    while (Date.now() - started < 60_000) {
      await new Promise((r) => setTimeout(r, 20));
      if (existsSync(records) && readdirSync(records).length >= 1) break;
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    expect(readdirSync(records).filter((f) => f.endsWith(".json")).length).toBeLessThan(3);
    expect(existsSync(join(killed, "manifest.jsonl"))).toBe(false);
    const rerun = runCli(args(killed, "5", "3", "--workers", "0"));
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/resumed/);
    expect(treeHashes(killed)).toEqual(treeHashes(full));
    const other = join(root, "other");
    expect(runCli(args(other, "6", "1", "--workers", "0")).code).toBe(0);
    expect(treeHashes(other)["manifest.jsonl"]).not.toBe(treeHashes(full)["manifest.jsonl"]);
  }, 120_000);

  it("records every particle: the truth matches the instance image, every file exists", async () => {
    const rows = readManifest(full);
    expect(rows).toHaveLength(3);
    const info = JSON.parse(readFileSync(join(full, "dataset.json"), "utf8"));
    expect(info.counts).toEqual({ field: 3 });
    expect(info.settings.field.sizePx).toBe(128);
    for (const row of rows) {
      expect(row.label).toBe("field");
      expect(row.pixelSizeNm).toBeGreaterThanOrEqual(0.02);
      expect(row.pixelSizeNm).toBeLessThanOrEqual(0.05);
      expect(row.params.doseEPerA2).toBeGreaterThanOrEqual(500);
      for (const file of [row.files.field, row.files.fieldMask, row.files.truth, row.files.microscope])
        expect(existsSync(join(full, String(file)))).toBe(true);
      const particles = row.particles ?? [];
      expect(particles.length).toBe(row.params.particles);
      const truthLines = readFileSync(join(full, String(row.files.truth)), "utf8")
        .trim()
        .split("\n");
      expect(truthLines).toHaveLength(particles.length + 1);
      const instances = await readMicrograph(join(full, String(row.files.fieldMask)));
      expect(instances.width).toBe(128);
      const areaPx = new Map<number, number>();
      for (const v of instances.data) if (v > 0) areaPx.set(v, (areaPx.get(v) ?? 0) + 1);
      // Every labelled particle is in the truth and vice versa; its ECD is that of its pixels.
      expect([...areaPx.keys()].sort((a, b) => a - b)).toEqual(particles.map((p) => p.id));
      const pixelNm = row.pixelSizeNm ?? 0;
      for (const p of particles) {
        expect(CRYSTAL_CLASSES as readonly string[]).toContain(p.label);
        const ecd = Math.sqrt((4 * (areaPx.get(p.id) ?? 0)) / Math.PI) * pixelNm;
        expect(p.ecdNm).toBeCloseTo(ecd, 6);
        expect(p.centroidXNm).toBeGreaterThanOrEqual(0);
        expect(p.centroidXNm).toBeLessThanOrEqual(128 * pixelNm);
      }
    }
    const csv = readFileSync(join(full, "manifest.csv"), "utf8").trim().split("\n");
    expect(csv).toHaveLength(4);
    for (const line of csv.slice(1)) expect(line.split(",")).toHaveLength(csv[0].split(",").length);
  });

  it("merges shards into the bytes of one run (truth and microscope files included)", () => {
    const shards = [0, 1].map((i) => join(root, `shard${i}`));
    shards.forEach((dir, i) => {
      expect(runCli(args(dir, "5", "3", "--workers", "0", "--shard", `${i}/2`)).code).toBe(0);
    });
    const merged = join(root, "merged");
    expect(runCli(["dataset", "merge", ...shards, "--out", merged]).code).toBe(0);
    expect(treeHashes(merged)).toEqual(treeHashes(full));
  }, 120_000);

  it("images fields-instruments fields through the instruments recipe's microscope, recorded per field", () => {
    const dir = join(root, "instruments");
    const cli = runCli(
      args(dir, "7", "2", "--workers", "0").map((a) => (a === "fields" ? "fields-instruments" : a)),
    );
    expect(cli.code).toBe(0);
    const config = makeConfig("fields-instruments", { seed: 7, perClass: 2 });
    for (const row of readManifest(dir)) {
      // the sample's stream as generateFieldSample forks it: pixel and density first, then the field itself
      const rng = sampleRng(config, row.index);
      rng.fork("field-draw");
      const expected = drawFieldMicroscope(rng.fork("field").fork("microscope"), true);
      const written = JSON.parse(readFileSync(join(dir, String(row.files.microscope)), "utf8"));
      expect(written).toEqual(expected);
      expect(row.params.voltageKv).toBe(expected.voltageKv);
    }
    const info = JSON.parse(readFileSync(join(dir, "dataset.json"), "utf8"));
    expect(info.parameterRanges.voltageKv.values).toEqual([80, 200, 300]);
  }, 120_000);

  it("records the simulation conventions it is given, and only those", () => {
    const out = join(root, "conventions");
    const result = runCli(
      args(out, "3", "1", "--parametrization", "lobato", "--slice", "0.1", "--phonons", "2"),
    );
    expect(result.code).toBe(0);
    const { field } = JSON.parse(readFileSync(join(out, "dataset.json"), "utf8")).settings;
    expect(field).toMatchObject({ parametrization: "lobato", sliceThicknessNm: 0.1, phonons: 2 });
    const info = JSON.parse(readFileSync(join(full, "dataset.json"), "utf8"));
    for (const key of ["parametrization", "sliceThicknessNm", "phonons"])
      expect(info.settings.field).not.toHaveProperty(key);
  }, 120_000);

  it("refuses --count with a class preset, a too small field and particle-simulation flags, with one line", () => {
    for (const [extra, message] of [
      [["--preset", "pattern", "--count", "3"], /--count is for the fields preset/],
      [["--preset", "fields", "--field-size", "16"], /--field-size must be at least 64/],
      [
        ["--preset", "fields-instruments", "--grid", "128", "--box", "8"],
        /--box, --grid are not read by the fields-instruments preset/,
      ],
      [["--preset", "fields", "--noise-free"], /--noise-free is not read by the fields preset/],
    ] as const) {
      const result = runCli(["dataset", "generate", ...extra, "--out", join(root, "bad")]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});
