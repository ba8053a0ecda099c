import { ByteReader } from "../binary.js";

/**
 * Gatan DigitalMicrograph DM3/DM4 tag tree, parsed from the public format description: a big-endian
 * header (version, root length, byte-order flag), then nested tag groups. DM3 stores counts and sizes in
 * 4 bytes, DM4 in 8 and adds each tag's byte size. Tag headers and type descriptors are big-endian; values
 * follow the header's byte-order flag (1 = little-endian).
 */

/** A primitive array too long to decode eagerly (image data): where its bytes are. */
export interface DmArrayRef {
  kind: "array";
  /** DM element type code (2 int16 … 12 uint64). */
  elementType: number;
  count: number;
  /** Byte offset of the first element. */
  offset: number;
}

/** A tag group: ordered, named or unnamed entries (unnamed entries are list items). */
export interface DmGroup {
  kind: "group";
  tags: { name: string; value: DmValue }[];
}

/** A tag value: number, text, boolean, small arrays and structs, a group, or a reference to a long array. */
export type DmValue = number | string | boolean | number[] | number[][] | DmGroup | DmArrayRef;

/** The parsed file: version, byte order and the root group. */
export interface DmFile {
  version: 3 | 4;
  littleEndian: boolean;
  root: DmGroup;
  reader: ByteReader;
}

const ELEMENT_BYTES: Record<number, number> = {
  2: 2,
  3: 4,
  4: 2,
  5: 4,
  6: 4,
  7: 8,
  8: 1,
  9: 1,
  10: 1,
  11: 8,
  12: 8,
};
const TYPE_STRUCT = 15;
const TYPE_STRING = 18;
const TYPE_ARRAY = 20;
/** Arrays up to this length are decoded into the tree; longer ones stay references. */
const EAGER_ARRAY = 1024;
const MAX_DEPTH = 64;
const MAX_TAGS = 1_000_000;
const MAX_INFO = 4096;

/** A tag name fit for a one-line message: printable characters only, at most 40 of them. */
function quote(name: string): string {
  const clean = name.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, "?");
  return `"${clean.length > 40 ? `${clean.slice(0, 40)}…` : clean}"`;
}

/** Parses a DM3 or DM4 file's tag tree (data arrays are located, not copied). */
export function parseDm(bytes: Uint8Array, file: string): DmFile {
  const probe = new ByteReader(bytes, file, "DM");
  const version = probe.u32(false, "header");
  if (version !== 3 && version !== 4)
    throw probe.error(`not a DM3/DM4 file: version ${version} (expected 3 or 4)`);
  const r = new ByteReader(bytes, file, `DM${version}`);
  r.pos = 4;
  const dm4 = version === 4;
  if (dm4) r.u64(false, "header");
  else r.u32(false, "header");
  const order = r.u32(false, "header");
  if (order !== 0 && order !== 1) throw r.error(`DM${version} byte-order flag is ${order} (expected 0 or 1)`);
  const parser = new DmParser(r, dm4, order === 1);
  const root = parser.group(0);
  return { version, littleEndian: order === 1, root, reader: r };
}

class DmParser {
  private tagCount = 0;

  constructor(
    private readonly r: ByteReader,
    private readonly dm4: boolean,
    private readonly le: boolean,
  ) {}

  private size(what: string): number {
    return this.dm4 ? this.r.u64(false, what) : this.r.u32(false, what);
  }

