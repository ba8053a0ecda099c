/**
 * The messages between `predict`'s input-preparation pool (preparePool.ts) and its workers
 * (prepareWorker.ts): particles go out copied into two packed buffers that are then transferred, and the
 * prepared batches come back transferred, so no buffer the caller holds is shared or detached and each
 * direction costs one copy at most.
 */
import type { Architecture } from "./architecture.js";
import type { InputBatch } from "./engine.js";
import type { Geometry, ParticleImage } from "./resample.js";

/** One particle's place in the packed buffers and the fields preparation reads. */
interface PackedLayout {
  width: number;
  height: number;
  pixelSizeNm: ParticleImage["pixelSizeNm"];
  /** Values of `data` (as given, even when it is not width × height). */
  dataLength: number;
  /** Values of `mask`; −1 when the particle has none (preparation then finds one). */
  maskLength: number;
}

/** Particles as one message: every image back to back in `data`, every mask back to back in `masks`. */
export interface PackedParticles {
  layouts: PackedLayout[];
  data: Float32Array;
  masks: Uint8Array;
}

/** What a worker is asked: prepare these particles for these views (see `prepareViews`). */
export interface PrepareRequest {
  particles: PackedParticles;
  arch: Architecture;
  /** The model's input pixel size [nm]. */
  inputPixelSizeNm: number;
  views: readonly Geometry[];
}

/** What a worker answers: one batch per view, or the message of what `prepareViews` threw. */
export type PrepareReply = { batches: InputBatch[] } | { error: string };

/** A worker's messages: "ready" once its modules are loaded, then one reply per request. */
export type WorkerMessage = "ready" | PrepareReply;

/**
 * Copies the particles into fresh packed buffers. A view into a larger buffer (e.g. a cut-out of a
 * micrograph) is copied alone, where structured cloning would copy its whole underlying buffer.
 */
export function packParticles(particles: readonly ParticleImage[]): PackedParticles {
  const data = new Float32Array(particles.reduce((sum, p) => sum + p.data.length, 0));
  const masks = new Uint8Array(particles.reduce((sum, p) => sum + (p.mask?.length ?? 0), 0));
  let dataAt = 0;
  let maskAt = 0;
  const layouts = particles.map(({ data: values, mask, width, height, pixelSizeNm }) => {
    data.set(values, dataAt);
    dataAt += values.length;
    if (mask) masks.set(mask, maskAt);
    maskAt += mask?.length ?? 0;
    return { width, height, pixelSizeNm, dataLength: values.length, maskLength: mask ? mask.length : -1 };
  });
  return { layouts, data, masks };
}

/** The particles of {@link packParticles}, as views into its buffers. */
export function unpackParticles({ layouts, data, masks }: PackedParticles): ParticleImage[] {
  let dataAt = 0;
  let maskAt = 0;
  return layouts.map(({ width, height, pixelSizeNm, dataLength, maskLength }) => {
    const particle: ParticleImage = {
      data: data.subarray(dataAt, dataAt + dataLength),
      width,
      height,
      pixelSizeNm,
    };
    dataAt += dataLength;
    if (maskLength >= 0) {
      particle.mask = masks.subarray(maskAt, maskAt + maskLength);
      maskAt += maskLength;
    }
    return particle;
  });
}

/** The buffers to transfer with a message: the packed particles, or every array of the batches. */
export function transferList(content: PackedParticles | InputBatch[]): ArrayBuffer[] {
  const arrays = Array.isArray(content)
    ? content.flatMap((b) => [b.images, b.spectra, b.lattice])
    : [content.data, content.masks];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
