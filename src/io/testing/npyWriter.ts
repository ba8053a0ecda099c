/**
 * Encodes an NPY file (format 1.0 or 2.0) around raw sample bytes, as `numpy.save` lays it out: magic,
 * version, header length, the header dictionary padded with spaces to a multiple of 64 bytes, then the data.
 * For tests and fuzz seeds; `header` is the dictionary text, so tests can also write broken ones.
 */
export function encodeNpy(header: string, data: Uint8Array, version: 1 | 2 = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const length = Math.ceil((prefix + header.length + 1) / 64) * 64 - prefix;
  const padded = `${header.padEnd(length - 1, " ")}\n`;
  const bytes = new Uint8Array(prefix + padded.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(bytes.buffer);
  if (version === 1) view.setUint16(8, padded.length, true);
  else view.setUint32(8, padded.length, true);
  for (let i = 0; i < padded.length; i++) bytes[prefix + i] = padded.charCodeAt(i);
  bytes.set(data, prefix + padded.length);
  return bytes;
}

/** The header dictionary `numpy.save` writes for an array of type `descr` and `shape`. */
export function npyHeader(descr: string, shape: number[], fortranOrder = false): string {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(", ");
  return `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? "True" : "False"}, 'shape': (${dims}), }`;
}
