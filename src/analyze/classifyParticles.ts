import { applyOmissionRule, type Model, predict } from "../classify/index.js";
import { type CutOut, cutOutParticle } from "../dataset/index.js";
import { cropGrey, type GreyImage } from "../io/index.js";
import { type LabelImage, type ParticleRegion, regionPixels } from "../segment/index.js";
import { type ParticleClass, UNCLASSIFIED } from "./particleReport.js";

/**
 * Context around each particle copied before cutting out [nm]: covers `cutOutParticle`'s default margin
 * (0.25 nm) and background ring (0.3 nm) with room to spare, so cutting from this window gives exactly
 * what cutting from the whole micrograph would, without a full-size mask per particle.
 */
const WINDOW_MARGIN_NM = 0.6;

/**
 * Cuts every particle out of the micrograph exactly as the training cut-outs were made (`cutOutParticle`
 * from dataset/, on a window around the particle) and returns them in region order.
 */
export function cutOutParticles(image: GreyImage, labels: LabelImage, regions: ParticleRegion[]): CutOut[] {
  const { width, height } = labels;
  const { offsets, indices } = regionPixels(labels);
  return regions.map((region) => {
    const margin = Math.ceil(WINDOW_MARGIN_NM / region.pixelSizeNm) + 2;
    const c0 = Math.max(0, region.box.column - margin);
    const r0 = Math.max(0, region.box.row - margin);
    const c1 = Math.min(width - 1, region.box.column + region.box.width - 1 + margin);
    const r1 = Math.min(height - 1, region.box.row + region.box.height - 1 + margin);
    const w = c1 - c0 + 1;
    const h = r1 - r0 + 1;
    const mask = new Uint8Array(w * h);
    for (let k = offsets[region.label]; k < offsets[region.label + 1]; k++) {
      const j = Math.floor(indices[k] / width);
      mask[(j - r0) * w + (indices[k] - j * width - c0)] = 1;
    }
    const cut = cutOutParticle(cropGrey(image, c0, r0, w, h), mask);
    return { ...cut, origin: { column: cut.origin.column + c0, row: cut.origin.row + r0 } };
  });
}

/**
 * Classifies the particles: cut-outs → `predict` → the omission rule at `threshold`. Without a model every
 * particle is `unclassified`.
 * @param threshold minimum top probability for a decision (0..1) @default 0.8
 */
export async function classifyParticles(
  image: GreyImage,
  labels: LabelImage,
  regions: ParticleRegion[],
  model: Model | null,
  threshold = 0.8,
): Promise<ParticleClass[]> {
  if (!model || regions.length === 0) {
    return regions.map(() => ({ classLabel: UNCLASSIFIED, confidence: null, probabilities: {} }));
  }
  const cutOuts = cutOutParticles(image, labels, regions);
  const probabilities = await predict(model, cutOuts);
  const decisions = applyOmissionRule(probabilities, model.classes, threshold);
  return decisions.map((d, k) => ({
    classLabel: d.label,
    confidence: d.confidence,
    probabilities: Object.fromEntries(model.classes.map((c, m) => [c, probabilities[k][m]])),
  }));
}
