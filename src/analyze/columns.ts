import type { ParticleReport } from "./particleReport.js";

/** The classes whose probabilities always have a column (design.md), in this order. */
export const STANDARD_CLASSES = ["amorphous", "monocrystalline", "polycrystalline"] as const;

/** One column of the particle table. */
export interface ParticleColumn {
  /** Header, as in `particles.csv` and `particles.xlsx`. */
  name: string;
  /** Cell type: text, whole number or real number. */
  type: "string" | "integer" | "number";
  /** Unit of the values ("" for dimensionless or text). */
  unit: string;
  /** Meaning, for the report and the spreadsheet's header notes. */
  doc: string;
  /** Value for one particle; null for an empty cell. */
  value: (p: ParticleReport) => string | number | null;
}

const probability = (cls: string): ParticleColumn => ({
  name: `p_${cls}`,
  type: "number",
  unit: "",
  doc: `classifier probability of "${cls}" (0..1; empty when unclassified)`,
  value: (p) => p.probabilities[cls] ?? null,
});

/**
 * The columns of `particles.csv` (contract of design.md first, then extra columns), with the probability
 * columns of the standard three classes plus any other class of the model used.
 * @param modelClasses class names of the classifier (empty without a model)
 */
export function particleColumns(modelClasses: readonly string[] = []): ParticleColumn[] {
  const extraClasses = modelClasses.filter((c) => !(STANDARD_CLASSES as readonly string[]).includes(c));
  return [
    {
      name: "file",
      type: "string",
      unit: "",
      doc: "micrograph as named on the command line",
      value: (p) => p.file,
    },
    {
      name: "particle",
      type: "integer",
      unit: "",
      doc: "particle number = its value in labels.png",
      value: (p) => p.particle,
    },
    {
      name: "x_nm",
      type: "number",
      unit: "nm",
      doc: "centroid x (column direction), pixel i at x = i·p",
      value: (p) => p.centroidXNm,
    },
    {
      name: "y_nm",
      type: "number",
      unit: "nm",
      doc: "centroid y (row direction, downwards)",
      value: (p) => p.centroidYNm,
    },
    {
      name: "area_nm2",
      type: "number",
      unit: "nm²",
      doc: "projected area = pixel count × pixel area",
      value: (p) => p.areaNm2,
    },
    {
      name: "ecd_nm",
      type: "number",
      unit: "nm",
      doc: "equivalent circular diameter √(4A/π)",
      value: (p) => p.ecdNm,
    },
    {
      name: "feret_min_nm",
      type: "number",
      unit: "nm",
      doc: "minimum Feret (caliper) diameter",
      value: (p) => p.feretMinNm,
    },
    {
      name: "feret_max_nm",
      type: "number",
      unit: "nm",
      doc: "maximum Feret diameter",
      value: (p) => p.feretMaxNm,
    },
    {
      name: "perimeter_nm",
      type: "number",
      unit: "nm",
      doc: "outline length (Crofton estimate)",
      value: (p) => p.perimeterNm,
    },
    {
      name: "circularity",
      type: "number",
      unit: "",
      doc: "4πA/P², 1 for a disc",
      value: (p) => p.circularity,
    },
    {
      name: "convexity",
      type: "number",
      unit: "",
      doc: "convex-hull perimeter / perimeter (≤ 1)",
      value: (p) => p.convexity,
    },
    { name: "solidity", type: "number", unit: "", doc: "area / convex area (≤ 1)", value: (p) => p.solidity },
    {
      name: "aspect_ratio",
      type: "number",
      unit: "",
      doc: "maximum / minimum Feret diameter (≥ 1)",
      value: (p) => p.aspectRatio,
    },
    {
      name: "label",
      type: "string",
      unit: "",
      doc: "class, 'unknown' below the omission threshold, 'unclassified' without a model",
      value: (p) => p.classLabel,
    },
    {
      name: "confidence",
      type: "number",
      unit: "",
      doc: "top class probability (0..1)",
      value: (p) => p.confidence,
    },
    ...STANDARD_CLASSES.map(probability),
    ...extraClasses.map(probability),
    { name: "area_px", type: "integer", unit: "px", doc: "pixel count", value: (p) => p.areaPx },
    {
      name: "bbox_x_px",
      type: "integer",
      unit: "px",
      doc: "first column of the bounding box",
      value: (p) => p.box.column,
    },
    {
      name: "bbox_y_px",
      type: "integer",
      unit: "px",
      doc: "first row of the bounding box",
      value: (p) => p.box.row,
    },
    {
      name: "bbox_width_px",
      type: "integer",
      unit: "px",
      doc: "bounding-box width",
      value: (p) => p.box.width,
    },
    {
      name: "bbox_height_px",
      type: "integer",
      unit: "px",
      doc: "bounding-box height",
      value: (p) => p.box.height,
    },
    {
      name: "feret_max_angle_deg",
      type: "number",
      unit: "°",
      doc: "direction of the maximum Feret diameter from +x towards +y",
      value: (p) => p.feretMaxAngleDeg,
    },
    {
      name: "pixel_size_nm",
      type: "number",
      unit: "nm",
      doc: "pixel edge length used for the measurements",
      value: (p) => p.pixelSizeNm,
    },
  ];
}
