import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { proposeTrial, readTrials, type Trial } from "../tune.js";

/** A synthetic objective with its optimum at lr = 1e-3, augmentation 0.5. */
function trial(i: number, lr: number, augmentStrength: number): Trial {
  const valLoss = (Math.log10(lr) + 3) ** 2 + (augmentStrength - 0.5) ** 2;
  return {
    trial: i,
    params: { lr, batchSize: 32, weightDecay: 1e-4, augmentStrength },
    valLoss,
    valAccuracy: 0,
    epochs: 1,
    seconds: 0,
  };
}

describe("TPE hyper-parameter proposals", () => {
  it("stay within the searched ranges and are deterministic for a seed", () => {
    for (let t = 0; t < 20; t++) {
      const p = proposeTrial([], new Rng([1, t]));
      expect(p.lr).toBeGreaterThanOrEqual(1e-4);
      expect(p.lr).toBeLessThanOrEqual(3e-2);
      expect([16, 32, 64]).toContain(p.batchSize);
      expect(p.augmentStrength).toBeGreaterThanOrEqual(0);
      expect(p.augmentStrength).toBeLessThanOrEqual(1.5);
    }
    expect(proposeTrial([], new Rng(5))).toEqual(proposeTrial([], new Rng(5)));
  });

  it("after the random start, proposals concentrate near the best trials", () => {
    const history = [
      trial(0, 1e-4, 1.4),
      trial(1, 2e-2, 0.1),
      trial(2, 1.1e-3, 0.5),
      trial(3, 5e-3, 1.2),
      trial(4, 3e-4, 0.9),
      trial(5, 9e-4, 0.6),
      trial(6, 2.5e-2, 1.5),
      trial(7, 1.5e-4, 0.0),
    ];
    const distance = (lr: number) => Math.abs(Math.log10(lr) + 3);
    let tpe = 0;
    let random = 0;
    for (let t = 0; t < 40; t++) {
      tpe += distance(proposeTrial(history, new Rng([2, t])).lr);
      random += distance(proposeTrial([], new Rng([2, t])).lr);
    }
    expect(tpe / 40).toBeLessThan(0.6 * (random / 40));
  });

  it("a trial that diverged before its first validation is read back as the worst, not as a loss of 0", () => {
    const dir = mkdtempSync(join(tmpdir(), "nanocryst-tune-"));
    try {
      const history = [trial(0, 1e-4, 1.4), trial(1, 1.1e-3, 0.5), trial(2, 5e-3, 1.2), trial(3, 3e-4, 0.9)];
      // the diverged trial sits far from the optimum; JSON writes its Infinity as null
      history.push({ ...trial(4, 2.8e-2, 1.5), valLoss: Infinity });
      const file = join(dir, "trials.jsonl");
      writeFileSync(file, history.map((t) => `${JSON.stringify(t)}\n`).join(""));
      const read = readTrials(file);
      expect(read[4].valLoss).toBe(Infinity);
      let nearDiverged = 0;
      for (let t = 0; t < 40; t++) {
        const { lr } = proposeTrial(read, new Rng([3, t]));
        if (Math.abs(Math.log10(lr / 2.8e-2)) < Math.abs(Math.log10(lr / 1.1e-3))) nearDiverged++;
      }
      expect(nearDiverged).toBeLessThan(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