  group(depth: number): DmGroup {
    const r = this.r;
    if (depth > MAX_DEPTH)
      throw r.error(`${r.format} tag groups nested deeper than ${MAX_DEPTH} at byte ${r.pos}`);
    r.need(2, "tag group header");
    r.pos += 2; // is-sorted, is-open flags
    const count = this.size("tag group header");
    // Every tag takes at least 3 bytes (type + name length): a larger count cannot be true.
    if (count * 3 > r.remaining)
      throw r.error(`truncated ${r.format} tag directory at byte ${r.pos}: ${count} tags claimed`);
    const group: DmGroup = { kind: "group", tags: [] };
    for (let i = 0; i < count; i++) {
      if (++this.tagCount > MAX_TAGS) throw r.error(`${r.format} file has more than ${MAX_TAGS} tags`);
      const at = r.pos;
      const type = r.u8("tag directory");
      if (type === 0) break; // end-of-file marker written by some DM versions
      const nameLength = r.u16(false, "tag directory");
      const name = r.latin1(nameLength, "tag name");
      const size = this.dm4 ? r.u64(false, "tag size") : 0;
      const end = r.pos + size;
      if (type === 20) group.tags.push({ name, value: this.group(depth + 1) });
      else if (type === 21) group.tags.push({ name, value: this.dataOrSkip(name, end) });
      else
        throw r.error(
          `${r.format} tag directory corrupt at byte ${at}: tag type ${type} (expected 20 or 21)`,
        );
    }
    return group;
  }

  /**
   * A data tag's value. DM4 states each tag's size, so a tag of a type this parser does not know (exotic
   * descriptors, strings in arrays) is skipped instead of failing the whole file; DM3 cannot skip.
   */
  private dataOrSkip(name: string, end: number): DmValue {
    if (!this.dm4) return this.data(name);
    const start = this.r.pos;
    try {
      return this.data(name);
    } catch (error) {
      if (end <= start + 4 || end > this.r.length || name === "Data") throw error;
      this.r.pos = end;
      return `<unreadable tag of ${end - start} bytes>`;
    }
  }

  private data(name: string): DmValue {
    const r = this.r;
    const mark = r.latin1(4, "tag data");
    if (mark !== "%%%%")
      throw r.error(`${r.format} tag ${quote(name)} lacks its %%%% marker at byte ${r.pos - 4}`);
    const ninfo = this.size("tag type info");
    if (ninfo < 1 || ninfo > MAX_INFO)
      throw r.error(`${r.format} tag ${quote(name)} has ${ninfo} type descriptors at byte ${r.pos}`);
    r.need(ninfo * (this.dm4 ? 8 : 4), "tag type info");
    const info: number[] = [];
    for (let i = 0; i < ninfo; i++) info.push(this.size("tag type info"));
    return this.value(info, name);
  }

  private elementBytes(type: number, name: string): number {
    const n = ELEMENT_BYTES[type];
    if (n === undefined)
      throw this.r.error(
        `${this.r.format} tag ${quote(name)} has unknown data type ${type} at byte ${this.r.pos}`,
      );
    return n;
  }

  private scalar(type: number): number | boolean {
    const r = this.r;
    const le = this.le;
    switch (type) {
      case 2:
        return r.i16(le, "tag value");
      case 3:
        return r.i32(le, "tag value");
      case 4:
        return r.u16(le, "tag value");
      case 5:
        return r.u32(le, "tag value");
      case 6:
        return r.f32(le, "tag value");
      case 7:
        return r.f64(le, "tag value");
      case 8:
        return r.u8("tag value") !== 0;
      case 9: {
        const v = r.u8("tag value");
        return v > 127 ? v - 256 : v;
      }
      case 10:
        return r.u8("tag value");
      case 11:
        return r.i64(le, "tag value");
      default:
        return Number(r.u64(le, "tag value"));
    }
  }

