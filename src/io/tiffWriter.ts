import { inputError, writeFileAtomic } from "../core/index.js";
import type { GreyImage } from "./micrograph.js";
import { toRational } from "./rational.js";

const TYPE_SHORT = 3;
const TYPE_LONG = 4;
const TYPE_ASCII = 2;
const TYPE_RATIONAL = 5;

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Inline value (SHORT/LONG, count 1) or bytes stored out of line. */
  value: number | Uint8Array;
}

/**
 * The ImageJ description block: ImageJ and Fiji read `unit=` from it and take the pixel size from
 * XResolution/YResolution (pixels per unit) when ResolutionUnit is "none".
 */
function imageJDescription(image: GreyImage, min: number, max: number): string {
  const lines = ["ImageJ=1.11a"];
  if (image.pixelSizeNm) lines.push("unit=nm");
  lines.push(`min=${min}`, `max=${max}`);
  return `${lines.join("\n")}\n\0`;
}

function rationalBytes(value: number): Uint8Array {
  const [p, q] = toRational(value);
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, p, true);
  view.setUint32(4, q, true);
  return bytes;
}

/** Smallest and largest value of the data; [0, 0] when there is no finite value. */
export function dataRange(data: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) ? [min, max] : [0, 0];
}

/** Checks the invariants every writer relies on. */
export function checkImage(image: GreyImage, path: string): void {
  const { width, height, data, pixelSizeNm } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw inputError(`cannot write an image of ${width}×${height} pixels`, path);
  if (data.length !== width * height)
    throw inputError(`image data holds ${data.length} values, expected ${width}×${height}`, path);
  if (pixelSizeNm && !(pixelSizeNm.x > 0 && pixelSizeNm.y > 0))
    throw inputError(`pixel size must be > 0 nm, got ${pixelSizeNm.x}×${pixelSizeNm.y}`, path);
}

/**
 * Encodes a float32 grey image as an uncompressed little-endian baseline TIFF with ImageJ calibration
 * (ImageDescription `ImageJ=…\nunit=nm`, XResolution/YResolution in pixels per nm, ResolutionUnit none),
 * so Fiji shows the right scale and nanocryst reads it back exactly.
 */
export function encodeTiffFloat32(image: GreyImage): Uint8Array {
  const { width, height, data, pixelSizeNm } = image;
  const [min, max] = dataRange(data);
  const description = new TextEncoder().encode(imageJDescription(image, min, max));
  const entries: Entry[] = [
    { tag: 256, type: TYPE_LONG, count: 1, value: width },
    { tag: 257, type: TYPE_LONG, count: 1, value: height },
    { tag: 258, type: TYPE_SHORT, count: 1, value: 32 },
    { tag: 259, type: TYPE_SHORT, count: 1, value: 1 },
    { tag: 262, type: TYPE_SHORT, count: 1, value: 1 },
    { tag: 270, type: TYPE_ASCII, count: description.length, value: description },
    { tag: 273, type: TYPE_LONG, count: 1, value: 0 },
    { tag: 277, type: TYPE_SHORT, count: 1, value: 1 },
    { tag: 278, type: TYPE_LONG, count: 1, value: height },
    { tag: 279, type: TYPE_LONG, count: 1, value: width * height * 4 },
  ];
  if (pixelSizeNm) {
    entries.push(
      { tag: 282, type: TYPE_RATIONAL, count: 1, value: rationalBytes(1 / pixelSizeNm.x) },
      { tag: 283, type: TYPE_RATIONAL, count: 1, value: rationalBytes(1 / pixelSizeNm.y) },
      { tag: 296, type: TYPE_SHORT, count: 1, value: 1 },
    );
  }
  entries.push({ tag: 339, type: TYPE_SHORT, count: 1, value: 3 });

  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  let extraOffset = ifdOffset + ifdSize;
  const extraOffsets = entries.map((e) => {
    if (typeof e.value === "number") return 0;
    const at = extraOffset;
    extraOffset += e.value.length + (e.value.length & 1);
    return at;
  });
  // Pixel data 8-byte aligned, so a reader can view it as a Float32Array without copying.
  const dataOffset = Math.ceil(extraOffset / 8) * 8;
  const total = dataOffset + width * height * 4;
  if (total > 0xffffffff) throw inputError(`image of ${width}×${height} is too large for a classic TIFF`);
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x49;
  bytes[1] = 0x49;
  view.setUint16(2, 42, true);
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, entries.length, true);
  entries.forEach((e, k) => {
    const at = ifdOffset + 2 + k * 12;
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    view.setUint32(at + 4, e.count, true);
    if (e.tag === 273) view.setUint32(at + 8, dataOffset, true);
    else if (typeof e.value !== "number") {
      view.setUint32(at + 8, extraOffsets[k], true);
      bytes.set(e.value, extraOffsets[k]);
    } else if (e.type === TYPE_SHORT) view.setUint16(at + 8, e.value, true);
    else view.setUint32(at + 8, e.value, true);
  });
  view.setUint32(ifdOffset + 2 + entries.length * 12, 0, true);
  const pixels = new Float32Array(bytes.buffer, dataOffset, width * height);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) pixels.set(data);
  else for (let i = 0; i < data.length; i++) view.setFloat32(dataOffset + 4 * i, data[i], true);
  return bytes;
}

/**
 * Writes a float32 TIFF with ImageJ-compatible calibration (atomic: readers never see half a file).
 * @param path target `.tif` file
 * @param image grey image; its `pixelSizeNm` [nm] becomes the file's scale
 */
export function writeTiffFloat32(path: string, image: GreyImage): void {
  checkImage(image, path);
  writeFileAtomic(path, encodeTiffFloat32(image));
}
