import type { Rng } from "../../core/index.js";
import type { Sample } from "../data.js";
import type { TrainOptions } from "../train.js";
import { gaussianBlur } from "../augment.js";

/**
 * A trivially separable toy particle: a disc of radius 0.8–1.2 nm on a 0.05 nm grid, either with
 * lattice fringes (d = 0.2355 nm, random direction and phase; label 1) or with smoothed random noise of the
 * same contrast (label 0), plus weak pixel noise. Outside the disc: the constant 0.5 (a cut-out's fill).
 */
export function toyParticle(rng: Rng, crystalline: boolean, sizePx = 64, pixelSizeNm = 0.05): Sample {
  const data = new Float32Array(sizePx * sizePx);
  const mask = new Uint8Array(sizePx * sizePx);
  const radiusNm = rng.range(0.8, 1.2);
  const angle = rng.range(0, Math.PI);
  const phase = rng.range(0, 2 * Math.PI);
  const k = (2 * Math.PI) / 0.2355;
  const noise = new Float32Array(sizePx * sizePx);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.normal();
  gaussianBlur(noise, sizePx, 1.2);
  const c = (sizePx - 1) / 2 + rng.range(-3, 3);
  for (let r = 0; r < sizePx; r++)
    for (let q = 0; q < sizePx; q++) {
      const x = (q - c) * pixelSizeNm;
      const y = (r - c) * pixelSizeNm;
      const i = r * sizePx + q;
      if (x * x + y * y > radiusNm * radiusNm) {
        data[i] = 0.5;
        continue;
      }
      mask[i] = 1;
      const signal = crystalline
        ? 0.2 * Math.cos(k * (x * Math.cos(angle) + y * Math.sin(angle)) + phase)
        : 0.6 * noise[i];
      data[i] = 0.4 + signal + 0.03 * rng.normal();
    }
  return {
    id: "",
    file: "",
    particle: { data, width: sizePx, height: sizePx, pixelSizeNm: { x: pixelSizeNm, y: pixelSizeNm }, mask },
    label: crystalline ? 1 : 0,
    folder: crystalline ? "monocrystalline" : "amorphous",
  };
}

/** Training settings that learn the toy set in seconds: the tiny network at a constant rate. */
export const TOY_TRAINING = {
  classes: ["amorphous", "crystalline"],
  architecture: "tiny",
  epochs: 12,
  batchSize: 16,
  lr: 1e-2,
  schedule: "constant",
  optimizer: "adamw",
  weightDecay: 1e-4,
  augmentStrength: 0.5,
} as const satisfies Partial<TrainOptions>;

/** `n` toy particles alternating amorphous / crystalline. */
export function toySet(rng: Rng, n: number): Sample[] {
  return Array.from({ length: n }, (_, i) => toyParticle(rng, i % 2 === 1));
}
