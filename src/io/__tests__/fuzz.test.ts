import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { MUTATIONS, mutate } from "../fuzz/mutate.js";
import { runFuzz } from "../fuzz/runFuzz.js";
import { syntheticSeeds } from "../fuzz/seeds.js";

describe("fuzzing the readers (quick run; `npm run fuzz -- --n 10000` for the full one)", () => {
  it("400 damaged real and synthetic files: no crash, no hang, every rejection one line naming the file", async () => {
    // Each read is held to 1 s of CPU time (wall time would count the other jobs of a shared machine).
    const report = await runFuzz({ n: 400, seed: "npm-test", timeoutMs: 1000 });
    const failures = report.failures.map(
      (f) => `${f.kind} #${f.index} ${f.seed} ${f.mutations.join("+")}: ${f.message.slice(0, 300)}`,
    );
    expect(failures).toEqual([]);
    expect(report.ok + report.rejected).toBe(400);
    expect(report.rejected).toBeGreaterThan(100); // the mutations really damage files
    expect(report.peakAllocatedBytes).toBeLessThan(256 * 2 ** 20);
  }, 60_000);

  it("mutations are deterministic for a seed and every mutation kind is drawn", () => {
    const seed = syntheticSeeds()[0].bytes;
    const a = mutate(seed, new Rng("m"));
    const b = mutate(seed, new Rng("m"));
    expect(a.bytes).toEqual(b.bytes);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const m = mutate(seed, new Rng(["kinds", i]));
      for (const k of m.mutations) seen.add(k);
    }
    expect([...seen].sort()).toEqual([...MUTATIONS].sort());
  });
});
