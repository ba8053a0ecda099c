import { join } from "node:path";
import type { Command } from "commander";
import { Rng } from "../../core/index.js";
import { parseCount } from "../options.js";
import { buildSpecimen, type SpecimenOptions, writeStructure } from "../../structure/index.js";
import { summary } from "./structure.js";

/** The example particles `npm start` builds: one of each kind on carbon, one on silicon. */
const EXAMPLES: readonly (SpecimenOptions & { name: string })[] = [
  { name: "sphere-on-C", shape: "sphere", diameterNm: 2.5 },
  { name: "cuboctahedron-on-C", shape: "cuboctahedron", diameterNm: 0, shells: 4 },
  { name: "truncated-octahedron-on-C", shape: "truncated-octahedron", diameterNm: 2.5 },
  { name: "octahedron-on-C", shape: "octahedron", diameterNm: 2.5 },
  { name: "cube-on-C", shape: "cube", diameterNm: 2.5 },
  { name: "icosahedron-on-C", shape: "icosahedron", diameterNm: 0, shells: 4 },
  { name: "ino-decahedron-on-C", shape: "ino-decahedron", diameterNm: 2.5 },
  { name: "marks-decahedron-on-C", shape: "marks-decahedron", diameterNm: 2.5 },
  { name: "twin-on-C", shape: "twin", diameterNm: 2.5 },
  { name: "lamellar-twin-on-C", shape: "twin", diameterNm: 2.5, twinPlanes: 3 },
  { name: "polycrystal-on-C", shape: "polycrystal", diameterNm: 2.5 },
  { name: "amorphous-on-C", shape: "amorphous", diameterNm: 2.5 },
  { name: "sphere-on-Si", shape: "sphere", diameterNm: 2.5, support: "Si" },
];

/** `nanocryst example`: builds example atomic models into OUT/examples/*.xyz. */
export function registerExample(program: Command): void {
  program
    .command("example")
    .description("Build example atomic models (one of each kind on carbon, one on silicon) into DIR/examples")
    .option("--out <dir>", "output folder", "out")
    .option("--seed <n>", "random seed", "0")
    .action((opts) => {
      const seed = parseCount("--seed", opts.seed);
      for (const { name, ...options } of EXAMPLES) {
        const path = join(opts.out, "examples", `${name}.xyz`);
        const structure = buildSpecimen(options, new Rng(["example", name, seed]));
        writeStructure(path, structure);
        process.stdout.write(`${path}: ${summary(structure)}\n`);
      }
    });
}
