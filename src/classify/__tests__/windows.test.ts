import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { loadModel } from "../model.js";
import { predict } from "../predict.js";
import { type ParticleImage, resampleParticle } from "../resample.js";
import { combineWindows, particleExtentNm, particleWindows } from "../windows.js";
import { toyParticle } from "./toy.js";

const PIXEL_NM = 0.04;
const VIEW = { pixelSizeNm: 0.04, cropPx: 128 }; // the shipped models' view of 5.12 nm
const FIELD_NM = VIEW.pixelSizeNm * VIEW.cropPx;

/** A disc of `diameterNm` with a noisy texture, centred in a square image with a 10 px margin. */
function disc(diameterNm: number, rng: Rng, pixelNm = PIXEL_NM): ParticleImage {
  const radiusPx = diameterNm / pixelNm / 2;
  const size = Math.ceil(2 * radiusPx) + 20;
  const data = new Float32Array(size * size).fill(1);
  const mask = new Uint8Array(size * size);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (Math.hypot(r - (size - 1) / 2, c - (size - 1) / 2) <= radiusPx) {
        mask[r * size + c] = 1;
        data[r * size + c] = 0.8 + 0.1 * rng.normal();
      }
  return { data, width: size, height: size, pixelSizeNm: { x: pixelNm, y: pixelNm }, mask };
}

