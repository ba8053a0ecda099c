import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../../cli/__tests__/runCli.js";
import { writeTiffFloat32 } from "../../io/index.js";
import { discField, FIVE_DISCS } from "./synthetic.js";

const dir = mkdtempSync(join(tmpdir(), "nanocryst-analyze-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("nanocryst analyze", () => {
  test("a damaged file among good ones: reported, the others analysed, exit 1", () => {
    const good = join(dir, "good.tif");
    writeTiffFloat32(good, discField(FIVE_DISCS, 200, 0.03, "cli"));
    const broken = join(dir, "broken.tif");
    writeFileSync(broken, "this is not a TIFF file");
    const out = join(dir, "out");
    const result = runCli([
      "analyze",
      good,
      broken,
      "--out",
      out,
      "--detector",
      "classic",
      "--feature",
      "intensity",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`[2/2] ${broken}: skipped`);
    expect(result.stderr).toMatch(/1 of 2 micrographs could not be analysed/);
    expect(result.stdout).toMatch(/report: .*report\.html/);
    const rows = readFileSync(join(out, "particles.csv"), "utf8").trim().split("\n");
    expect(rows).toHaveLength(1 + FIVE_DISCS.length);
    expect(existsSync(join(out, "good", "overlay.png"))).toBe(true);
  });

  test("an unknown detector or a missing segmentation model: one line, exit 1", () => {
    const image = join(dir, "net.tif");
    writeTiffFloat32(image, discField(FIVE_DISCS, 200, 0.03, "net"));
    const cases: [string[], RegExp][] = [
      [["--detector", "deep"], /--detector/],
      [
        ["--detector", "net", "--segmentation-model", join(dir, "nowhere")],
        /nowhere.*no segmentation model here/,
      ],
      [
        ["--detector", "classic", "--segmentation-model", join(dir, "nowhere")],
        /--segmentation-model needs --detector net/,
      ],
      [
        ["--detector", "net", "--feature", "intensity"],
        /--feature sets the classical detector; add --detector classic/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = runCli(["analyze", image, "--out", join(dir, "net-out"), ...args]);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });

  test("auto detector: coarse pixels (no lattice fringes) go to the classical detector, with a warning", () => {
    const image = join(dir, "coarse.tif");
    // 0.15 nm pixels cannot sample fcc {111} fringes (d ≈ 0.21–0.24 nm needs ≤ 0.11 nm)
    writeTiffFloat32(image, discField(FIVE_DISCS, 200, 0.15, "coarse"));
    const out = join(dir, "coarse-out");
    const result = runCli(["analyze", image, "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("5 particles (classic detector)");
    expect(result.stderr).toMatch(/do not resolve lattice fringes/);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.micrographs[0].detector).toBe("classic");
    expect(summary.micrographs[0].polarity).toBe("dark");
  });

  test("a field whose particles are all cut by the border: none found, and the note says why", () => {
    const image = join(dir, "cut.tif");
    const cut = FIVE_DISCS.map((d, i) => ({ ...d, x: i % 2 === 0 ? 5 : 195 }));
    writeTiffFloat32(image, discField(cut, 200, 0.15, "cut"));
    const result = runCli(["analyze", image, "--out", join(dir, "cut-out")]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("0 particles");
    expect(result.stderr).toContain("--keep-border keeps them");
    const kept = runCli(["analyze", image, "--keep-border", "--out", join(dir, "cut-kept")]);
    expect(kept.stderr).toContain("5 particles");
    expect(kept.stderr).not.toContain("--keep-border keeps them");
  });

  test("an image without calibration needs --pixel-size", () => {
    const plain = join(dir, "plain.tif");
    const { data, width, height } = discField(FIVE_DISCS, 200, 0.03, "plain");
    writeTiffFloat32(plain, { data, width, height, pixelSizeNm: null });
    const result = runCli(["analyze", plain, "--out", join(dir, "plain-out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--pixel-size");
    expect(
      runCli([
        "analyze",
        plain,
        "--out",
        join(dir, "plain-out"),
        "--pixel-size",
        "0.03",
        "--detector",
        "classic",
        "--feature",
        "intensity",
      ]).code,
    ).toBe(0);
  });
});
