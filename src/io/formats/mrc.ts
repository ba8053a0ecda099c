import { ByteReader, checkFrameFits, latin1 } from "../binary.js";
import type { Micrograph, MicrographMetadata, StoredDtype } from "../micrograph.js";
import { decodeSamples, type SampleType } from "../samples.js";
import { type FormatReadOptions, frameIndex } from "./readerTypes.js";

/** MRC2014 modes → stored type (mode 3 and 4 are complex, read as amplitude). */
const MRC_MODES: Record<number, { dtype: StoredDtype; sample: SampleType; bytes: number }> = {
  0: { dtype: "int8", sample: "int8", bytes: 1 },
  1: { dtype: "int16", sample: "int16", bytes: 2 },
  2: { dtype: "float32", sample: "float32", bytes: 4 },
  4: { dtype: "complex64", sample: "complex64", bytes: 8 },
  6: { dtype: "uint16", sample: "uint16", bytes: 2 },
  12: { dtype: "float16", sample: "float16", bytes: 2 },
};

const HEADER_BYTES = 1024;

/** Byte order from the machine stamp (byte 212: 0x44 little-endian, 0x11 big), else from plausibility. */
function littleEndian(r: ByteReader): boolean {
  const stamp = r.bytes[212];
  if (stamp === 0x44) return true;
  if (stamp === 0x11) return false;
  const mode = r.view.getInt32(12, true);
  return mode >= 0 && mode < 256;
}

/**
 * Reads one section (z slice) of an MRC/CCP4 map or image stack (MRC2014: modes 0, 1, 2, 4, 6, 12; the
 * `MAP ` stamp is optional). Pixel size = cell length / sampling (cella/mx, in Å); the extended header
 * (`nsymbt` bytes: FEI1/FEI2, CCP4 symmetry, …) is skipped.
 */
export function readMrc(bytes: Uint8Array, path: string, options: FormatReadOptions): Micrograph {
  const r = new ByteReader(bytes, path, "MRC");
  r.need(HEADER_BYTES, "header");
  const le = littleEndian(r);
  const int = (at: number) => r.view.getInt32(at, le);
  const float = (at: number) => r.view.getFloat32(at, le);
  const [nx, ny, nz, mode] = [int(0), int(4), int(8), int(12)];
  const type = MRC_MODES[mode];
  if (!type) {
    throw r.error(
      mode === 3
        ? "MRC mode 3 (complex int16) is not supported"
        : `MRC mode ${mode} is not supported (0, 1, 2, 4, 6, 12 are)`,
    );
  }
  const nsymbt = int(92);
  if (nsymbt < 0) throw r.error(`MRC extended header size is negative (${nsymbt})`);
  const dataOffset = HEADER_BYTES + nsymbt;
  checkFrameFits(r, nx, ny, Math.max(nz, 1), type.bytes, dataOffset);
  const frames = Math.max(nz, 1);
  const frame = frameIndex(frames, options, r.error.bind(r));
  const data = decodeSamples(bytes, dataOffset + frame * nx * ny * type.bytes, nx * ny, type.sample, le);
  const [mx, my] = [int(28), int(32)];
  const [cellX, cellY] = [float(40), float(44)];
  const sizeAng = (cell: number, m: number) => (m > 0 && cell > 0 && Number.isFinite(cell) ? cell / m : 0);
  const xAng = sizeAng(cellX, mx);
  const yAng = sizeAng(cellY, my);
  const metadata: MicrographMetadata = {};
  if (xAng > 0 && yAng > 0) metadata.pixelUnit = "Å";
  const exttyp = latin1(bytes, 104, 4).replace(/\0/g, "");
  if ((exttyp === "FEI1" || exttyp === "FEI2") && nsymbt >= 172) feiMetadata(r, le, metadata);
  const nlabl = Math.min(Math.max(int(220), 0), 10);
  const labels: string[] = [];
  for (let i = 0; i < nlabl; i++)
    labels.push(
      latin1(bytes, 224 + 80 * i, 80)
        .replace(/\0/g, "")
        .trimEnd(),
    );
  return {
    data,
    width: nx,
    height: ny,
    pixelSizeNm: xAng > 0 && yAng > 0 ? { x: xAng / 10, y: yAng / 10 } : null,
    dtype: type.dtype,
    kind: frames > 1 ? "stack" : "image",
    frames,
    source: { path, format: "mrc", frame },
    metadata,
    originalMetadata: {
      nx,
      ny,
      nz,
      mode,
      mx,
      my,
      mz: int(36),
      cellaAng: [cellX, cellY, float(48)],
      ispg: int(88),
      nsymbt,
      exttyp,
      mapStamp: latin1(bytes, 208, 4) === "MAP ",
      littleEndian: le,
      labels,
    },
  };
}

/** Days from the OLE automation epoch (1899-12-30) to the Unix epoch. */
const OLE_UNIX_DAYS = 25569;

/**
 * Thermo Fisher/FEI extended header (FEI1/FEI2), first section record: microscope type (16 chars at 20),
 * timestamp (OLE date, float64 at 12), high tension (float64 at 84, V).
 */
function feiMetadata(r: ByteReader, le: boolean, metadata: MicrographMetadata): void {
  const at = HEADER_BYTES;
  const instrument = latin1(r.bytes, at + 20, 16)
    .replace(/\0.*$/s, "")
    .trim();
  if (instrument) metadata.instrument = instrument;
  const voltage = r.view.getFloat64(at + 84, le);
  if (Number.isFinite(voltage) && voltage > 0) metadata.voltageKv = voltage / 1000;
  const ole = r.view.getFloat64(at + 12, le);
  if (Number.isFinite(ole) && ole > OLE_UNIX_DAYS && ole < 100_000) {
    metadata.acquisitionDate = new Date((ole - OLE_UNIX_DAYS) * 86_400_000).toISOString();
  }
}
