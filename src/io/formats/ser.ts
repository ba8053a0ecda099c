import { existsSync, readFileSync, statSync } from "node:fs";
import { ByteReader, checkFrameFits } from "../binary.js";
import { imageCalibration } from "../calibration.js";
import type { Micrograph, MicrographKind, StoredDtype } from "../micrograph.js";
import { decodeSamples, type SampleType } from "../samples.js";
import { emiMetadata, findEmiXml } from "./emi.js";
import { type FormatReadOptions, frameIndex } from "./readerTypes.js";

/** TIA SER element data types. */
const SER_TYPES: Record<number, { dtype: StoredDtype; sample: SampleType; bytes: number }> = {
  1: { dtype: "uint8", sample: "uint8", bytes: 1 },
  2: { dtype: "uint16", sample: "uint16", bytes: 2 },
  3: { dtype: "uint32", sample: "uint32", bytes: 4 },
  4: { dtype: "int8", sample: "int8", bytes: 1 },
  5: { dtype: "int16", sample: "int16", bytes: 2 },
  6: { dtype: "int32", sample: "int32", bytes: 4 },
  7: { dtype: "float32", sample: "float32", bytes: 4 },
  8: { dtype: "float64", sample: "float64", bytes: 8 },
  9: { dtype: "complex64", sample: "complex64", bytes: 8 },
  10: { dtype: "complex128", sample: "complex128", bytes: 16 },
};

const DATA_1D = 0x4120;
const DATA_2D = 0x4122;
const MAX_EMI_BYTES = 64 * 1024 * 1024;

/** The EMI beside a SER: `NAME_1.ser` → `NAME.emi` (TIA's naming), else `NAME.emi`. */
function siblingEmi(path: string): string | null {
  for (const candidate of [path.replace(/_\d+\.ser$/i, ".emi"), path.replace(/\.ser$/i, ".emi")]) {
    if (candidate !== path && existsSync(candidate) && statSync(candidate).size <= MAX_EMI_BYTES)
      return candidate;
  }
  return null;
}

/**
 * Reads one element of an FEI/Thermo TIA SER series (versions 0x210 with 32-bit and 0x220 with 64-bit
 * offsets): 2-D elements are images (frames of a series), 1-D elements spectra. The pixel size is the
 * element's calibration delta (metres); metadata comes from the sibling EMI's XML when present.
 */
export function readSer(bytes: Uint8Array, path: string, options: FormatReadOptions): Micrograph {
  const r = new ByteReader(bytes, path, "SER");
  const order = r.u16(true, "header");
  const seriesId = r.u16(true, "header");
  const version = r.u16(true, "header");
  if (order !== 0x4949 || seriesId !== 0x0197)
    throw r.error("not a TIA SER file (byte order or series id wrong)");
  if (version !== 0x210 && version !== 0x220)
    throw r.error(`SER version 0x${version.toString(16)} is not supported (0x210, 0x220 are)`);
  const wide = version === 0x220;
  const dataType = r.i32(true, "header");
  r.i32(true, "header"); // tag type
  const total = r.i32(true, "header");
  const valid = r.i32(true, "header");
  const offsetArray = wide ? r.u64(true, "header") : r.u32(true, "header");
  if (dataType !== DATA_1D && dataType !== DATA_2D)
    throw r.error(`SER data type 0x${dataType.toString(16)} is neither 1-D nor 2-D`);
  if (valid < 1 || total < valid) throw r.error(`SER holds ${valid} valid of ${total} elements: no data`);
  const offsetBytes = wide ? 8 : 4;
  r.seek(offsetArray, "offset array");
  r.need(valid * offsetBytes, "offset array");
  const frames = valid;
  const frame = frameIndex(frames, options, r.error.bind(r));
  r.pos = offsetArray + frame * offsetBytes;
  r.seek(wide ? r.u64(true, "offset array") : r.u32(true, "offset array"), `element ${frame} offset`);
  let deltaX: number;
  let deltaY: number;
  if (dataType === DATA_2D) {
    r.f64(true, "element header");
    deltaX = r.f64(true, "element header");
    r.i32(true, "element header");
    r.f64(true, "element header");
    deltaY = r.f64(true, "element header");
    r.i32(true, "element header");
  } else {
    r.f64(true, "element header");
    deltaX = r.f64(true, "element header");
    deltaY = deltaX;
    r.i32(true, "element header");
  }
  const code = r.i16(true, "element header");
  const type = SER_TYPES[code];
  if (!type) throw r.error(`SER element data type ${code} is not supported`);
  const width = r.i32(true, "element header");
  const height = dataType === DATA_2D ? r.i32(true, "element header") : 1;
  checkFrameFits(r, width, height, 1, type.bytes, r.pos);
  const data = decodeSamples(bytes, r.pos, width * height, type.sample, true);
  const kind: MicrographKind = dataType === DATA_1D ? "spectrum" : frames > 1 ? "stack" : "image";
  const emiPath = siblingEmi(path);
  const emi = emiPath ? findEmiXml(readFileSync(emiPath)) : null;
  const metadata = emi ? emiMetadata(emi) : {};
  const calibration = imageCalibration({ scale: deltaX, unit: "m" }, { scale: deltaY, unit: "m" });
  if (calibration.pixelSizeNm) metadata.pixelUnit = "m";
  return {
    data,
    width,
    height,
    pixelSizeNm: kind === "spectrum" ? null : calibration.pixelSizeNm,
    dtype: type.dtype,
    kind,
    frames,
    source: { path, format: "ser", frame },
    metadata,
    originalMetadata: {
      version: `0x${version.toString(16)}`,
      elements: total,
      validElements: valid,
      deltaX,
      deltaY,
      emi: emiPath,
      emiXml: emi,
    },
  };
}
