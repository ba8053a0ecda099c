import { type ByteReader, checkFrameFits, expansionLimit } from "../binary.js";
import { decodeSamples, type SampleType } from "../samples.js";
import { decompress } from "./tiffCompression.js";
import { type TiffIfd, tagNumber } from "./tiffIfd.js";

/** The pixel layout of one TIFF page, as the tags describe it. */
export interface TiffLayout {
  width: number;
  height: number;
  samplesPerPixel: number;
  bitsPerSample: number;
  sample: SampleType;
  compression: number;
  predictor: number;
  photometric: number;
  /** Luminance (0–255) of each index of a palette-colour page (PhotometricInterpretation 3), else null. */
  palette: Float32Array | null;
}

function sampleType(format: number, bits: number): SampleType | null {
  if (format === 3) return bits === 32 ? "float32" : bits === 64 ? "float64" : bits === 16 ? "float16" : null;
  const signed = format === 2;
  switch (bits) {
    case 8:
      return signed ? "int8" : "uint8";
    case 16:
      return signed ? "int16" : "uint16";
    case 32:
      return signed ? "int32" : "uint32";
    case 64:
      return signed ? "int64" : "uint64";
    default:
      return null;
  }
}

/** Reads and checks the layout tags of a page. */
export function tiffLayout(ifd: TiffIfd, r: ByteReader): TiffLayout {
  const width = tagNumber(ifd, 256) ?? 0;
  const height = tagNumber(ifd, 257) ?? 0;
  const samplesPerPixel = tagNumber(ifd, 277, 1)!;
  const bitsPerSample = tagNumber(ifd, 258, 1)!;
  const format = tagNumber(ifd, 339, 1)!;
  const photometric = tagNumber(ifd, 262, 1)!;
  const planar = tagNumber(ifd, 284, 1)!;
  const palette = photometric === 3 ? paletteLuminance(ifd, r, samplesPerPixel, bitsPerSample, format) : null;
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3 && samplesPerPixel !== 4) {
    throw r.error(`TIFF with ${samplesPerPixel} samples per pixel is not supported (expected 1, 3 or 4)`);
  }
  if (samplesPerPixel > 1 && planar !== 1) throw r.error("TIFF with separate colour planes is not supported");
  const sample = sampleType(format, bitsPerSample);
  if (!sample) throw r.error(`TIFF with ${bitsPerSample}-bit samples of format ${format} is not supported`);
  return {
    width,
    height,
    samplesPerPixel,
    bitsPerSample,
    sample,
    compression: tagNumber(ifd, 259, 1)!,
    predictor: tagNumber(ifd, 317, 1)!,
    photometric,
    palette,
  };
}

/**
 * A palette page's ColorMap (tag 320: 2^bits red values, then green, then blue, 0–65535) as the luminance
 * of each index on 0–255, as a palette PNG is read: what the image shows. (ImageJ writes a display lookup
 * table this way; its grey and most sequential tables keep the data's order.)
 */
function paletteLuminance(
  ifd: TiffIfd,
  r: ByteReader,
  spp: number,
  bits: number,
  format: number,
): Float32Array {
  if (spp !== 1 || (bits !== 8 && bits !== 16) || format !== 1)
    throw r.error(
      `palette-colour TIFF with ${spp} × ${bits}-bit samples of format ${format} is not supported (one unsigned 8- or 16-bit sample is)`,
    );
  const map = numbers(ifd, 320);
  const size = 2 ** bits;
  if (map.length !== 3 * size)
    throw r.error(`palette-colour TIFF has a colour map of ${map.length} values, expected ${3 * size}`);
  const luminance = new Float32Array(size);
  for (let i = 0; i < size; i++)
    luminance[i] = (0.299 * map[i] + 0.587 * map[size + i] + 0.114 * map[2 * size + i]) / 257;
  return luminance;
}

function numbers(ifd: TiffIfd, tag: number): number[] {
  const v = ifd.get(tag);
  return Array.isArray(v) ? v : [];
}

/** Undoes horizontal differencing (predictor 2) in place, per row and sample. */
function undoPredictor(
  buf: Uint8Array,
  layout: TiffLayout,
  rows: number,
  rowWidth: number,
  le: boolean,
): void {
  const bytes = layout.bitsPerSample / 8;
  const spp = layout.samplesPerPixel;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (let row = 0; row < rows; row++) {
    const base = row * rowWidth * spp * bytes;
    for (let i = spp; i < rowWidth * spp; i++) {
      const at = base + i * bytes;
      const prev = at - spp * bytes;
      if (at + bytes > buf.length) return;
      if (bytes === 1) buf[at] = (buf[at] + buf[prev]) & 0xff;
      else if (bytes === 2) view.setUint16(at, view.getUint16(at, le) + view.getUint16(prev, le), le);
      else if (bytes === 4) view.setUint32(at, view.getUint32(at, le) + view.getUint32(prev, le), le);
    }
  }
}

/**
 * The page's samples as raw bytes in file byte order, `width × height × samplesPerPixel` of them, assembled
 * from strips or tiles and decompressed. Uncompressed single-block pages are returned as a view (no copy).
 */
