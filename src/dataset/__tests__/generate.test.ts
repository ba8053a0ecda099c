import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { MANIFEST_BASE_COLUMNS, readManifest } from "../manifest.js";
import { runSnapshotCli as runCli, spawnSnapshotCli } from "./cliSnapshot.js";
import { treeHashes } from "./files.js";

const root = mkdtempSync(join(tmpdir(), "nanocryst-dataset-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function generate(out: string, ...extra: string[]) {
  return runCli([
    "dataset",
    "generate",
    "--preset",
    "pattern",
    "--per-class",
    "4",
    "--pattern-size",
    "32",
    "--out",
    out,
    ...extra,
  ]);
}

describe("nanocryst dataset generate (pattern preset, built CLI)", () => {
  it("makes the same bytes from the same seed, and other bytes from another seed", () => {
    const a = join(root, "a");
    const b = join(root, "b");
    const c = join(root, "c");
    expect(generate(a, "--seed", "7").code).toBe(0);
    expect(generate(b, "--seed", "7", "--workers", "1").code).toBe(0);
    expect(generate(c, "--seed", "8").code).toBe(0);
    const ha = treeHashes(a);
    expect(treeHashes(b)).toEqual(ha);
    const hc = treeHashes(c);
    expect(hc["manifest.jsonl"]).not.toBe(ha["manifest.jsonl"]);
  });

  it("writes a complete manifest: every row has every column, every file exists", () => {
    const dir = join(root, "a");
    const rows = readManifest(dir);
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort());
    for (const row of rows) {
      expect(existsSync(join(dir, String(row.files.cutout)))).toBe(true);
      expect(existsSync(join(dir, String(row.files.mask)))).toBe(true);
      expect(row.files.cutout).toBe(`${row.split}/${row.label}/${row.id}.tif`);
      expect(Object.keys(row.params).length).toBeGreaterThan(1);
    }
    const csv = readFileSync(join(dir, "manifest.csv"), "utf8").trim().split("\n");
    const header = csv[0].split(",");
    expect(header.slice(0, MANIFEST_BASE_COLUMNS.length)).toEqual([...MANIFEST_BASE_COLUMNS]);
    expect(csv).toHaveLength(13);
    for (const line of csv.slice(1)) expect(line.split(",")).toHaveLength(header.length);
    const info = JSON.parse(readFileSync(join(dir, "dataset.json"), "utf8"));
    expect(info.counts).toEqual({ amorphous: 4, monocrystalline: 4, polycrystalline: 4 });
    expect(info.seed).toBe(7);
    expect(info.toolVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("merges N shards into exactly the bytes of one run", () => {
    const shards = [0, 1, 2].map((i) => join(root, `shard${i}`));
    shards.forEach((dir, i) => {
      expect(generate(dir, "--seed", "7", "--shard", `${i}/3`).code).toBe(0);
    });
    const merged = join(root, "merged");
    const result = runCli(["dataset", "merge", ...shards, "--out", merged]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(treeHashes(merged)).toEqual(treeHashes(join(root, "a")));
  });

  it("refuses to merge an incomplete set of shards", () => {
    const result = runCli([
      "dataset",
      "merge",
      join(root, "shard0"),
      join(root, "shard2"),
      "--out",
      join(root, "m2"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/shards 1\/3 are missing/);
  });

  it("resumes after kill -9 and ends with the bytes of an uninterrupted run", async () => {
    const args = ["--preset", "pattern", "--per-class", "200", "--pattern-size", "48", "--seed", "3"];
    const full = join(root, "full");
    expect(runCli(["dataset", "generate", ...args, "--out", full]).code).toBe(0);
    const killed = join(root, "killed");
    const child = spawnSnapshotCli(["dataset", "generate", ...args, "--out", killed]);
    const records = join(killed, "records");
    const started = Date.now();
    while (Date.now() - started < 30_000) {
      await new Promise((r) => setTimeout(r, 20));
      if (existsSync(records) && readdirSync(records).length >= 60) break;
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    const doneBefore = readdirSync(records).filter((f) => f.endsWith(".json")).length;
    expect(doneBefore).toBeGreaterThan(0);
    expect(doneBefore).toBeLessThan(600);
    expect(existsSync(join(killed, "manifest.jsonl"))).toBe(false);
    const rerun = runCli(["dataset", "generate", ...args, "--out", killed]);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/resumed/);
    expect(treeHashes(killed)).toEqual(treeHashes(full));
  });

  it("answers bad arguments with one line and exit code 1", () => {
    const cases: [string[], RegExp][] = [
      [["dataset", "generate", "--preset", "nope", "--out", join(root, "x")], /unknown preset "nope"/],
      [
        ["dataset", "generate", "--preset", "pattern", "--out", join(root, "x"), "--shard", "3/3"],
        /--shard expects I\/N/,
      ],
      [
        ["dataset", "generate", "--preset", "pattern", "--out", join(root, "x"), "--shard", "one"],
        /--shard expects I\/N/,
      ],
      [
        ["dataset", "generate", "--preset", "pattern", "--out", join(root, "x"), "--per-class", "0"],
        /--per-class/,
      ],
      [
        ["dataset", "generate", "--preset", "pattern", "--out", join(root, "a"), "--per-class", "5"],
        /different dataset/,
      ],
      [["dataset", "stats", join(root, "nowhere")], /no manifest\.jsonl/],
      // Errors inside worker threads keep their kind (here: usage → exit 1) and name the first sample.
      [
        [
          "dataset",
          "generate",
          "--preset",
          "poly",
          "--per-class",
          "1",
          "--grid",
          "128",
          "--pixel-size",
          "4",
        ].concat(["--out", join(root, "too-coarse")]),
        /sample 0: camera pixel 4 nm is larger than half the cell.*\(and 2 more samples failed\)/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      expect(result.code, args.join(" ")).toBe(1);
      // Progress lines ("N/M samples (…)") may precede it; the failure itself is one line.
      const errors = result.stderr
        .trim()
        .split("\n")
        .filter((line) => !/ samples \(/.test(line));
      expect(errors).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });

  it("previews and summarises a dataset", () => {
    const sheet = join(root, "sheet.png");
    const preview = runCli(["dataset", "preview", join(root, "a"), "--out", sheet, "--per-class", "3"]);
    expect(preview.code).toBe(0);
    expect(readFileSync(sheet).subarray(1, 4).toString()).toBe("PNG");
    const stats = runCli(["dataset", "stats", join(root, "a"), "--json"]);
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.stdout);
    expect(parsed.samples).toBe(12);
    expect(parsed.numeric.noiseDensity.min).toBe(0.5);
  });
});
