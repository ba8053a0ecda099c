import { type AxisScale, type ImageCalibration, imageCalibration } from "../calibration.js";
import type { Micrograph, MicrographMetadata, StoredDtype } from "../micrograph.js";
import { type TiffIfd, parseTiff, tagNumber, tagText } from "./tiffIfd.js";
import { tiffLayout, tiffPageBytes, tiffPageToGrey } from "./tiffPixels.js";
import { type FormatReadOptions, frameIndex } from "./readerTypes.js";

/** Screen and printer densities that image software writes by default: not a calibration. */
const DEFAULT_DPI = new Set([1, 72, 96, 150, 200, 300, 600, 1200]);

/** ImageJ's description block ("ImageJ=1.x\nunit=nm\n…") as key → value, with \uXXXX escapes resolved. */
export function parseImageJDescription(text: string | undefined): Map<string, string> | null {
  if (!text?.startsWith("ImageJ=")) return null;
  const map = new Map<string, string>();
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0)
      map.set(
        line.slice(0, eq).trim(),
        line
          .slice(eq + 1)
          .trim()
          .replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
      );
  }
  return map;
}

/** FEI/Thermo SEM/FIB metadata (tag 34682, INI text): PixelWidth/PixelHeight in metres. */
function feiCalibration(ifd: TiffIfd): ImageCalibration | null {
  const text = tagText(ifd, 34682);
  if (!text) return null;
  const x = /^PixelWidth=([0-9.eE+-]+)/m.exec(text);
  const y = /^PixelHeight=([0-9.eE+-]+)/m.exec(text);
  if (!x) return null;
  return imageCalibration({ scale: Number(x[1]), unit: "m" }, { scale: Number((y ?? x)[1]), unit: "m" });
}

/**
 * The page's calibration, from the most specific source present: ImageJ's description (unit + resolution
 * in pixels per unit), DigitalMicrograph's private tags (65003/65004 units, 65009/65010 scales), FEI's
 * metadata tag, then the resolution tags in centimetres or inches (default screen densities ignored).
 */
function tiffCalibration(ifd: TiffIfd): ImageCalibration & { origin?: string } {
  const xres = tagNumber(ifd, 282);
  const yres = tagNumber(ifd, 283) ?? xres;
  const imagej = parseImageJDescription(tagText(ifd, 270));
  const ijUnit = imagej?.get("unit");
  if (ijUnit && xres && yres) {
    const c = imageCalibration(
      { scale: 1 / xres, unit: ijUnit },
      { scale: 1 / yres, unit: imagej?.get("yunit") ?? ijUnit },
    );
    if (c.pixelSizeNm || c.reciprocalPixelSizePerNm) return { ...c, origin: "ImageJ" };
  }
  const dmScaleX = tagNumber(ifd, 65009);
  if (dmScaleX !== undefined) {
    const x: AxisScale = { scale: dmScaleX, unit: tagText(ifd, 65003) ?? "" };
    const y: AxisScale = { scale: tagNumber(ifd, 65010) ?? dmScaleX, unit: tagText(ifd, 65004) ?? x.unit };
    const c = imageCalibration(x, y);
    if (c.pixelSizeNm || c.reciprocalPixelSizePerNm) return { ...c, origin: "DigitalMicrograph" };
  }
  const fei = feiCalibration(ifd);
  if (fei?.pixelSizeNm) return { ...fei, origin: "FEI" };
  const unit = tagNumber(ifd, 296, 2);
  if (xres && yres && (unit === 3 || (unit === 2 && !DEFAULT_DPI.has(xres)))) {
    const nmPerUnit = unit === 3 ? 1e7 : 2.54e7;
    return {
      pixelSizeNm: { x: nmPerUnit / xres, y: nmPerUnit / yres },
      pixelUnit: unit === 3 ? "cm" : "inch",
      origin: "resolution tags",
    };
  }
  return { pixelSizeNm: null };
}

