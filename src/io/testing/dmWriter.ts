/**
 * A minimal Gatan DM3/DM4 writer for tests, benchmarks and fuzz seeds (nanocryst never writes DM files for
 * users). It lays out the tag tree exactly as the format description says, so the reader is tested
 * against the structure, not against itself: sizes 4 (DM3) or 8 (DM4) bytes, big-endian headers,
 * values in the chosen byte order.
 */

/** A tag to write: a group, a scalar of a DM type code, a text (uint16 array), or a raw data array. */
export type DmTagSpec =
  | { name: string; group: DmTagSpec[] }
  | { name: string; scalar: number; type: 2 | 3 | 4 | 5 | 6 | 7 | 9 | 10 }
  | { name: string; text: string }
  | { name: string; array: Uint8Array; elementType: number; count: number };

const SCALAR_BYTES: Record<number, number> = {
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

class Out {
  private chunks: Uint8Array[] = [];
  length = 0;
  push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function be(size: 4 | 8, value: number): Uint8Array {
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  if (size === 4) v.setUint32(0, value, false);
  else v.setBigUint64(0, BigInt(value), false);
  return b;
}

function encodeTags(tags: DmTagSpec[], dm4: boolean, le: boolean): Uint8Array {
  const size = dm4 ? 8 : 4;
  const out = new Out();
  out.push(new Uint8Array([0, 0]));
  out.push(be(size, tags.length));
  for (const tag of tags) {
    const name = new TextEncoder().encode(tag.name);
    let body: Uint8Array;
    let kind: number;
    if ("group" in tag) {
      kind = 20;
      body = encodeTags(tag.group, dm4, le);
    } else {
      kind = 21;
      const info: number[] = [];
      let data: Uint8Array;
      if ("scalar" in tag) {
        info.push(tag.type);
        data = new Uint8Array(SCALAR_BYTES[tag.type]);
        const v = new DataView(data.buffer);
        const set: Record<number, () => void> = {
          2: () => v.setInt16(0, tag.scalar, le),
          3: () => v.setInt32(0, tag.scalar, le),
          4: () => v.setUint16(0, tag.scalar, le),
          5: () => v.setUint32(0, tag.scalar, le),
          6: () => v.setFloat32(0, tag.scalar, le),
          7: () => v.setFloat64(0, tag.scalar, le),
          9: () => v.setInt8(0, tag.scalar),
          10: () => v.setUint8(0, tag.scalar),
        };
        set[tag.type]();
      } else if ("text" in tag) {
        info.push(20, 4, tag.text.length);
        data = new Uint8Array(tag.text.length * 2);
        const v = new DataView(data.buffer);
        for (let i = 0; i < tag.text.length; i++) v.setUint16(2 * i, tag.text.charCodeAt(i), le);
      } else {
        info.push(20, tag.elementType, tag.count);
        data = tag.array;
      }
      const head = new Out();
      head.push(new TextEncoder().encode("%%%%"));
      head.push(be(size, info.length));
      for (const i of info) head.push(be(size, i));
      head.push(data);
      body = head.concat();
    }
    const header = new Uint8Array(3);
    header[0] = kind;
    new DataView(header.buffer).setUint16(1, name.length, false);
    out.push(header);
    out.push(name);
    if (dm4) out.push(be(8, body.length));
    out.push(body);
  }
  return out.concat();
}

/** Encodes a complete DM3 or DM4 file around a root tag list. */
export function encodeDm(root: DmTagSpec[], options: { version: 3 | 4; littleEndian?: boolean }): Uint8Array {
  const dm4 = options.version === 4;
  const le = options.littleEndian ?? true;
  const body = encodeTags(root, dm4, le);
  const out = new Out();
  out.push(be(4, options.version));
  out.push(be(dm4 ? 8 : 4, body.length));
  out.push(be(4, le ? 1 : 0));
  out.push(body);
  out.push(new Uint8Array(dm4 ? 8 : 4)); // closing zeros, as DigitalMicrograph writes them
  return out.concat();
}

/** One image of a DM file: raw sample bytes in the file's byte order plus its description. */
export interface DmImageSpec {
  /** DM ImageData/DataType code (1 int16, 2 float32, 3 complex64, 6 uint8, 7 int32, 10 uint16, 12 float64, 23 RGBA …). */
  dataType: number;
  /** Dimensions, x first: [width], [width, height] or [width, height, frames]. */
  dims: number[];
  /** Sample bytes. */
  data: Uint8Array;
  /** DM element type of the Data array (the tag's own type: 2, 3, 4, 5, 6, 7, 10 …). */
  elementType: number;
  /** Per-axis calibration (x, y, …). */
  calibration?: { scale: number; units: string }[];
  /** Extra ImageTags. */
  imageTags?: DmTagSpec[];
}

function imageGroup(image: DmImageSpec): DmTagSpec {
  const elementBytes = SCALAR_BYTES[image.elementType];
  return {
    name: "",
    group: [
      {
        name: "ImageData",
        group: [
          {
            name: "Calibrations",
            group: [
              {
                name: "Dimension",
                group: (image.calibration ?? []).map((c) => ({
                  name: "",
                  group: [
                    { name: "Origin", scalar: 0, type: 6 },
                    { name: "Scale", scalar: c.scale, type: 6 },
                    { name: "Units", text: c.units },
                  ],
                })),
              },
            ],
          },
          {
            name: "Data",
            array: image.data,
            elementType: image.elementType,
            count: image.data.length / elementBytes,
          },
          { name: "DataType", scalar: image.dataType, type: 3 },
          { name: "Dimensions", group: image.dims.map((d) => ({ name: "", scalar: d, type: 5 as const })) },
        ],
      },
      { name: "ImageTags", group: image.imageTags ?? [] },
    ],
  };
}

/**
 * A DM file as DigitalMicrograph lays it out: an RGBA thumbnail first (listed under Thumbnails), then the
 * data image.
 */
export function encodeDmImage(
  image: DmImageSpec,
  options: { version: 3 | 4; littleEndian?: boolean; thumbnail?: boolean },
): Uint8Array {
  const thumbnail: DmImageSpec = {
    dataType: 23,
    dims: [4, 4],
    data: new Uint8Array(64).fill(200),
    elementType: 5,
  };
  const withThumb = options.thumbnail ?? true;
  const images = withThumb ? [imageGroup(thumbnail), imageGroup(image)] : [imageGroup(image)];
  const root: DmTagSpec[] = [
    { name: "ImageList", group: images },
    {
      name: "Thumbnails",
      group: withThumb ? [{ name: "", group: [{ name: "ImageIndex", scalar: 0, type: 5 }] }] : [],
    },
  ];
  return encodeDm(root, options);
}
