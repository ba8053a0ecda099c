/**
 * Atomic-model building speed. Issue #2's target: a 6 nm cell with a 3 nm gold particle on a 3 nm carbon
 * support (≈ 11,700 atoms) built in under 0.5 s on one core. Baseline: filling the same number of
 * positions with random numbers (the cost floor of any builder). CPU time per run is reported beside the
 * wall time, since other jobs on a shared machine inflate wall time.
 */
import { Rng } from "../src/core/index.js";
import {
  buildSpecimen,
  formatStructure,
  type SpecimenOptions,
  type Structure,
} from "../src/structure/index.js";
import { type BenchResult, report, time } from "./harness.js";

const PAPER_CELL: Omit<SpecimenOptions, "shape"> = { diameterNm: 3, supportThicknessNm: 3, boxNm: 6 };

/** Times `fn` and adds its mean CPU time per run [ms] and the atom count to the result. */
async function timed(name: string, fn: () => Structure | unknown, runs: number): Promise<BenchResult> {
  let atoms = 0;
  const cpu0 = process.cpuUsage();
  const result = await time(
    name,
    () => {
      const s = fn();
      if (s && typeof s === "object" && "numbers" in s) atoms = (s as Structure).numbers.length;
    },
    runs,
  );
  const cpu = process.cpuUsage(cpu0);
  result.extra = { cpuMsPerRun: ((cpu.user + cpu.system) / 1000 / (runs + 1)).toFixed(1) };
  if (atoms > 0) result.extra.atoms = atoms;
  return result;
}

/** Runs the structure benchmark. */
export async function benchStructure(): Promise<void> {
  const runs = 7;
  let seed = 0;
  const reference = buildSpecimen({ shape: "sphere", ...PAPER_CELL }, new Rng(0));
  const atoms = reference.numbers.length;
  const baseline = await timed(
    `fill ${atoms} random positions`,
    () => {
      const rng = new Rng(seed++);
      const p = new Float64Array(3 * atoms);
      for (let i = 0; i < p.length; i++) p[i] = 60 * rng.uniform();
      return p;
    },
    runs,
  );
  const cases: BenchResult[] = [];
  cases.push(
    await timed(
      "3 nm Au sphere alone",
      () => buildSpecimen({ shape: "sphere", ...PAPER_CELL, support: "none" }, new Rng(seed++)),
      runs,
    ),
  );
  for (const shape of ["sphere", "icosahedron", "polycrystal", "amorphous"] as const) {
    cases.push(
      await timed(
        `6 nm cell: 3 nm Au ${shape} on 3 nm C`,
        () => buildSpecimen({ shape, ...PAPER_CELL }, new Rng(seed++)),
        runs,
      ),
    );
  }
  cases.push(
    await timed("write extended XYZ text of the sphere cell", () => formatStructure(reference, "xyz"), runs),
  );
  report("structure: atomic models (target: 3 nm Au on 3 nm C in a 6 nm cell < 500 ms)", baseline, cases);
}
