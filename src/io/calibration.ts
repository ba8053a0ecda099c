/**
 * Calibration units as files write them, turned into nanometres. Files spell the same unit many ways:
 * "nm", "Å" (also "A", "Ang", "angstrom"), "µm" (Latin-1 0xB5, Greek mu U+03BC, "um", "micron"), "pm",
 * "m"; reciprocal units ("1/nm", "nm^-1", "1/Å") mark diffraction patterns and FFTs.
 */
export type ParsedUnit =
  | { space: "real"; nmPerUnit: number }
  | { space: "reciprocal"; perNmPerUnit: number }
  | null;

const REAL: Record<string, number> = {
  m: 1e9,
  mm: 1e6,
  um: 1e3,
  micron: 1e3,
  microns: 1e3,
  micrometer: 1e3,
  micrometre: 1e3,
  nm: 1,
  nanometer: 1,
  nanometre: 1,
  a: 0.1,
  ang: 0.1,
  angstrom: 0.1,
  angstroms: 0.1,
  pm: 1e-3,
};

/** Lower-cases and maps the many spellings of µ and Å onto ASCII. */
function normalise(unit: string): string {
  return unit
    .trim()
    .replace(/[\u00b5\u03bc]/g, "u")
    .replace(/[\u00c5\u212b]/g, "a")
    .replace(/\u00c3\u2026/g, "a") // "Å" as UTF-8 bytes read as Latin-1/CP1252
    .replace(/\u00c2u/g, "u") // "µ" as UTF-8 bytes read as Latin-1
    .replace(/_/g, "")
    .replace(/\s+/g, "")
    .toLowerCase();
}

/**
 * Parses a calibration unit.
 * @returns nm per unit for lengths, 1/nm per unit for reciprocal lengths, null when not a length
 */
export function parseLengthUnit(unit: string): ParsedUnit {
  const u = normalise(unit);
  if (u in REAL) return { space: "real", nmPerUnit: REAL[u] };
  const reciprocal = /^(?:1\/(.+)|(.+?)(?:\^?-1|⁻¹))$/.exec(u);
  if (reciprocal) {
    const base = reciprocal[1] ?? reciprocal[2];
    if (base in REAL) return { space: "reciprocal", perNmPerUnit: 1 / REAL[base] };
  }
  return null;
}

/** One axis' calibration as a file states it. */
export interface AxisScale {
  /** Size of one pixel in `unit`. */
  scale: number;
  unit: string;
}

/** What two axis calibrations mean for an image. */
export interface ImageCalibration {
  /** Real-space pixel size [nm], null when the axes are not (both) lengths. */
  pixelSizeNm: { x: number; y: number } | null;
  /** Reciprocal-space pixel size [1/nm] for diffraction patterns and FFTs. */
  reciprocalPixelSizePerNm?: { x: number; y: number };
  /** The unit as written for x (and y, if different). */
  pixelUnit?: string;
}

/** Combines the x and y axis calibrations; a zero, negative or non-finite scale counts as none. */
export function imageCalibration(x: AxisScale, y: AxisScale): ImageCalibration {
  const ux = parseLengthUnit(x.unit);
  const uy = parseLengthUnit(y.unit);
  const pixelUnit = x.unit === y.unit ? x.unit || undefined : `${x.unit}, ${y.unit}`;
  const valid = (s: number) => Number.isFinite(s) && s > 0;
  if (!ux || !uy || !valid(x.scale) || !valid(y.scale) || ux.space !== uy.space)
    return { pixelSizeNm: null, pixelUnit };
  if (ux.space === "real" && uy.space === "real") {
    return { pixelSizeNm: { x: x.scale * ux.nmPerUnit, y: y.scale * uy.nmPerUnit }, pixelUnit };
  }
  if (ux.space === "reciprocal" && uy.space === "reciprocal") {
    return {
      pixelSizeNm: null,
      reciprocalPixelSizePerNm: { x: x.scale * ux.perNmPerUnit, y: y.scale * uy.perNmPerUnit },
      pixelUnit,
    };
  }
  return { pixelSizeNm: null, pixelUnit };
}
