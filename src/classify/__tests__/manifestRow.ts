import type { ManifestRow } from "../../dataset/index.js";

/** A test-split manifest row as `dataset generate` writes it, with only what the classify layer reads. */
export function manifestRow(
  id: string,
  label: string,
  params: ManifestRow["params"],
  { subtype = label === "amorphous" ? "amorphous" : "sphere", pixelSizeNm = 0.04 } = {},
): ManifestRow {
  return {
    id,
    index: 0,
    split: "test",
    label,
    subtype,
    support: "C",
    family: "single-crystal",
    pixelSizeNm,
    width: 8,
    height: 8,
    params,
    files: { cutout: `test/${label}/${id}.tif`, mask: null, field: null, fieldMask: null },
  } as ManifestRow;
}
