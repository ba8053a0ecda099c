import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { architecture } from "../architecture.js";
import { Engine } from "../engine.js";
import { type Model, modelJson } from "../model.js";
import { predict } from "../predict.js";
import { prepareInputs, prepareViews, SYMMETRY_VIEWS } from "../prepare.js";
import type { ParticleImage } from "../resample.js";
import { initialWeights } from "../weights.js";
import { toyParticle } from "./toy.js";

/** The particle turned by 90° counter-clockwise (rows and columns of image and mask). */
function quarterTurn(p: ParticleImage): ParticleImage {
  const { width: w, height: h } = p;
  const data = new Float32Array(w * h);
  const mask = new Uint8Array(w * h);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) {
      data[(w - 1 - c) * h + r] = p.data[r * w + c];
      mask[(w - 1 - c) * h + r] = p.mask?.[r * w + c] ?? 1;
    }
  return { ...p, data, mask, width: h, height: w };
}

describe("symmetry views at inference", () => {
  it("are the eight distinct rotations and mirrors of the square", () => {
    const keys = SYMMETRY_VIEWS.map((g) => `${Math.round((2 * g.rotationRad) / Math.PI)}:${g.flipX}`);
    expect(new Set(keys).size).toBe(8);
  });

  it("prepared by permuting one resampled image, spectrum and set of lattice maps equal each view resampled afresh", () => {
    const rng = new Rng("permuted views");
    const particles = [toyParticle(rng, true).particle, toyParticle(rng, false).particle];
    for (const [crop, pixelSizeNm, phase] of [
      [64, 0.08, false],
      [128, 0.04, false],
      [128, 0.04, true],
    ] as const) {
      const arch = architecture("tiny", 3, crop, crop / 32, 4, phase);
      const fast = prepareViews(particles, arch, pixelSizeNm, SYMMETRY_VIEWS);
      SYMMETRY_VIEWS.forEach((view, v) => {
        const slow = prepareInputs(particles, arch, pixelSizeNm, undefined, view);
        let worst = 0;
        for (let i = 0; i < slow.images.length; i++)
          worst = Math.max(worst, Math.abs(slow.images[i] - fast[v].images[i]));
        for (let i = 0; i < slow.spectra.length; i++)
          worst = Math.max(worst, Math.abs(slow.spectra[i] - fast[v].spectra[i]));
        for (let i = 0; i < slow.lattice.length; i++)
          worst = Math.max(worst, Math.abs(slow.lattice[i] - fast[v].lattice[i]));
        expect(slow.lattice.length).toBe(particles.length * (phase ? 8 : 4) * (crop / arch.imageStemPx) ** 2);
        expect(worst).toBeLessThan(1e-4);
      });
    }
  });

  it("make the answer invariant to a quarter turn of the particle, which one view is not", async () => {
    const arch = architecture("tiny", 3, 64);
    const rng = new Rng("views");
    const weights = initialWeights(arch, rng);
    for (const [name, t] of Object.entries(weights))
      if (name === "dense.w") for (let i = 0; i < t.data.length; i++) t.data[i] *= 30;
    const engine = await Engine.create(arch, weights);
    const model: Model = {
      dir: "",
      meta: modelJson(["a", "b", "c"], arch, 0.08),
      engine,
      classes: ["a", "b", "c"],
    };
    try {
      const particles = [0, 1, 2, 3].map((i) => toyParticle(rng, i % 2 === 1).particle);
      const turned = particles.map(quarterTurn);
      const one = [await predict(model, particles, { views: 1 }), await predict(model, turned, { views: 1 })];
      const eight = [
        await predict(model, particles, { views: 8 }),
        await predict(model, turned, { views: 8 }),
      ];
      let oneViewChange = 0;
      for (let i = 0; i < particles.length; i++)
        for (let k = 0; k < 3; k++) {
          expect(eight[1][i][k]).toBeCloseTo(eight[0][i][k], 4);
          oneViewChange = Math.max(oneViewChange, Math.abs(one[1][i][k] - one[0][i][k]));
        }
      expect(oneViewChange).toBeGreaterThan(1e-3);
    } finally {
      engine.dispose();
    }
  });
});
