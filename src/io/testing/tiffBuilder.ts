/**
 * A small classic-TIFF builder for tests, benchmarks and fuzz seeds: any number of pages, strips already
 * encoded by the caller (raw, Deflate, PackBits, LZW …), extra tags. Little- or big-endian.
 */

/** One tag: SHORT (3), LONG (4), RATIONAL (5, as [num, den] pairs), ASCII (2) or DOUBLE (12). */
export interface TiffTagSpec {
  tag: number;
  type: 2 | 3 | 4 | 5 | 12;
  values: number[] | string;
}

/** One page: its strips (already compressed) and its tags besides the strip tables. */
export interface TiffPageSpec {
  width: number;
  height: number;
  bitsPerSample: number;
  /** 1 unsigned, 2 signed, 3 float. */
  sampleFormat: 1 | 2 | 3;
  samplesPerPixel?: number;
  /** PhotometricInterpretation (default 1 for one sample, 2 for three or four). */
  photometric?: number;
  compression?: number;
  predictor?: number;
  rowsPerStrip: number;
  /** Store `strips` as tiles of this size instead (row-major tile order); rowsPerStrip is then unused. */
  tile?: { width: number; height: number };
  strips: Uint8Array[];
  tags?: TiffTagSpec[];
}

const TYPE_BYTES: Record<number, number> = { 2: 1, 3: 2, 4: 4, 5: 8, 12: 8 };

/** Encodes the pages into one TIFF file. */
export function buildTiff(pages: TiffPageSpec[], littleEndian = true): Uint8Array {
  const le = littleEndian;
  const parts: { offset: number; bytes: Uint8Array }[] = [];
  let end = 8;
  const place = (bytes: Uint8Array) => {
    end += end & 1;
    const offset = end;
    parts.push({ offset, bytes });
    end += bytes.length;
    return offset;
  };
  const ifdOffsets: number[] = [];
  const ifds: { offset: number; entries: TiffTagSpec[] }[] = [];
  for (const page of pages) {
    const stripOffsets = page.strips.map(place);
    const base: TiffTagSpec[] = [
      { tag: 256, type: 4, values: [page.width] },
      { tag: 257, type: 4, values: [page.height] },
      { tag: 258, type: 3, values: Array(page.samplesPerPixel ?? 1).fill(page.bitsPerSample) },
      { tag: 259, type: 3, values: [page.compression ?? 1] },
      { tag: 262, type: 3, values: [page.photometric ?? ((page.samplesPerPixel ?? 1) >= 3 ? 2 : 1)] },
      ...(page.tile
        ? [
            { tag: 322, type: 4 as const, values: [page.tile.width] },
            { tag: 323, type: 4 as const, values: [page.tile.height] },
            { tag: 324, type: 4 as const, values: stripOffsets },
            { tag: 325, type: 4 as const, values: page.strips.map((s) => s.length) },
          ]
        : [
            { tag: 273, type: 4 as const, values: stripOffsets },
            { tag: 278, type: 4 as const, values: [page.rowsPerStrip] },
            { tag: 279, type: 4 as const, values: page.strips.map((s) => s.length) },
          ]),
      { tag: 277, type: 3, values: [page.samplesPerPixel ?? 1] },
      { tag: 317, type: 3, values: [page.predictor ?? 1] },
      { tag: 339, type: 3, values: Array(page.samplesPerPixel ?? 1).fill(page.sampleFormat) },
    ];
    const entries = [...base, ...(page.tags ?? [])].sort((a, b) => a.tag - b.tag);
    ifds.push({ offset: 0, entries });
  }
  // Directories go after all strip data; their out-of-line values after each directory.
  for (const ifd of ifds) {
    end += end & 1;
    ifd.offset = end;
    ifdOffsets.push(end);
    end += 2 + ifd.entries.length * 12 + 4;
    for (const e of ifd.entries) {
      const size =
        TYPE_BYTES[e.type] *
        (typeof e.values === "string"
          ? e.values.length + 1
          : e.type === 5
            ? e.values.length / 2
            : e.values.length);
      if (size > 4) {
        end += end & 1;
        (e as TiffTagSpec & { at?: number }).at = end;
        end += size;
      }
    }
  }
  const out = new Uint8Array(end);
  const view = new DataView(out.buffer);
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d], 0);
  view.setUint16(2, 42, le);
  view.setUint32(4, ifdOffsets[0], le);
  for (const p of parts) out.set(p.bytes, p.offset);
  ifds.forEach((ifd, k) => {
    view.setUint16(ifd.offset, ifd.entries.length, le);
    ifd.entries.forEach((e, i) => {
      const at = ifd.offset + 2 + 12 * i;
      const count =
        typeof e.values === "string"
          ? e.values.length + 1
          : e.type === 5
            ? e.values.length / 2
            : e.values.length;
      view.setUint16(at, e.tag, le);
      view.setUint16(at + 2, e.type, le);
      view.setUint32(at + 4, count, le);
      const target = (e as TiffTagSpec & { at?: number }).at;
      let p = target ?? at + 8;
      if (target !== undefined) view.setUint32(at + 8, target, le);
      if (typeof e.values === "string") {
        for (let c = 0; c < e.values.length; c++) out[p + c] = e.values.charCodeAt(c) & 0xff;
        return;
      }
      for (const v of e.values) {
        if (e.type === 3) view.setUint16(p, v, le);
        else if (e.type === 4 || e.type === 5) view.setUint32(p, v, le);
        else view.setFloat64(p, v, le);
        p += e.type === 3 ? 2 : e.type === 12 ? 8 : 4;
      }
    });
    view.setUint32(ifd.offset + 2 + 12 * ifd.entries.length, ifdOffsets[k + 1] ?? 0, le);
  });
  return out;
}

/** TIFF LZW encoder (MSB-first codes, 9–12 bits, as libtiff writes them), for tests of the decoder. */
export function lzwEncode(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  let width = 9;
  const emit = (code: number) => {
    acc = (acc << width) | code;
    bits += width;
    while (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  };
  let table = new Map<number, number>();
  let next = 258;
  emit(256);
  let w = -1;
  for (const byte of input) {
    if (w < 0) {
      w = byte;
      continue;
    }
    const key = w * 256 + byte;
    const known = table.get(key);
    if (known !== undefined) {
      w = known;
      continue;
    }
    emit(w);
    table.set(key, next++);
    if (next >= 1 << width && width < 12) width++;
    if (next >= 4094) {
      emit(256);
      table = new Map();
      next = 258;
      width = 9;
    }
    w = byte;
  }
  if (w >= 0) emit(w);
  emit(257);
  if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return new Uint8Array(out);
}
