import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NanocrystError, Rng } from "../../core/index.js";
import { parseStructure, readStructure, STRUCTURE_FORMATS, writeStructure } from "../formats/index.js";
import { buildSpecimen } from "../specimen.js";

/** The one line the CLI would print for the error `fn` throws. */
function errorLine(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof NanocrystError && error.kind === "input") return error.oneLine();
    throw error;
  }
  throw new Error("expected an input error");
}

const dir = mkdtempSync(join(tmpdir(), "nanocryst-structure-"));
const original = buildSpecimen(
  { shape: "twin", diameterNm: 1.5, boxNm: 4, supportThicknessNm: 1, twinPlanes: 2 },
  new Rng("formats"),
);

describe("structure files", () => {
  for (const format of STRUCTURE_FORMATS) {
    it(`${format}: a round trip keeps species, positions, region, domain, cell and info`, () => {
      const path = join(dir, `round.${format}`);
      writeStructure(path, original);
      const back = readStructure(path);
      expect(back.cellAng).toEqual(original.cellAng);
      expect(back.numbers).toEqual(original.numbers);
      expect(back.region).toEqual(original.region);
      expect(back.domain).toEqual(original.domain);
      expect(new Set(original.domain).size).toBeGreaterThan(2);
      let worst = 0;
      for (let i = 0; i < original.positionsAng.length; i++)
        worst = Math.max(worst, Math.abs(back.positionsAng[i] - original.positionsAng[i]));
      expect(worst).toBeLessThan(format === "json" ? 1e-12 : 1e-6);
      expect(back.info).toEqual(original.info);
      // writing what was read gives the same bytes
      const again = join(dir, `again.${format}`);
      writeStructure(again, back);
      expect(readStructure(again)).toEqual(back);
    });
  }

  it("cel: the layout Dr. Probe reads (cell in nm on line 2, 9 columns per atom, Biso in nm², '*' last)", () => {
    const path = join(dir, "layout.cel");
    writeStructure(path, original);
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines[1].trim().split(/\s+/).map(Number)).toEqual([0, 4, 4, original.cellAng.z / 10, 90, 90, 90]);
    expect(lines.at(-1)).toBe("*");
    expect(lines).toHaveLength(original.numbers.length + 3);
    const gold = lines[2].split(" ");
    expect(gold[0]).toBe("Au");
    for (const f of gold.slice(1, 4)) expect(Number(f)).toBeGreaterThanOrEqual(0);
    expect(Number(gold[4])).toBe(1); // occupancy
    expect(Number(gold[5])).toBeCloseTo(0.006, 9); // Au B = 0.6 Å² = 0.006 nm²
    expect(gold.slice(6, 9).map(Number)).toEqual([0, 0, 0]);
  });

  it("xyz: a plain XYZ with a Lattice but no region/domain reads as particle atoms of unknown domain", () => {
    const s = parseStructure('2\nLattice="10 0 0 0 10 0 0 0 10"\nAu 1 2 3\nC 4 5 6\n', "xyz", "plain.xyz");
    expect(Array.from(s.numbers)).toEqual([79, 6]);
    expect(Array.from(s.region)).toEqual([0, 0]);
    expect(Array.from(s.domain)).toEqual([-1, -1]);
  });

  it("xyz info strings that look like numbers or contain quotes survive", () => {
    const s = { ...original, info: { label: "12", note: 'a "quoted" word', flag: true, n: 3 } };
    const path = join(dir, "info.xyz");
    writeStructure(path, s);
    expect(readStructure(path).info).toEqual(s.info);
  });

  const bad: [string, string, RegExp][] = [
    ["count.xyz", "two\n", /count\.xyz: line 1: expected the number of atoms/],
    ["lattice.xyz", "1\nProperties=species:S:1:pos:R:3\nAu 0 0 0\n", /line 2: no Lattice/],
    [
      "number.xyz",
      '1\nLattice="5 0 0 0 5 0 0 0 5"\nAu 0 x 0\n',
      /number\.xyz: line 3: position "x" is not a number/,
    ],
    ["short.xyz", '2\nLattice="5 0 0 0 5 0 0 0 5"\nAu 0 0 0\n', /line 4: expected 4 columns, found 0/],
    ["element.xyz", '1\nLattice="5 0 0 0 5 0 0 0 5"\nQq 0 0 0\n', /line 3: unknown element "Qq"/],
    ["cell.cel", "comment\n0 1 1\n*\n", /cell\.cel: line 2: expected "0 a b c alpha beta gamma"/],
    ["atom.cel", "comment\n0 1 1 1 90 90 90\nAu 0.1 0.2\n*\n", /atom\.cel: line 3: expected symbol/],
    ["angle.cel", "comment\n0 1 1 1 90 90 120\n*\n", /only orthorhombic/],
    ["broken.json", "{", /broken\.json: not valid JSON/],
    ["field.json", '{"format":"nanocryst-structure","version":1}', /field\.json: field cellAng/],
  ];
  for (const [name, text, message] of bad) {
    it(`bad file ${name}: one clear input error with file and line`, () => {
      const path = join(dir, name);
      writeFileSync(path, text);
      expect(errorLine(() => readStructure(path))).toMatch(message);
    });
  }

  it("an unknown extension or a missing file is an input error naming the file", () => {
    expect(errorLine(() => readStructure(join(dir, "x.pdb")))).toMatch(
      /x\.pdb: unknown structure file extension/,
    );
    expect(errorLine(() => readStructure(join(dir, "missing.xyz")))).toMatch(
      /missing\.xyz: cannot read the file \(ENOENT\)/,
    );
  });
});