describe("particles larger than the network's view", () => {
  it("a particle that fits the view stays whole", () => {
    const small = disc(4.5, new Rng("small"));
    const { windows, weights } = particleWindows(small, VIEW);
    expect(windows).toEqual([small]);
    expect(weights).toEqual([1]);
  });

  it("an 8 nm particle is split into 3 × 3 overlapping windows of the view's size that cover it", () => {
    const big = disc(8, new Rng("big"));
    const { windows, weights, origins } = particleWindows(big, VIEW);
    // (200 − 128) / 64 + 1 → 3 centres along each axis; each window holds over 30 % particle
    expect(windows).toHaveLength(9);
    const covered = new Uint8Array(big.data.length);
    windows.forEach((w, i) => {
      let count = 0;
      let [r0, r1, c0, c1] = [Infinity, -1, Infinity, -1];
      w.mask!.forEach((m, p) => {
        const [r, c] = [Math.floor(p / w.width) + origins[i].y, (p % w.width) + origins[i].x];
        // the crop holds the particle image's own pixels
        expect(w.data[p]).toBe(big.data[r * big.width + c]);
        if (!m) return;
        expect(big.mask![r * big.width + c]).toBe(1);
        covered[r * big.width + c] = 1;
        count++;
        [r0, r1, c0, c1] = [Math.min(r0, r), Math.max(r1, r), Math.min(c0, c), Math.max(c1, c)];
      });
      expect(weights[i]).toBe(count);
      expect(r1 - r0 + 1).toBeLessThanOrEqual(128);
      expect(c1 - c0 + 1).toBeLessThanOrEqual(128);
    });
    expect([...covered]).toEqual([...big.mask!]);
  });

  it("a window's crop gives the network the input the whole image with the window's mask gives", () => {
    // a textured background too, so that any sample the crop's margin missed would change the input
    for (const inputNm of [0.04, 0.013, 0.06]) {
      const rng = new Rng(`crop ${inputNm}`);
      const big = disc(8, rng, inputNm);
      for (let i = 0; i < big.data.length; i++) big.data[i] += 0.2 * rng.normal();
      const { windows, origins } = particleWindows(big, VIEW);
      expect(windows.length).toBeGreaterThan(1);
      windows.forEach((w, i) => {
        expect(w.width * w.height).toBeLessThan(big.width * big.height);
        const fullMask = new Uint8Array(big.data.length);
        w.mask!.forEach((m, p) => {
          fullMask[(Math.floor(p / w.width) + origins[i].y) * big.width + (p % w.width) + origins[i].x] = m;
        });
        for (const geometry of [undefined, { rotationRad: 0.3, scale: 1, flipX: true, flipY: false }]) {
          const fromCrop = resampleParticle(w, VIEW.pixelSizeNm, VIEW.cropPx, geometry);
          const fromWhole = resampleParticle(
            { ...big, mask: fullMask },
            VIEW.pixelSizeNm,
            VIEW.cropPx,
            geometry,
          );
          for (const key of ["image", "coverage"] as const) {
            const a = fromCrop[key].map((v, p) => v * fromCrop.coverage[p]);
            const b = fromWhole[key].map((v, p) => v * fromWhole.coverage[p]);
            for (let p = 0; p < a.length; p++) expect(Math.abs(a[p] - b[p])).toBeLessThan(1e-5);
          }
        }
      });
    }
  });

  it("a particle far larger than the view is sampled by at most 12 × 12 windows from end to end", () => {
    // 60 nm at 0.1 nm/px: half a window apart would take 23 × 23 windows
    const huge = disc(60, new Rng("huge"), 0.1);
    const { windows, origins } = particleWindows(huge, VIEW);
    const columns = new Set(origins.map((o) => o.x));
    const rows = new Set(origins.map((o) => o.y));
    expect(columns.size).toBe(12);
    expect(rows.size).toBe(12);
    expect(windows.length).toBeLessThanOrEqual(144);
    // the outermost windows reach the particle's ends: the windows' masks span its bounding box
    let [r0, r1, c0, c1] = [Infinity, -1, Infinity, -1];
    windows.forEach((w, i) => {
      w.mask!.forEach((m, p) => {
        if (!m) return;
        const [r, c] = [Math.floor(p / w.width) + origins[i].y, (p % w.width) + origins[i].x];
        [r0, r1, c0, c1] = [Math.min(r0, r), Math.max(r1, r), Math.min(c0, c), Math.max(c1, c)];
      });
    });
    expect([r0, r1, c0, c1]).toEqual([10, huge.height - 11, 10, huge.width - 11]);
    // at pixels too coarse to resolve lattice fringes (0.11 nm) a window would hold a few pixels
    expect(particleWindows(disc(60, new Rng("coarse"), 0.12), VIEW).windows).toHaveLength(1);
  });

  it("a particle no larger than the largest in training stays whole, a larger one is split", () => {
    const big = disc(7, new Rng("trained size"));
    // the disc spans 175 px of 0.04 nm = 7.0 nm
    expect(particleExtentNm(big)).toBeCloseTo(7.0, 6);
    expect(particleWindows(big, VIEW, 7.0).windows).toEqual([big]);
    expect(particleWindows(big, VIEW, 6.9).windows.length).toBeGreaterThan(1);
    // a record below the view's size does not split particles that fit the view
    expect(particleWindows(disc(4.5, new Rng("small")), VIEW, 3).windows).toHaveLength(1);
  });

  it("are amorphous as the windows are on average, and polycrystalline if any window is", () => {
    const classes = ["amorphous", "monocrystalline", "polycrystalline"];
    const probs = [Float32Array.from([0.1, 0.8, 0.1]), Float32Array.from([0.1, 0.3, 0.6])];
    // amorphous: (1·0.1 + 3·0.1) / 4 = 0.1; polycrystalline given a crystal: max(0.1/0.9, 0.6/0.9) = 2/3
    const combined = [...combineWindows(probs, [1, 3], classes)];
    expect(combined[0]).toBeCloseTo(0.1, 6);
    expect(combined[2]).toBeCloseTo(0.9 * (2 / 3), 6);
    expect(combined[1]).toBeCloseTo(0.3, 6);
    // the class order is the model's
    const reordered = combineWindows(
      probs.map((p) => Float32Array.from([p[2], p[0], p[1]])),
      [1, 3],
      ["polycrystalline", "amorphous", "monocrystalline"],
    );
    expect([...reordered].map((v) => v.toFixed(6))).toEqual(
      [combined[2], combined[0], combined[1]].map((v) => v.toFixed(6)),
    );
    // two classes: the weighted mean
    const two = combineWindows(
      [Float32Array.from([0.2, 0.8]), Float32Array.from([0.6, 0.4])],
      [1, 3],
      ["amorphous", "crystalline"],
    );
    expect([...two].map((v) => v.toFixed(6))).toEqual(["0.500000", "0.500000"]);
  });

  it("predict classifies them window by window unless told not to", async () => {
    const model = await loadModel();
    try {
      const rng = new Rng("predict windows");
      // larger than the view and than any particle the model was trained on
      const wholeUpToNm = model.meta.inference?.wholeUpToNm ?? FIELD_NM;
      const big = disc(Math.max(7, wholeUpToNm + 1), rng);
      const small = toyParticle(rng, true).particle;
      const { windows, weights } = particleWindows(big, VIEW, wholeUpToNm);
      expect(windows.length).toBeGreaterThan(1);
      const perWindow = await predict(model, windows, { windows: false });
      const [bigProbs, smallProbs] = await predict(model, [big, small]);
      const expected = combineWindows(perWindow, weights, model.classes);
      for (let k = 0; k < 3; k++) expect(bigProbs[k]).toBeCloseTo(expected[k], 6);
      const [oneView, smallAlone] = await predict(model, [big, small], { windows: false });
      expect([...oneView]).not.toEqual([...bigProbs]);
      expect([...smallAlone]).toEqual([...smallProbs]);
    } finally {
      model.engine.dispose();
    }
  });
});
