import type { Command } from "commander";
import { Rng, usageError } from "../../core/index.js";
import {
  buildSpecimen,
  DEFAULT_BOX_NM,
  DEFAULT_GAP_NM,
  DEFAULT_SUPPORT_THICKNESS_NM,
  PARTICLE_ELEMENTS,
  SHAPE_DESCRIPTIONS,
  type SpecimenOptions,
  STRUCTURE_SHAPES,
  type Structure,
  structureFormatOf,
  writeStructure,
} from "../../structure/index.js";
import { parseChoice, parseCount, parseNumber, parsePositive } from "../options.js";

/** `nanocryst structure`: build one atomic model (particle on support) and write it. */
export function registerStructure(program: Command): void {
  const shapes = STRUCTURE_SHAPES.map((s) => `  ${s.padEnd(22)}${SHAPE_DESCRIPTIONS[s]}`).join("\n");
  program
    .command("structure")
    .description("Build an atomic model: a nanoparticle, randomly oriented, on an amorphous support")
    .requiredOption("--shape <shape>", `particle shape: ${STRUCTURE_SHAPES.join(", ")}`)
    .option("--diameter <nm>", "particle diameter [nm] (equal-volume diameter for faceted shapes)")
    .option("--shells <n>", "size in shells instead of --diameter (polyhedra, icosahedra, decahedra)")
    .option("--element <symbol>", `particle element: ${PARTICLE_ELEMENTS.join(", ")}`, "Au")
    .option("--support <species>", "support film: C, Si (same atom positions as C) or none", "C")
    .option("--support-thickness <nm>", "support thickness [nm]", String(DEFAULT_SUPPORT_THICKNESS_NM))
    .option("--support-density <g/cm3>", "target density of the carbon film [g/cm³]", "2.0")
    .option(
      "--box <nm>",
      "edge of the cubic cell [nm] (grows along z only if the stack needs it)",
      String(DEFAULT_BOX_NM),
    )
    .option(
      "--side <side>",
      "entrance: particle upstream of the support (beam along +z); exit: downstream",
      "entrance",
    )
    .option("--gap <nm>", "gap between the particle and the support surface [nm]", String(DEFAULT_GAP_NM))
    .option("--twin-planes <n>", "number of parallel {111} twin planes (shape twin)", "1")
    .option("--domains <n>", "polycrystal domains, 2 or 3 (default: either, 50 % each as in the paper)")
    .option("--crystal-frame", "keep the particle in its crystal frame instead of a random orientation")
    .option("--seed <n>", "random seed", "0")
    .requiredOption("--out <file>", "output file: .xyz (extended XYZ, Å), .cel (Dr. Probe) or .json")
    .addHelpText("after", `\nShapes:\n${shapes}\n`)
    .action((opts) => {
      const options = specimenOptions(opts);
      structureFormatOf(opts.out);
      const seed = parseCount("--seed", opts.seed);
      const structure = buildSpecimen(options, new Rng(["structure", seed]));
      writeStructure(opts.out, { ...structure, info: { ...structure.info, seed } });
      process.stdout.write(`${opts.out}: ${summary(structure)}\n`);
    });
}

function specimenOptions(opts: Record<string, string | boolean | undefined>): SpecimenOptions {
  const text = (key: string) => opts[key] as string;
  const shape = parseChoice("--shape", text("shape"), STRUCTURE_SHAPES);
  if (opts.diameter === undefined && opts.shells === undefined)
    throw usageError("give the particle size with --diameter <nm> (or --shells <n> for faceted shapes)");
  const domains =
    opts.domains === undefined ? undefined : parseChoice("--domains", text("domains"), ["2", "3"]);
  return {
    shape,
    diameterNm: opts.diameter === undefined ? 0 : parsePositive("--diameter", text("diameter")),
    shells: opts.shells === undefined ? undefined : parseCount("--shells", text("shells")),
    element: parseChoice("--element", text("element"), PARTICLE_ELEMENTS),
    support: parseChoice("--support", text("support"), ["C", "Si", "none"] as const),
    supportThicknessNm: parsePositive("--support-thickness", text("supportThickness")),
    supportDensityGPerCm3: parsePositive("--support-density", text("supportDensity")),
    boxNm: parsePositive("--box", text("box")),
    particleSide: parseChoice("--side", text("side"), ["entrance", "exit"] as const),
    gapNm: parseNumber("--gap", text("gap")),
    twinPlanes: parseCount("--twin-planes", text("twinPlanes")),
    polycrystalDomains: domains === undefined ? undefined : domains === "2" ? 2 : 3,
    randomOrientation: opts.crystalFrame !== true,
  };
}

/** One line describing a built structure. */
export function summary(structure: Structure): string {
  const i = structure.info;
  const cell = structure.cellAng;
  const parts = [
    `${structure.numbers.length} atoms (${i.particleAtoms} particle ${i.element}, ${i.supportAtoms} support${i.support === "none" ? "" : ` ${i.support}`})`,
    `${i.shape}, ${i.domains} domain${i.domains === 1 ? "" : "s"}, equivalent diameter ${Number(i.equivalentDiameterNm).toFixed(2)} nm`,
  ];
  if (typeof i.densityAtomsPerNm3 === "number")
    parts.push(`density ${i.densityAtomsPerNm3.toFixed(1)} atoms/nm³`);
  parts.push(`cell ${[cell.x, cell.y, cell.z].map((v) => (v / 10).toFixed(2)).join(" × ")} nm`);
  return parts.join(", ");
}
