import { writeFileAtomic } from "../../core/index.js";
import { writePng, writeTiffFloat32 } from "../../io/index.js";
import type { SimulatedField } from "./simulateField.js";

/** A number with 7 significant digits, without exponent noise for ordinary sizes (CSV cells). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "";
  return Number(value.toPrecision(7)).toString();
}

/** The files of a simulated field written by `writeField`, from the image path `NAME.tif`. */
export function fieldTruthPaths(imagePath: string): {
  instances: string;
  particles: string;
  microscope: string;
} {
  const stem = imagePath.replace(/\.tiff?$/i, "");
  return {
    instances: `${stem}.instances.png`,
    particles: `${stem}.truth.csv`,
    microscope: `${stem}.microscope.json`,
  };
}

/**
 * Writes a simulated field: the micrograph as float32 TIFF with ImageJ calibration (`NAME.tif`), the true
 * instances as a 16-bit PNG (`NAME.instances.png`, 0 = support, k = particle k), the particle list
 * (`NAME.truth.csv`: id, shape, class, diameters, centroid in nm, border and touching flags) and the imaging
 * values (`NAME.microscope.json`).
 */
export function writeField(imagePath: string, field: SimulatedField): void {
  const paths = fieldTruthPaths(imagePath);
  const { width, height, pixelSizeNm } = field.image;
  writeTiffFloat32(imagePath, field.image);
  writePng(
    paths.instances,
    { data: Float32Array.from(field.instances), width, height, pixelSizeNm },
    { bitDepth: 16, range: [0, 65535] },
  );
  const header = "id,shape,class,diameter_nm,ecd_nm,x_nm,y_nm,touches_border,touching";
  const rows = field.particles.map((p) =>
    [
      p.id,
      p.shape,
      p.crystallinity,
      formatNumber(p.diameterNm),
      formatNumber(p.ecdNm),
      formatNumber(p.centroidXNm),
      formatNumber(p.centroidYNm),
      p.touchesBorder ? 1 : 0,
      p.touching ? 1 : 0,
    ].join(","),
  );
  writeFileAtomic(paths.particles, `${[header, ...rows].join("\n")}\n`);
  writeFileAtomic(paths.microscope, `${JSON.stringify(field.microscope, null, 2)}\n`);
}
