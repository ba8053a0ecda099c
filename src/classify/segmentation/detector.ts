/** Which particle detector runs: the segmentation network, the classical one, or `auto` by pixel size. */
export type DetectorChoice = "auto" | "net" | "classic";

/**
 * Coarsest pixel that still samples the {111} fringes of fcc metals (d111 = 0.208 nm for Cu … 0.236 nm for
 * Au, so Nyquist needs ≤ 0.104–0.118 nm) [nm]. Coarser images show particles as blobs: the segmentation
 * network, trained on lattice-resolved 0.02–0.05 nm/px fields, and the texture feature do not apply there.
 */
export const LATTICE_RESOLVING_PIXEL_NM = 0.11;

/** The detector `auto` picks for a pixel size [nm]: the network on lattice-resolved images, else classic. */
export function autoDetector(pixelSizeNm: number, hasNetwork: boolean): "net" | "classic" {
  return hasNetwork && pixelSizeNm <= LATTICE_RESOLVING_PIXEL_NM ? "net" : "classic";
}
