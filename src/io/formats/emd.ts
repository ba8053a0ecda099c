import type { Dataset, File as H5File, Group } from "h5wasm/node";
import { statSync } from "node:fs";
import { inputError } from "../../core/index.js";
import { expansionLimit } from "../binary.js";
import { imageCalibration } from "../calibration.js";
import type { Micrograph, MicrographFormat, MicrographMetadata } from "../micrograph.js";
import { h5attr, h5dtype, h5frame, h5get, h5keys, isDataset, isGroup, withHdf5 } from "./hdf5.js";
import { type FormatReadOptions, frameIndex } from "./readerTypes.js";

/** What one HDF5 layout yields before the common tail of {@link readEmd}. */
interface Hdf5Image {
  format: MicrographFormat;
  dataset: Dataset;
  /** Shape as stored and which axes are y, x and frames. */
  shape: number[];
  yAxis: number;
  xAxis: number;
  frameAxes: number[];
  scale: { x: number; y: number; unitX: string; unitY: string };
  metadata: MicrographMetadata;
  original: Record<string, unknown>;
}

function num(v: unknown): number | undefined {
  const n = typeof v === "string" ? Number(v) : typeof v === "number" ? v : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The value at a key path inside parsed JSON, or undefined. */
function pick(o: unknown, ...keys: string[]): unknown {
  let v = o;
  for (const k of keys) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

/** Velox: /Data/Image/<uuid>/Data shaped (rows, columns, frames), JSON metadata per frame as bytes. */
function velox(file: H5File): Hdf5Image | null {
  const images = h5get(file, "Data/Image");
  if (!isGroup(images)) return null;
  const uuid = h5keys(images)[0];
  const dataset = uuid ? h5get(images, `${uuid}/Data`) : null;
  if (!isDataset(dataset)) return null;
  const shape = dataset.shape ?? [];
  let meta: unknown = {};
  const metaSet = h5get(images, `${uuid}/Metadata`);
  if (isDataset(metaSet) && metaSet.shape?.length === 2 && metaSet.shape[0] <= 1 << 22) {
    const rows = metaSet.shape[0];
    const column = metaSet.slice([
      [0, rows],
      [0, 1],
    ]) as Uint8Array | null;
    if (column && column.length === rows) {
      let end = column.indexOf(0);
      if (end < 0) end = rows;
      try {
        meta = JSON.parse(new TextDecoder().decode(column.subarray(0, end)));
      } catch {
        meta = {};
      }
    }
  }
  const px = pick(meta, "BinaryResult", "PixelSize");
  const metadata: MicrographMetadata = {};
  const kv = num(pick(meta, "Optics", "AccelerationVoltage"));
  if (kv) metadata.voltageKv = kv / 1000;
  const mag = num(pick(meta, "Optics", "NominalMagnification"));
  if (mag) metadata.magnification = mag;
  const exposure = num(pick(meta, "Detectors", "Detector-0", "ExposureTime"));
  if (exposure !== undefined) metadata.exposureS = exposure;
  const instrument =
    pick(meta, "Instrument", "InstrumentModel") ?? pick(meta, "Instrument", "InstrumentClass");
  if (typeof instrument === "string" && instrument) metadata.instrument = instrument;
  const seconds = num(pick(meta, "Acquisition", "AcquisitionStartDatetime", "DateTime"));
  if (seconds) metadata.acquisitionDate = new Date(seconds * 1000).toISOString();
  return {
    format: "emd-velox",
    dataset,
    shape,
    yAxis: 0,
    xAxis: 1,
    frameAxes: shape.length > 2 ? [2] : [],
    scale: {
      x: num(pick(px, "width")) ?? Number.NaN,
      y: num(pick(px, "height")) ?? Number.NaN,
      unitX: String(pick(meta, "BinaryResult", "PixelUnitX") ?? ""),
      unitY: String(pick(meta, "BinaryResult", "PixelUnitY") ?? ""),
    },
    metadata,
    original: (meta && typeof meta === "object" ? meta : {}) as Record<string, unknown>,
  };
}

/** Berkeley EMD: the first group with emd_group_type = 1 under /data; dims dim1…dimN, last two y, x. */
function berkeley(file: H5File): Hdf5Image | null {
  const data = h5get(file, "data");
  if (!isGroup(data)) return null;
  const name = h5keys(data).find((k) => num(h5attr(h5get(data, k), "emd_group_type")) === 1);
  const group = name ? (h5get(data, name) as Group) : null;
  const dataset = group ? h5get(group, "data") : null;
  if (!group || !isDataset(dataset)) return null;
  const shape = dataset.shape ?? [];
  const step = (axis: number) => {
    const dim = h5get(group, `dim${axis + 1}`);
    if (!isDataset(dim) || (dim.shape?.[0] ?? 0) < 2) return { step: Number.NaN, unit: "" };
    const v = dim.slice([[0, 2]]) as ArrayLike<number> | null;
    return { step: v ? Number(v[1]) - Number(v[0]) : Number.NaN, unit: String(h5attr(dim, "units") ?? "") };
  };
  const y = step(shape.length - 2);
  const x = step(shape.length - 1);
  const microscope = h5get(file, "microscope");
  const metadata: MicrographMetadata = {};
  const volts = num(h5attr(microscope, "high tension"));
  if (volts) metadata.voltageKv = volts / 1000;
  const mag = num(h5attr(microscope, "magnification"));
  if (mag) metadata.magnification = mag;
  const instrument = h5attr(microscope, "name");
  if (typeof instrument === "string") metadata.instrument = instrument;
  return {
    format: "emd-berkeley",
    dataset,
    shape,
    yAxis: shape.length - 2,
    xAxis: shape.length - 1,
    frameAxes: shape.slice(0, -2).map((_, i) => i),
    scale: { x: x.step, y: y.step, unitX: x.unit, unitY: y.unit },
    metadata,
    original: {
      group: name,
      microscope: microscope
        ? Object.fromEntries(Object.keys(microscope.attrs).map((k) => [k, h5attr(microscope, k)]))
        : null,
    },
  };
}

/** HyperSpy: /Experiments/<title>/data with axis-0…axis-N groups (scale, units); last two axes y, x. */
function hyperspy(file: H5File): Hdf5Image | null {
  const experiments = h5get(file, "Experiments");
  if (!isGroup(experiments)) return null;
  const title = h5keys(experiments)[0];
  const group = title ? h5get(experiments, title) : null;
  const dataset = isGroup(group) ? h5get(group, "data") : null;
  if (!isGroup(group) || !isDataset(dataset)) return null;
  const shape = dataset.shape ?? [];
  const axis = (i: number) => {
    const a = h5get(group, `axis-${i}`);
    return { scale: num(h5attr(a, "scale")) ?? Number.NaN, unit: String(h5attr(a, "units") ?? "") };
  };
  const y = axis(shape.length - 2);
  const x = axis(shape.length - 1);
  const tem = h5get(group, "metadata/Acquisition_instrument/TEM");
  const general = h5get(group, "metadata/General");
  const metadata: MicrographMetadata = {};
  const kv = num(h5attr(tem, "beam_energy"));
  if (kv) metadata.voltageKv = kv;
  const mag = num(h5attr(tem, "magnification"));
  if (mag) metadata.magnification = mag;
  const exposure = num(h5attr(tem, "exposure"));
  if (exposure !== undefined) metadata.exposureS = exposure;
  const instrument = h5attr(tem, "microscope");
  if (typeof instrument === "string") metadata.instrument = instrument;
  const date = h5attr(general, "date");
  if (typeof date === "string")
    metadata.acquisitionDate = `${date}${typeof h5attr(general, "time") === "string" ? `T${h5attr(general, "time")}` : ""}`;
  return {
    format: "hspy",
    dataset,
    shape,
    yAxis: shape.length - 2,
    xAxis: shape.length - 1,
    frameAxes: shape.slice(0, -2).map((_, i) => i),
    scale: { x: x.scale, y: y.scale, unitX: x.unit, unitY: y.unit },
    metadata,
    original: { experiment: title, signal: h5attr(h5get(group, "metadata/Signal"), "signal_type") ?? null },
  };
}

/**
 * Reads one frame of an HDF5 micrograph: Velox EMD (Thermo Fisher), Berkeley EMD (NCEM) or HyperSpy
 * `.hspy`. Frames are the axes beyond the image's (Velox: last; Berkeley/HyperSpy: leading), flattened.
 */
export async function readEmd(path: string, options: FormatReadOptions): Promise<Micrograph> {
  return withHdf5(path, (file) => {
    const image = velox(file) ?? berkeley(file) ?? hyperspy(file);
    if (!image) throw inputError("HDF5 file holds no Velox, Berkeley EMD or HyperSpy image", path);
    const { shape } = image;
    if (shape.length < 2 || shape.length > 4)
      throw inputError(`HDF5 image has ${shape.length} dimensions (expected 2 to 4)`, path);
    const height = shape[image.yAxis];
    const width = shape[image.xAxis];
    const frames = image.frameAxes.reduce((n, a) => n * shape[a], 1);
    const frame = frameIndex(frames, options, (m) => inputError(m, path));
    const ranges: [number, number][] = shape.map((n) => [0, n]);
    let rest = frame;
    for (const a of [...image.frameAxes].reverse()) {
      ranges[a] = [rest % shape[a], (rest % shape[a]) + 1];
      rest = Math.floor(rest / shape[a]);
    }
    // Chunked, compressed datasets may claim far more than the file holds: bound the frame by the file size.
    const frameBytes = width * height * (image.dataset.metadata.size || 1);
    if (frameBytes > expansionLimit(statSync(path).size)) {
      throw inputError(
        `HDF5 image of ${width}×${height} pixels cannot come from a file this small: damaged`,
        path,
      );
    }
    const data = h5frame(image.dataset, ranges, width, height);
    const calibration = imageCalibration(
      { scale: image.scale.x, unit: image.scale.unitX },
      { scale: image.scale.y, unit: image.scale.unitY },
    );
    const metadata = image.metadata;
    if (calibration.pixelUnit) metadata.pixelUnit = calibration.pixelUnit;
    if (calibration.reciprocalPixelSizePerNm)
      metadata.reciprocalPixelSizePerNm = calibration.reciprocalPixelSizePerNm;
    return {
      data,
      width,
      height,
      pixelSizeNm: calibration.pixelSizeNm,
      dtype: h5dtype(image.dataset),
      kind: calibration.reciprocalPixelSizePerNm ? "diffraction" : frames > 1 ? "stack" : "image",
      frames,
      source: { path, format: image.format, frame },
      metadata,
      originalMetadata: { shape, ...image.original },
    };
  });
}
