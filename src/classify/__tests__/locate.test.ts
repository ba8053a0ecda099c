import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { gaussianBlur } from "../augment.js";
import { simulateField } from "../../dataset/index.js";
import { cutOutMask, ParticleLocator, particleMask } from "../locate.js";

const SIZE = 128;
const PIXEL_NM = 0.04;

/**
 * A particle on an amorphous support as an HRTEM image shows it: the support a weak, fine speckle; each
 * particle a disc carrying gold's 111 fringes (d = 0.2355 nm) at several times the support's contrast.
 */
function particlesOnSupport(rng: Rng, discs: { x: number; y: number; radiusNm: number }[]) {
  const data = new Float32Array(SIZE * SIZE);
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  gaussianBlur(data, SIZE, 1);
  const truth = discs.map(() => new Uint8Array(SIZE * SIZE));
  const k = (2 * Math.PI) / (0.2355 / PIXEL_NM);
  for (let r = 0; r < SIZE; r++)
    for (let c = 0; c < SIZE; c++) {
      const i = r * SIZE + c;
      data[i] = 1 + 0.02 * data[i];
      discs.forEach((d, n) => {
        if (Math.hypot(c - d.x, r - d.y) * PIXEL_NM > d.radiusNm) return;
        truth[n][i] = 1;
        data[i] += 0.12 * Math.cos(k * (0.8 * c + 0.6 * r)) - 0.03;
      });
    }
  return { image: { data, width: SIZE, height: SIZE, pixelSizeNm: { x: PIXEL_NM, y: PIXEL_NM } }, truth };
}

function iou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    both += a[i] && b[i] ? 1 : 0;
    either += a[i] || b[i] ? 1 : 0;
  }
  return both / either;
}

describe("the particle of an image given without a mask", () => {
  it("is the particle the detector finds at the centre of an image of a particle on its support", () => {
    const { image, truth } = particlesOnSupport(new Rng("centre"), [
      { x: 60, y: 66, radiusNm: 1.2 },
      { x: 14, y: 14, radiusNm: 0.6 },
    ]);
    const found = particleMask(image);
    expect(found.source).toBe("classic");
    expect(iou(found.mask, truth[0])).toBeGreaterThan(0.8);
    expect(iou(found.mask, truth[1])).toBe(0);
  });

  it("is the largest particle found when none covers the centre", () => {
    const { image, truth } = particlesOnSupport(new Rng("off centre"), [
      { x: 30, y: 90, radiusNm: 0.7 },
      { x: 95, y: 35, radiusNm: 1.0 },
    ]);
    const found = particleMask(image);
    expect(found.source).toBe("classic");
    expect(iou(found.mask, truth[1])).toBeGreaterThan(0.7);
  });

  it("is every pixel that differs from a cut-out's constant border fill", () => {
    const data = new Float32Array(64 * 64).fill(0.7);
    data[30 * 64 + 30] = 1;
    data[30 * 64 + 31] = 0.2;
    const image = { data, width: 64, height: 64, pixelSizeNm: { x: PIXEL_NM, y: PIXEL_NM } };
    expect(cutOutMask(image)?.reduce((a, b) => a + b, 0)).toBe(2);
    expect(particleMask(image).source).toBe("cut-out");
  });

  it("includes the pixels of a cut-out's particle that have the fill value but lie inside it", () => {
    // an 8-bit cut-out stretched to 0–255 on black: the particle's darkest pixels are black too
    const data = new Float32Array(64 * 64);
    const disc = new Uint8Array(64 * 64);
    for (let r = 0; r < 64; r++)
      for (let c = 0; c < 64; c++) {
        const radius = Math.hypot(c - 32, r - 30);
        if (radius > 12) continue;
        disc[r * 64 + c] = 1;
        // black inside, not on the rim, where it would be indistinguishable from the fill
        const black = radius < 11 && (r * 7 + c * 13) % 5 === 0;
        data[r * 64 + c] = black ? 0 : 40 + ((r * 31 + c * 17) % 200);
      }
    const mask = cutOutMask({ data, width: 64, height: 64, pixelSizeNm: { x: PIXEL_NM, y: PIXEL_NM } });
    expect(data.filter((v, i) => disc[i] === 1 && v === 0).length).toBeGreaterThan(50);
    expect(mask && [...mask]).toEqual([...disc]);
  });

  it("is the whole image when there is no particle to find", () => {
    const data = new Float32Array(64 * 64).fill(1);
    const found = particleMask({ data, width: 64, height: 64, pixelSizeNm: { x: PIXEL_NM, y: PIXEL_NM } });
    expect(found.source).toBe("whole image");
    expect(found.mask.every((v) => v === 1)).toBe(true);
  });
});

describe("ParticleLocator (network detector where the lattice is resolved)", () => {
  /** One particle in a small multislice field: a whole single-particle image, as another simulator gives it. */
  const field = simulateField(
    {
      sizePx: 192,
      pixelSizeNm: 0.03,
      particles: 1,
      diameterRangeNm: [2.5, 3],
      touchingFraction: 0,
      borderFraction: 0,
      supportPatches: 1,
      maxSamplingNm: 0.025,
      focalPoints: 3,
    },
    new Rng("locator-test"),
  );
  const truth = Uint8Array.from(field.instances, (l) => (l > 0 ? 1 : 0));

  it("finds the particle with the network on a lattice-resolved image, close to its projected atoms", async () => {
    const locator = new ParticleLocator();
    try {
      const found = await locator.locate(field.image);
      expect(found.source).toBe("net");
      expect(iou(found.mask, truth)).toBeGreaterThan(0.6);
    } finally {
      await locator.dispose();
    }
  }, 60_000);

  it("uses the classical detector when told, or when pixels are too coarse for the lattice", async () => {
    const classic = new ParticleLocator({ detector: "classic" });
    expect((await classic.locate(field.image)).source).toBe("classic");
    const coarse = { ...field.image, pixelSizeNm: { x: 0.2, y: 0.2 } };
    const auto = new ParticleLocator({ detector: "auto", segmentationModelDir: "/no/such/model" });
    // the model folder is never read: the classical detector or the whole image answers
    expect(["classic", "whole image"]).toContain((await auto.locate(coarse)).source);
  });

  it("keeps a cut-out's fill mask without loading a model", async () => {
    const data = new Float32Array(64 * 64).fill(0.7);
    data[30 * 64 + 30] = 1;
    const image = { data, width: 64, height: 64, pixelSizeNm: { x: PIXEL_NM, y: PIXEL_NM } };
    const locator = new ParticleLocator({ detector: "net", segmentationModelDir: "/no/such/model" });
    expect((await locator.locate(image)).source).toBe("cut-out");
  });
});