  private value(info: number[], name: string): DmValue {
    const r = this.r;
    const type = info[0];
    if (type === TYPE_STRING) {
      const length = info[1] ?? 0;
      r.need(length * 2, `tag ${quote(name)} string`);
      let s = "";
      for (let i = 0; i < length; i++) s += String.fromCharCode(r.u16(this.le, "string"));
      return s;
    }
    if (type === TYPE_STRUCT) return this.struct(info, 1, name);
    if (type !== TYPE_ARRAY) {
      this.elementBytes(type, name);
      return this.scalar(type);
    }
    const elementType = info[1];
    if (elementType === TYPE_STRUCT) {
      const fields = info[3] ?? 0;
      const count = info[4 + 2 * fields];
      if (count === undefined || info.length !== 5 + 2 * fields)
        throw r.error(`${r.format} tag ${quote(name)} has malformed struct-array type info`);
      let size = 0;
      for (let f = 0; f < fields; f++) size += this.elementBytes(info[5 + 2 * f], name);
      r.need(size * count, `tag ${quote(name)} array`);
      if (count * fields > EAGER_ARRAY) {
        const ref: DmArrayRef = {
          kind: "array",
          elementType: TYPE_STRUCT,
          count: count * fields,
          offset: r.pos,
        };
        r.pos += size * count;
        return ref;
      }
      const rows: number[][] = [];
      for (let k = 0; k < count; k++) rows.push(this.struct(info, 2, name));
      return rows;
    }
    const count = info[2];
    if (count === undefined) throw r.error(`${r.format} tag ${quote(name)} has malformed array type info`);
    const bytes = this.elementBytes(elementType, name);
    r.need(bytes * count, `tag ${quote(name)} array of ${count} elements`);
    // Image data stays a reference whatever its size, so its readers always know its byte offset.
    if (count > EAGER_ARRAY || name === "Data") {
      const ref: DmArrayRef = { kind: "array", elementType, count, offset: r.pos };
      r.pos += bytes * count;
      return ref;
    }
    if (elementType === 4) {
      let s = "";
      for (let i = 0; i < count; i++) s += String.fromCharCode(r.u16(this.le, "string"));
      return s;
    }
    const values: number[] = [];
    for (let i = 0; i < count; i++) values.push(Number(this.scalar(elementType)));
    return values;
  }

  /** Reads one struct whose descriptor starts at info[start] (name length, field count, pairs). */
  private struct(info: number[], start: number, name: string): number[] {
    const fields = info[start + 1] ?? 0;
    if (info.length < start + 2 + 2 * fields)
      throw this.r.error(`${this.r.format} tag ${quote(name)} has malformed struct type info`);
    const values: number[] = [];
    for (let f = 0; f < fields; f++) {
      const type = info[start + 3 + 2 * f];
      this.elementBytes(type, name);
      values.push(Number(this.scalar(type)));
    }
    return values;
  }
}

/** The entry `path` ("ImageData/Dimensions") below `group`; unnamed entries are addressed by index. */
export function dmGet(group: DmValue | undefined, path: string): DmValue | undefined {
  let node: DmValue | undefined = group;
  for (const part of path.split("/")) {
    if (!node || typeof node !== "object" || !("kind" in node) || node.kind !== "group") return undefined;
    const tags: DmGroup["tags"] = node.tags;
    node = /^\d+$/.test(part) ? tags[Number(part)]?.value : tags.find((t) => t.name === part)?.value;
  }
  return node;
}

/** A numeric tag value, or undefined. */
export function dmNumber(group: DmValue | undefined, path: string): number | undefined {
  const v = dmGet(group, path);
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * A text tag value, or undefined. DM stores text as arrays of 16-bit characters (decoded while parsing);
 * some writers use arrays of bytes, read here as Latin-1 (so 0xB5 is "µ").
 */
export function dmString(group: DmValue | undefined, path: string): string | undefined {
  const v = dmGet(group, path);
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.length <= 256 && v.every((c) => typeof c === "number" && c >= 0 && c < 256)) {
    return String.fromCharCode(...(v as number[]));
  }
  return undefined;
}

/** The group as plain JSON for `originalMetadata`; data arrays become a short description. */
export function dmToJson(value: DmValue): unknown {
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value;
  if (value.kind === "array")
    return `<array of ${value.count} elements (type ${value.elementType}) at byte ${value.offset}>`;
  const named = value.tags.every((t) => t.name !== "");
  if (!named) return value.tags.map((t) => dmToJson(t.value));
  const out: Record<string, unknown> = {};
  for (const t of value.tags) out[t.name] = dmToJson(t.value);
  return out;
}
