import { existsSync, statSync } from "node:fs";
import { inputError, usageError } from "../core/index.js";
import { detectFormat } from "./detectFormat.js";
import { readFileOwned } from "./fileBuffer.js";
import { readDm } from "./formats/dm.js";
import { readEmd } from "./formats/emd.js";
import { readJpeg } from "./formats/jpeg.js";
import { readMrc } from "./formats/mrc.js";
import { readNpy } from "./formats/npy.js";
import { readPng } from "./formats/png.js";
import { readSer } from "./formats/ser.js";
import { readTiff } from "./formats/tiff.js";
import type { Micrograph } from "./micrograph.js";

/** Largest file read [bytes] (Node's single-buffer limit is ≈2 GiB). */
const MAX_FILE_BYTES = 2 ** 31 - 1;

/** Options of {@link readMicrograph}. */
export interface ReadMicrographOptions {
  /**
   * Pixel size [nm] to use instead of the file's calibration (PNG/JPEG carry none nanocryst trusts).
   * When given it wins over the file's value.
   */
  pixelSizeNm?: number;
  /** Frame of a stack (0-based). A stack read without it is refused, so no frame is analysed by accident. */
  frame?: number;
  /**
   * Accept what is not a single image (spectra, stacks without `frame`, >3-D data) and return its first
   * frame, for inspection (`nanocryst info`). Default false.
   */
  allowNonImage?: boolean;
}

function readBytes(path: string): Uint8Array {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw inputError("is a directory, not a micrograph file", path);
    size = stat.size;
  } catch (error) {
    if (error instanceof Error && error.name === "NanocrystError") throw error;
    throw inputError("no such file (or it cannot be read)", path);
  }
  if (size > MAX_FILE_BYTES)
    throw inputError(`file of ${size} bytes is larger than nanocryst reads (2 GiB)`, path);
  if (size === 0) throw inputError("file is empty", path);
  return readFileOwned(path, size);
}

/** Decodes a file by its content into one 2-D frame (no kind checks). */
async function decode(path: string, frame: number | undefined): Promise<Micrograph> {
  const bytes = readBytes(path);
  const format = detectFormat(bytes, path);
  const options = { frame };
  switch (format) {
    case "dm":
      return readDm(bytes, path, options);
    case "tiff":
      return readTiff(bytes, path, options);
    case "mrc":
      return readMrc(bytes, path, options);
    case "ser":
      return readSer(bytes, path, options);
    case "hdf5":
      return readEmd(path, options);
    case "png":
      return readPng(bytes, path);
    case "jpeg":
      return readJpeg(bytes, path);
    case "npy":
      return readNpy(bytes, path, options);
    case "emi": {
      // TIA writes NAME.emi (metadata) beside NAME_1.ser (data): read the data the user meant.
      const ser = path.replace(/\.emi$/i, "_1.ser");
      if (ser === path || !existsSync(ser))
        throw inputError("an EMI file holds only metadata and no NAME_1.ser is beside it", path);
      return readSer(readBytes(ser), ser, options);
    }
    case null:
      throw inputError(
        /\.npz$/i.test(path)
          ? "a NumPy .npz archive: save the image array alone with numpy.save (.npy)"
          : "unrecognised file format (nanocryst reads DM3, DM4, TIFF, MRC, SER, EMD/HDF5, PNG, JPEG and NumPy .npy)",
        path,
      );
  }
}

/**
 * Reads a micrograph file into one calibrated float32 frame, recognising the format from its bytes:
 * Gatan DM3/DM4, TIFF (ImageJ, DigitalMicrograph, FEI calibrations), MRC/CCP4, FEI/Thermo SER (+EMI),
 * Velox and Berkeley EMD and HyperSpy HDF5, PNG, JPEG and NumPy NPY. Spectra are refused and stacks need `frame`
 * unless `allowNonImage`. Every failure is one {@link inputError} line naming the file.
 */
export async function readMicrograph(path: string, options: ReadMicrographOptions = {}): Promise<Micrograph> {
  const { pixelSizeNm, frame, allowNonImage = false } = options;
  if (pixelSizeNm !== undefined && !(pixelSizeNm > 0 && Number.isFinite(pixelSizeNm))) {
    throw usageError(`pixel size must be a positive number of nm, got ${pixelSizeNm}`);
  }
  const micrograph = await decode(path, frame);
  if (!allowNonImage) {
    if (micrograph.kind === "spectrum") {
      throw inputError(`holds a spectrum of ${micrograph.width} channels, not an image`, path);
    }
    if (micrograph.kind === "other")
      throw inputError("holds data of more than three dimensions, not an image", path);
    if (micrograph.frames > 1 && frame === undefined) {
      throw inputError(
        `holds a stack of ${micrograph.frames} frames of ${micrograph.width}×${micrograph.height}: choose one with --frame N (0–${micrograph.frames - 1})`,
        path,
      );
    }
  }
  if (pixelSizeNm !== undefined) {
    micrograph.pixelSizeNm = { x: pixelSizeNm, y: pixelSizeNm };
    micrograph.metadata.pixelSizeSource = "option";
  } else if (micrograph.pixelSizeNm) micrograph.metadata.pixelSizeSource = "file";
  return micrograph;
}

/**
 * The pixel size of a micrograph, or a one-line error telling the user what to pass.
 * @returns pixel size [nm] per axis
 */
export function requirePixelSize(micrograph: Micrograph): { x: number; y: number } {
  if (micrograph.pixelSizeNm) return micrograph.pixelSizeNm;
  const format = micrograph.source.format.toUpperCase().replace(/^EMD-.*/, "EMD");
  throw inputError(`no pixel size in this ${format}: pass --pixel-size NM`, micrograph.source.path);
}
