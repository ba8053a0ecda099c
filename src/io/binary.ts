import { inputError } from "../core/index.js";

/**
 * Upper bound on the pixels of one decoded frame (2^28 ≈ 268 M, 1 GiB as float32): a header claiming
 * more is refused before anything is allocated, whatever the file size.
 */
export const MAX_FRAME_PIXELS = 2 ** 28;

/**
 * Most bytes a compressed stream of `compressedBytes` may expand to before nanocryst calls it a decompression
 * bomb: Deflate cannot exceed ≈1032:1, so anything beyond that (and beyond 256 MiB) is refused before the
 * output is allocated.
 */
export function expansionLimit(compressedBytes: number): number {
  return Math.max(256 * 2 ** 20, 1100 * compressedBytes);
}

/**
 * A bounds-checked cursor over a file's bytes: every read first checks that the bytes exist, and fails with
 * one line naming the file, the structure being read and the byte offset.
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** Current offset [bytes]. */
  pos = 0;

  constructor(
    bytes: Uint8Array,
    /** File path, for messages. */
    readonly file: string,
    /** Format name used in messages ("DM4", "MRC", ...). */
    readonly format: string,
  ) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Bytes left after the cursor. */
  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Fails unless `n` bytes can be read at the cursor. */
  need(n: number, what: string): void {
    if (!(n >= 0) || !Number.isFinite(n) || this.pos + n > this.bytes.length) {
      throw this.error(`truncated ${this.format} ${what} at byte ${this.pos}`);
    }
  }

  /** Moves the cursor to `offset`, which must lie inside the file. */
  seek(offset: number, what: string): void {
    if (!(offset >= 0) || !Number.isSafeInteger(offset) || offset > this.bytes.length) {
      throw this.error(
        `${this.format} ${what} points to byte ${offset}, past the end of the file (${this.bytes.length} bytes)`,
      );
    }
    this.pos = offset;
  }

  /** An input error naming the file. */
  error(message: string): Error {
    // Damaged names can carry control characters; the message must stay one printable line.
    const printable = Array.from(message, (c) =>
      c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? "?" : c,
    ).join("");
    return inputError(printable, this.file);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++];
  }

  u16(le: boolean, what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, le);
    this.pos += 2;
    return v;
  }

  i16(le: boolean, what: string): number {
    this.need(2, what);
    const v = this.view.getInt16(this.pos, le);
    this.pos += 2;
    return v;
  }

  u32(le: boolean, what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, le);
    this.pos += 4;
    return v;
  }

  i32(le: boolean, what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, le);
    this.pos += 4;
    return v;
  }

  /** Unsigned 64-bit integer; values beyond 2^53 are refused (no file is that large). */
  u64(le: boolean, what: string): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, le);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw this.error(`${this.format} ${what} at byte ${this.pos} is impossibly large (${v})`);
    this.pos += 8;
    return Number(v);
  }

  i64(le: boolean, what: string): number {
    this.need(8, what);
    const v = Number(this.view.getBigInt64(this.pos, le));
    this.pos += 8;
    return v;
  }

  f32(le: boolean, what: string): number {
    this.need(4, what);
    const v = this.view.getFloat32(this.pos, le);
    this.pos += 4;
    return v;
  }

  f64(le: boolean, what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, le);
    this.pos += 8;
    return v;
  }

  /** `n` bytes as Latin-1 text (DM, SER and MRC labels are single-byte). */
  latin1(n: number, what: string): string {
    this.need(n, what);
    const s = latin1(this.bytes, this.pos, n);
    this.pos += n;
    return s;
  }
}

/** Latin-1 decoding of `n` bytes at `offset` (no allocation per character beyond the result). */
export function latin1(bytes: Uint8Array, offset: number, n: number): string {
  let s = "";
  const end = Math.min(bytes.length, offset + n);
  for (let i = offset; i < end; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  }
  return s;
}

/**
 * Checks that a frame of `width × height` pixels with `bytesPerPixel` bytes each fits both the global pixel
 * bound and the bytes available from `offset` on, BEFORE anything is allocated.
 */
export function checkFrameFits(
  reader: ByteReader,
  width: number,
  height: number,
  frames: number,
  bytesPerPixel: number,
  offset: number,
): void {
  for (const [name, v] of [
    ["width", width],
    ["height", height],
    ["frame count", frames],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1)
      throw reader.error(`${reader.format} header gives an invalid ${name} (${v})`);
  }
  if (width * height > MAX_FRAME_PIXELS) {
    throw reader.error(
      `${reader.format} header claims ${width}×${height} pixels per frame, more than nanocryst reads (${MAX_FRAME_PIXELS})`,
    );
  }
  const need = width * height * frames * bytesPerPixel;
  if (!(offset >= 0) || offset + need > reader.length) {
    throw reader.error(
      `truncated ${reader.format} data: ${width}×${height}×${frames} pixels of ${bytesPerPixel} bytes need ${need} bytes from byte ${offset}, the file has ${Math.max(0, reader.length - offset)}`,
    );
  }
}