function dtypeOf(sample: string, spp: number, bits: number): StoredDtype {
  if (spp === 1) return sample as StoredDtype;
  return bits === 16 ? "rgb48" : spp === 4 ? "rgba" : "rgb";
}

/**
 * Reads one page of a TIFF (8/16/32/64-bit integer or 16/32/64-bit float, grey or RGB(A) as luminance;
 * uncompressed, LZW, Deflate or PackBits, strips or tiles). Full-resolution pages form the frames of a stack;
 * ImageJ stacks written as one block (`images=N`) are sliced too.
 */
export function readTiff(bytes: Uint8Array, path: string, options: FormatReadOptions): Micrograph {
  const tiff = parseTiff(bytes, path);
  const r = tiff.reader;
  // Reduced-resolution previews (NewSubfileType bit 0) are not frames.
  const pages = tiff.ifds.filter((ifd) => ((tagNumber(ifd, 254, 0) ?? 0) & 1) === 0);
  const first = pages[0] ?? tiff.ifds[0];
  const layout = tiffLayout(first, r);
  const imagej = parseImageJDescription(tagText(first, 270));
  const ijImages = Number(imagej?.get("images") ?? 1);
  const contiguous =
    pages.length === 1 && Number.isSafeInteger(ijImages) && ijImages > 1 && layout.compression === 1;
  const frames = contiguous ? ijImages : pages.length;
  const frame = frameIndex(frames, options, r.error.bind(r));
  let data: Float32Array;
  if (contiguous) {
    const page = tiffPageBytes(first, layout, r, tiff.littleEndian);
    const frameBytes = (layout.width * layout.height * layout.samplesPerPixel * layout.bitsPerSample) / 8;
    const offset = page.offset + frame * frameBytes;
    if (page.bytes !== r.bytes || offset + frameBytes > r.length)
      throw r.error(`truncated ImageJ stack: frame ${frame} lies past the end of the file`);
    data = tiffPageToGrey({ bytes: page.bytes, offset }, layout, tiff.littleEndian);
  } else {
    const ifd = pages[frame];
    const pageLayout = frame === 0 ? layout : tiffLayout(ifd, r);
    if (pageLayout.width !== layout.width || pageLayout.height !== layout.height) {
      throw r.error(
        `TIFF page ${frame} is ${pageLayout.width}×${pageLayout.height}, page 0 is ${layout.width}×${layout.height}`,
      );
    }
    data = tiffPageToGrey(
      tiffPageBytes(ifd, pageLayout, r, tiff.littleEndian),
      pageLayout,
      tiff.littleEndian,
    );
  }
  const calibration = tiffCalibration(first);
  const metadata: MicrographMetadata = {};
  if (calibration.pixelUnit) metadata.pixelUnit = calibration.pixelUnit;
  if (calibration.reciprocalPixelSizePerNm)
    metadata.reciprocalPixelSizePerNm = calibration.reciprocalPixelSizePerNm;
  const date = tagText(first, 306);
  if (date) metadata.acquisitionDate = date.replace(/^(\d{4}):(\d{2}):(\d{2}) /, "$1-$2-$3T");
  const instrument = tagText(first, 272) ?? tagText(first, 271);
  if (instrument) metadata.instrument = instrument;
  const original: Record<string, unknown> = {
    pages: tiff.ifds.length,
    calibrationSource: calibration.origin ?? null,
  };
  for (const [tag, value] of first)
    original[String(tag)] = Array.isArray(value) && value.length > 64 ? `<${value.length} values>` : value;
  return {
    data,
    width: layout.width,
    height: layout.height,
    pixelSizeNm: calibration.pixelSizeNm,
    dtype: dtypeOf(layout.sample, layout.samplesPerPixel, layout.bitsPerSample),
    kind: calibration.reciprocalPixelSizePerNm ? "diffraction" : frames > 1 ? "stack" : "image",
    frames,
    source: { path, format: "tiff", frame },
    metadata,
    originalMetadata: original,
  };
}
