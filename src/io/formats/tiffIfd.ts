import { ByteReader } from "../binary.js";

/**
 * TIFF directory parsing (classic TIFF and BigTIFF), bounded: at most {@link MAX_PAGES} directories,
 * loops detected, every value's offset and length checked against the file before it is read.
 */

/** A parsed image file directory: tag → numeric values or text. */
export type TiffIfd = Map<number, number[] | string>;

const TYPE_BYTES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
  16: 8,
  17: 8,
  18: 8,
};
const MAX_PAGES = 100_000;
const MAX_ENTRIES = 4096;
/** Values longer than this are only kept for the tags that need them (strip tables, descriptions). */
const MAX_VALUES = 1 << 20;

/** A parsed TIFF: byte order, classic or BigTIFF, its directories and the reader over its bytes. */
export interface TiffFile {
  littleEndian: boolean;
  bigTiff: boolean;
  ifds: TiffIfd[];
  reader: ByteReader;
}

/** Parses the header and every directory of a TIFF file. */
export function parseTiff(bytes: Uint8Array, file: string): TiffFile {
  const r = new ByteReader(bytes, file, "TIFF");
  const order = r.latin1(2, "header");
  if (order !== "II" && order !== "MM") throw r.error(`not a TIFF file: byte-order mark "${order}"`);
  const le = order === "II";
  const magic = r.u16(le, "header");
  if (magic !== 42 && magic !== 43)
    throw r.error(`not a TIFF file: magic number ${magic} (expected 42 or 43)`);
  const bigTiff = magic === 43;
  if (bigTiff) {
    const offsetSize = r.u16(le, "header");
    r.u16(le, "header");
    if (offsetSize !== 8) throw r.error(`BigTIFF offset size ${offsetSize} (expected 8)`);
  }
  let next = bigTiff ? r.u64(le, "header") : r.u32(le, "header");
  const seen = new Set<number>();
  const ifds: TiffIfd[] = [];
  while (next !== 0) {
    if (seen.has(next)) throw r.error(`TIFF directory chain loops back to byte ${next}`);
    if (ifds.length >= MAX_PAGES) throw r.error(`TIFF has more than ${MAX_PAGES} pages`);
    seen.add(next);
    r.seek(next, "directory offset");
    const count = bigTiff ? r.u64(le, "directory") : r.u16(le, "directory");
    if (count > MAX_ENTRIES) throw r.error(`TIFF directory at byte ${next} claims ${count} entries`);
    const entrySize = bigTiff ? 20 : 12;
    r.need(count * entrySize + (bigTiff ? 8 : 4), "directory");
    const ifd: TiffIfd = new Map();
    for (let i = 0; i < count; i++) readEntry(r, le, bigTiff, ifd, next + (bigTiff ? 8 : 2) + i * entrySize);
    r.pos = next + (bigTiff ? 8 : 2) + count * entrySize;
    next = bigTiff ? r.u64(le, "directory") : r.u32(le, "directory");
    ifds.push(ifd);
  }
  if (ifds.length === 0) throw r.error("TIFF file has no image directory");
  return { littleEndian: le, bigTiff, ifds, reader: r };
}

function readEntry(r: ByteReader, le: boolean, big: boolean, ifd: TiffIfd, at: number): void {
  r.pos = at;
  const tag = r.u16(le, "directory entry");
  const type = r.u16(le, "directory entry");
  const count = big ? r.u64(le, "directory entry") : r.u32(le, "directory entry");
  const size = TYPE_BYTES[type];
  if (size === undefined) return; // unknown types are skipped, as the TIFF specification asks
  const total = size * count;
  const inline = big ? 8 : 4;
  if (total > inline) r.seek(big ? r.u64(le, "value offset") : r.u32(le, "value offset"), `tag ${tag} value`);
  r.need(total, `tag ${tag} value`);
  if (type === 2) {
    let end = r.pos + count;
    while (end > r.pos && r.bytes[end - 1] === 0) end--;
    ifd.set(tag, new TextDecoder("latin1").decode(r.bytes.subarray(r.pos, end)));
    return;
  }
  if ((type === 1 || type === 7) && count > 65536) return; // private binary blobs: not needed here
  if (count > MAX_VALUES) throw r.error(`TIFF tag ${tag} has ${count} values`);
  const values: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    switch (type) {
      case 1:
      case 7:
        values[i] = r.u8("value");
        break;
      case 6: {
        const v = r.u8("value");
        values[i] = v > 127 ? v - 256 : v;
        break;
      }
      case 3:
        values[i] = r.u16(le, "value");
        break;
      case 8:
        values[i] = r.i16(le, "value");
        break;
      case 4:
      case 13:
        values[i] = r.u32(le, "value");
        break;
      case 9:
        values[i] = r.i32(le, "value");
        break;
      case 5: {
        const num = r.u32(le, "value");
        const den = r.u32(le, "value");
        values[i] = den === 0 ? Number.NaN : num / den;
        break;
      }
      case 10: {
        const num = r.i32(le, "value");
        const den = r.i32(le, "value");
        values[i] = den === 0 ? Number.NaN : num / den;
        break;
      }
      case 11:
        values[i] = r.f32(le, "value");
        break;
      case 12:
        values[i] = r.f64(le, "value");
        break;
      case 16:
      case 18:
        values[i] = r.u64(le, "value");
        break;
      case 17:
        values[i] = r.i64(le, "value");
        break;
    }
  }
  ifd.set(tag, values);
}

/** First numeric value of a tag, or the fallback. */
export function tagNumber(ifd: TiffIfd, tag: number, fallback?: number): number | undefined {
  const v = ifd.get(tag);
  return Array.isArray(v) && v.length > 0 ? v[0] : fallback;
}

/** Text value of a tag, or undefined. */
export function tagText(ifd: TiffIfd, tag: number): string | undefined {
  const v = ifd.get(tag);
  return typeof v === "string" ? v : undefined;
}