export function tiffPageBytes(
  ifd: TiffIfd,
  layout: TiffLayout,
  r: ByteReader,
  le: boolean,
): { bytes: Uint8Array; offset: number } {
  const { width, height, samplesPerPixel: spp, bitsPerSample } = layout;
  const pixelBytes = (spp * bitsPerSample) / 8;
  checkFrameFits(r, width, height, 1, 0, 0);
  const tiled = ifd.has(322);
  const offsets = numbers(ifd, tiled ? 324 : 273);
  const counts = numbers(ifd, tiled ? 325 : 279);
  const blockWidth = tiled ? (tagNumber(ifd, 322) ?? 0) : width;
  const blockHeight = tiled ? (tagNumber(ifd, 323) ?? 0) : Math.min(tagNumber(ifd, 278, height)!, height);
  if (!(blockWidth >= 1 && blockHeight >= 1) || blockWidth * blockHeight > width * height * 4 + 65536) {
    throw r.error(`TIFF ${tiled ? "tile" : "strip"} size ${blockWidth}×${blockHeight} is invalid`);
  }
  const across = Math.ceil(width / blockWidth);
  const down = Math.ceil(height / blockHeight);
  if (offsets.length < across * down)
    throw r.error(`TIFF lists ${offsets.length} data blocks, the image needs ${across * down}`);
  const blockBytes = blockWidth * blockHeight * pixelBytes;
  const imageBytes = width * height * pixelBytes;
  const stored = counts.slice(0, across * down).reduce((a, b) => a + Math.max(b, 0), 0);
  if (layout.compression === 1 ? imageBytes > r.length : imageBytes > expansionLimit(stored)) {
    throw r.error(
      `TIFF claims ${width}×${height} pixels (${imageBytes} bytes) from ${stored} bytes of data: damaged or a decompression bomb`,
    );
  }
  if (layout.compression === 1 && !tiled && down === 1) {
    checkFrameFits(r, width, height, 1, pixelBytes, offsets[0]);
    return { bytes: r.bytes, offset: offsets[0] };
  }
  const out = new Uint8Array(width * height * pixelBytes);
  for (let by = 0; by < down; by++) {
    for (let bx = 0; bx < across; bx++) {
      const k = by * across + bx;
      const start = offsets[k];
      const count = layout.compression === 1 ? Math.min(counts[k] ?? blockBytes, blockBytes) : counts[k];
      if (!(count >= 0) || start + count > r.length)
        throw r.error(`truncated TIFF data block ${k} at byte ${start}`);
      const rowsHere = tiled ? blockHeight : Math.min(blockHeight, height - by * blockHeight);
      const expected = blockWidth * rowsHere * pixelBytes;
      let block: Uint8Array | null;
      try {
        block = decompress(layout.compression, r.bytes.subarray(start, start + count), expected);
      } catch {
        throw r.error(`corrupt compressed TIFF data block ${k} at byte ${start}`);
      }
      if (!block)
        throw r.error(
          `TIFF compression ${layout.compression} is not supported (uncompressed, LZW, Deflate, PackBits are)`,
        );
      if (layout.predictor === 2) {
        if (layout.compression === 1) block = block.slice(); // never change the caller's bytes
        undoPredictor(block, layout, rowsHere, blockWidth, le);
      } else if (layout.predictor !== 1) throw r.error(`TIFF predictor ${layout.predictor} is not supported`);
      const rowBytes = blockWidth * pixelBytes;
      const copyWidth = Math.min(blockWidth, width - bx * blockWidth) * pixelBytes;
      for (let y = 0; y < rowsHere && by * blockHeight + y < height; y++) {
        const src = y * rowBytes;
        if (src >= block.length) break;
        const dst = ((by * blockHeight + y) * width + bx * blockWidth) * pixelBytes;
        out.set(block.subarray(src, Math.min(src + copyWidth, block.length)), dst);
      }
    }
  }
  return { bytes: out, offset: 0 };
}

/** Decodes a page to float32 grey (colour → luminance; WhiteIsZero inverted). */
export function tiffPageToGrey(
  page: { bytes: Uint8Array; offset: number },
  layout: TiffLayout,
  le: boolean,
): Float32Array {
  const { width, height, samplesPerPixel: spp } = layout;
  const n = width * height;
  if (spp === 1) {
    const grey = decodeSamples(page.bytes, page.offset, n, layout.sample, le);
    if (layout.palette) {
      const { palette } = layout;
      for (let i = 0; i < n; i++) grey[i] = palette[grey[i]];
      return grey;
    }
    if (layout.photometric === 0 && layout.sample.startsWith("uint")) {
      const top = 2 ** layout.bitsPerSample - 1;
      for (let i = 0; i < n; i++) grey[i] = top - grey[i];
    }
    return grey;
  }
  const all = decodeSamples(page.bytes, page.offset, n * spp, layout.sample, le);
  const grey = new Float32Array(n);
  for (let i = 0; i < n; i++)
    grey[i] = 0.299 * all[i * spp] + 0.587 * all[i * spp + 1] + 0.114 * all[i * spp + 2];
  return grey;
}
