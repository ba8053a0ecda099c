import { checkFrameFits } from "../binary.js";
import { type AxisScale, imageCalibration } from "../calibration.js";
import type { Micrograph, MicrographKind, MicrographMetadata, StoredDtype } from "../micrograph.js";
import { decodeSamples, type SampleType } from "../samples.js";
import {
  type DmArrayRef,
  type DmFile,
  type DmGroup,
  type DmValue,
  dmGet,
  dmNumber,
  dmString,
  dmToJson,
  parseDm,
} from "./dmTags.js";
import { unpackHalfPlaneAmplitude } from "./dmPacked.js";
import { type FormatReadOptions, frameIndex } from "./readerTypes.js";

/** DM ImageData/DataType codes → how the samples are stored. */
const DM_DATA_TYPES: Record<number, { dtype: StoredDtype; sample: SampleType; bytes: number }> = {
  1: { dtype: "int16", sample: "int16", bytes: 2 },
  2: { dtype: "float32", sample: "float32", bytes: 4 },
  3: { dtype: "complex64", sample: "complex64", bytes: 8 },
  6: { dtype: "uint8", sample: "uint8", bytes: 1 },
  7: { dtype: "int32", sample: "int32", bytes: 4 },
  8: { dtype: "rgb", sample: "bgra8", bytes: 4 },
  9: { dtype: "int8", sample: "int8", bytes: 1 },
  10: { dtype: "uint16", sample: "uint16", bytes: 2 },
  11: { dtype: "uint32", sample: "uint32", bytes: 4 },
  12: { dtype: "float64", sample: "float64", bytes: 8 },
  13: { dtype: "complex128", sample: "complex128", bytes: 16 },
  14: { dtype: "bool", sample: "bool", bytes: 1 },
  23: { dtype: "rgba", sample: "bgra8", bytes: 4 },
  27: { dtype: "packed-complex64", sample: "complex64", bytes: 8 },
};

const RGB_TYPES = new Set([8, 23]);

function isGroup(v: DmValue | undefined): v is DmGroup {
  return typeof v === "object" && !Array.isArray(v) && v.kind === "group";
}

/**
 * The ImageList entries that hold data: DM files start the list with an RGBA thumbnail, named by the root's
 * Thumbnails/ImageIndex tags; without those tags, an RGB(A) first entry followed by others is the thumbnail.
 */
function dataImages(dm: DmFile): DmGroup[] {
  const list = dmGet(dm.root, "ImageList");
  if (!isGroup(list)) throw dm.reader.error(`${dm.reader.format} file has no ImageList: no image in it`);
  const images = list.tags.map((t) => t.value).filter(isGroup);
  const thumbnails = new Set<number>();
  const thumbTag = dmGet(dm.root, "Thumbnails");
  if (isGroup(thumbTag)) {
    for (const t of thumbTag.tags) {
      const index = dmNumber(t.value, "ImageIndex");
      if (index !== undefined) thumbnails.add(index);
    }
  } else if (images.length > 1 && RGB_TYPES.has(dmNumber(images[0], "ImageData/DataType") ?? -1)) {
    thumbnails.add(0);
  }
  const data = images.filter((_, i) => !thumbnails.has(i));
  if (data.length === 0 && images.length > 0) return images;
  if (data.length === 0) throw dm.reader.error(`${dm.reader.format} ImageList is empty: no image in it`);
  return data;
}

function axis(image: DmGroup, index: number): AxisScale {
  const dim = dmGet(image, `ImageData/Calibrations/Dimension/${index}`);
  return { scale: dmNumber(dim, "Scale") ?? Number.NaN, unit: dmString(dim, "Units") ?? "" };
}

function dmMetadata(image: DmGroup): MicrographMetadata {
  const tags = dmGet(image, "ImageTags");
  const m: MicrographMetadata = {};
  const voltage = dmNumber(tags, "Microscope Info/Voltage");
  if (voltage !== undefined && voltage > 0) m.voltageKv = voltage / 1000;
  const mag =
    dmNumber(tags, "Microscope Info/Indicated Magnification") ??
    dmNumber(tags, "Microscope Info/Actual Magnification");
  if (mag !== undefined && mag > 0) m.magnification = mag;
  const exposure =
    dmNumber(tags, "Acquisition/Parameters/High Level/Exposure (s)") ??
    dmNumber(tags, "DataBar/Exposure Time (s)");
  if (exposure !== undefined) m.exposureS = exposure;
  const instrument =
    dmString(tags, "Microscope Info/Microscope") ??
    dmString(tags, "Microscope Info/Name") ??
    dmString(tags, "Session Info/Microscope");
  if (instrument) m.instrument = instrument;
  const date = dmString(tags, "DataBar/Acquisition Date");
  const time = dmString(tags, "DataBar/Acquisition Time");
  if (date) m.acquisitionDate = time ? `${date} ${time}` : date;
  return m;
}

