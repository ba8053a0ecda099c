import { inflateSync } from "node:zlib";

/**
 * TIFF strip/tile decompression, each bounded by the bytes the strip must expand to: no codec can emit
 * more than `expected` bytes, so a damaged stream cannot allocate beyond the image size.
 */

/** Decompresses one strip or tile; returns null for a compression scheme nanocryst does not read. */
export function decompress(compression: number, input: Uint8Array, expected: number): Uint8Array | null {
  switch (compression) {
    case 1:
      return input;
    case 5:
      return lzw(input, expected);
    case 8:
    case 32946:
      return inflateSync(input, { maxOutputLength: Math.max(expected, 1) });
    case 32773:
      return packBits(input, expected);
    default:
      return null;
  }
}

/** PackBits run-length decoding (TIFF 6.0 §9). */
function packBits(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let i = 0;
  let o = 0;
  while (i < input.length && o < expected) {
    const n = input[i++];
    if (n < 128) {
      const len = Math.min(n + 1, expected - o, input.length - i);
      out.set(input.subarray(i, i + len), o);
      i += n + 1;
      o += len;
    } else if (n > 128) {
      const len = Math.min(257 - n, expected - o);
      out.fill(input[i++] ?? 0, o, o + len);
      o += len;
    }
  }
  return out;
}

/** LZW decoding, MSB-first codes of 9–12 bits with the TIFF "early change" (TIFF 6.0 §13). */
function lzw(input: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  // Dictionary entries as (prefix index, last byte, length) so no per-code allocation is needed.
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const length = new Uint32Array(4096);
  const first = new Uint8Array(4096);
  for (let k = 0; k < 256; k++) {
    prefix[k] = -1;
    suffix[k] = k;
    length[k] = 1;
    first[k] = k;
  }
  let next = 258;
  let width = 9;
  let bitPos = 0;
  let o = 0;
  let previous = -1;
  const totalBits = input.length * 8;
  const write = (code: number) => {
    const len = length[code];
    let p = o + len - 1;
    let c = code;
    while (c >= 0) {
      if (p < expected) out[p] = suffix[c];
      p--;
      c = prefix[c];
    }
    o += len;
  };
  while (bitPos + width <= totalBits && o < expected) {
    let code = 0;
    for (let b = 0; b < width; b++, bitPos++)
      code = (code << 1) | ((input[bitPos >> 3] >> (7 - (bitPos & 7))) & 1);
    if (code === 257) break;
    if (code === 256) {
      next = 258;
      width = 9;
      previous = -1;
      continue;
    }
    if (previous < 0) {
      if (code > 255) break; // corrupt stream: first code after a clear must be a literal
      write(code);
      previous = code;
      continue;
    }
    if (code < next) {
      write(code);
      if (next < 4096) {
        prefix[next] = previous;
        suffix[next] = first[code];
        length[next] = length[previous] + 1;
        first[next] = first[previous];
        next++;
      }
    } else if (code === next && next < 4096) {
      prefix[next] = previous;
      suffix[next] = first[previous];
      length[next] = length[previous] + 1;
      first[next] = first[previous];
      next++;
      write(code);
    } else break; // corrupt stream
    previous = code;
    if (next + 1 >= 1 << width && width < 12) width++;
  }
  return out;
}