function isSpectrum(image: DmGroup, dims: number[], units: string[]): boolean {
  const format = `${dmString(image, "ImageTags/Meta Data/Format") ?? ""} ${dmString(image, "ImageTags/Meta Data/Signal") ?? ""}`;
  if (/spectrum|eels|eds|edx/i.test(format)) return true;
  if (dims.length === 1 || (dims.length === 2 && dims[1] === 1)) return true;
  return units.some((u) => /^k?eV$/i.test(u.trim()));
}

/**
 * Reads the data image of a DM3/DM4 file as a 2-D float32 frame: skips the thumbnail, converts every DM data
 * type (complex and packed complex as amplitude, RGB as luminance), calibrates from the dimension tags, and
 * recognises spectra (kind "spectrum"), stacks ("stack", frame by `options.frame`) and diffraction
 * patterns (reciprocal units, "diffraction").
 */
export function readDm(bytes: Uint8Array, path: string, options: FormatReadOptions): Micrograph {
  const dm = parseDm(bytes, path);
  const r = dm.reader;
  const image = dataImages(dm)[0];
  const dimsTag = dmGet(image, "ImageData/Dimensions");
  const dims = isGroup(dimsTag)
    ? dimsTag.tags.map((t) => t.value).filter((v): v is number => typeof v === "number")
    : [];
  if (dims.length === 0 || dims.length > 4)
    throw r.error(`${r.format} image has ${dims.length} dimensions (expected 1 to 3)`);
  const typeCode = dmNumber(image, "ImageData/DataType") ?? -1;
  const type = DM_DATA_TYPES[typeCode];
  if (!type) {
    throw r.error(
      typeCode === 5
        ? `${r.format} image is an old-style packed-complex FFT (data type 5), which nanocryst does not read: save it as complex in DigitalMicrograph`
        : `${r.format} image data type ${typeCode} is not supported`,
    );
  }
  const data = dmGet(image, "ImageData/Data") as DmArrayRef | undefined;
  if (!data || typeof data !== "object" || Array.isArray(data) || data.kind !== "array") {
    throw r.error(`${r.format} image has no data array`);
  }
  const units = dims.map((_, i) => axis(image, i).unit);
  const spectrum = isSpectrum(image, dims, units);
  const width = dims[0];
  const height = dims.length >= 2 ? dims[1] : 1;
  const frames = dims.length >= 3 ? dims.slice(2).reduce((a, b) => a * b, 1) : 1;
  const frame = frameIndex(frames, options, r.error.bind(r));
  const packed = typeCode === 27;
  const storedWidth = packed ? Math.floor(width / 2) + 1 : width;
  checkFrameFits(r, storedWidth, height, frames, type.bytes, data.offset);
  const available = data.count * (dmElementBytes(data.elementType) ?? 0);
  if (available < storedWidth * height * frames * type.bytes) {
    throw r.error(
      `${r.format} data array holds ${available} bytes, the dimensions ${dims.join("×")} need ${storedWidth * height * frames * type.bytes}`,
    );
  }
  const offset = data.offset + frame * storedWidth * height * type.bytes;
  const values = packed
    ? unpackHalfPlaneAmplitude(
        decodeSamples(bytes, offset, storedWidth * height, "complex64", dm.littleEndian),
        width,
        height,
      )
    : decodeSamples(bytes, offset, width * height, type.sample, dm.littleEndian);
  const calibration = imageCalibration(axis(image, 0), dims.length >= 2 ? axis(image, 1) : axis(image, 0));
  let kind: MicrographKind = frames > 1 ? "stack" : "image";
  if (spectrum) kind = "spectrum";
  else if (dims.length > 3) kind = "other";
  else if (calibration.reciprocalPixelSizePerNm) kind = "diffraction";
  const metadata = dmMetadata(image);
  if (calibration.pixelUnit) metadata.pixelUnit = calibration.pixelUnit;
  if (calibration.reciprocalPixelSizePerNm)
    metadata.reciprocalPixelSizePerNm = calibration.reciprocalPixelSizePerNm;
  return {
    data: values,
    width,
    height,
    pixelSizeNm: spectrum ? null : calibration.pixelSizeNm,
    dtype: type.dtype,
    kind,
    frames,
    source: { path, format: dm.version === 4 ? "dm4" : "dm3", frame },
    metadata,
    originalMetadata: dmToJson(dm.root) as Record<string, unknown>,
  };
}

function dmElementBytes(type: number): number | undefined {
  return ({ 2: 2, 3: 4, 4: 2, 5: 4, 6: 4, 7: 8, 8: 1, 9: 1, 10: 1, 11: 8, 12: 8 } as Record<number, number>)[
    type
  ];
}
