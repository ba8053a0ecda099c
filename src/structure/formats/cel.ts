/**
 * Dr. Probe CEL super-cell files (J. Barthel, Ultramicroscopy 193 (2018) 1; er-c.org/barthel/drprobe):
 *
 *     <comment line>
 *     0  a  b  c  α  β  γ                      (cell edges in nm, angles in degrees)
 *     Au  fx  fy  fz  occupancy  Biso  0 0 0   (fractional coordinates, Biso in nm²)
 *     *                                        (end of the atom list)
 *
 * Dr. Probe reads the atom lines list-directed and ignores what follows the ninth column, so nanocryst
 * appends region (0 particle, 1 support) and domain as columns 10 and 11, and keeps `info` as JSON at the
 * end of the free comment line; `*` stays the last line, as the format asks.
 */
import { inputError } from "../../core/index.js";
import { debyeWallerAng2, symbolOf } from "../elements.js";
import type { Structure } from "../structure.js";
import { parseSpecies } from "./xyz.js";

/** Decimal places of fractional coordinates in written files. */
export const CEL_FRACTION_DECIMALS = 8;
const INFO_MARKER = " info=";

/** CEL text of a structure. */
export function formatCel(structure: Structure): string {
  const { cellAng, numbers, positionsAng, region, domain, info } = structure;
  const n = numbers.length;
  const lines = new Array<string>(n + 3);
  lines[0] =
    "nanocryst structure; columns 10-11 (ignored by Dr. Probe): region (0 particle, 1 support), domain;" +
    `${INFO_MARKER}${JSON.stringify(info)}`;
  lines[1] = ` 0  ${cellAng.x / 10}  ${cellAng.y / 10}  ${cellAng.z / 10}  90.0  90.0  90.0`;
  const cell = [cellAng.x, cellAng.y, cellAng.z];
  for (let i = 0; i < n; i++) {
    const f = [0, 1, 2].map((k) => (positionsAng[3 * i + k] / cell[k]).toFixed(CEL_FRACTION_DECIMALS));
    const bNm2 = (debyeWallerAng2(numbers[i]) / 100).toFixed(6);
    lines[i + 2] =
      `${symbolOf(numbers[i]) ?? numbers[i]} ${f[0]} ${f[1]} ${f[2]} 1.000000 ${bNm2} 0.0 0.0 0.0 ` +
      `${region[i]} ${domain[i]}`;
  }
  lines[n + 2] = "*";
  return `${lines.join("\n")}\n`;
}

/** Parses CEL text; `file` names the source in error messages. */
export function parseCel(text: string, file: string): Structure {
  const lines = text.split(/\r?\n/);
  const cellFields = (lines[1] ?? "")
    .trim()
    .split(/[\s,;]+/)
    .map(Number);
  if (cellFields.length < 7 || cellFields.slice(0, 7).some((v) => !Number.isFinite(v)))
    throw inputError(
      `line 2: expected "0 a b c alpha beta gamma" (nm, degrees), found "${lines[1] ?? ""}"`,
      file,
    );
  if (cellFields.slice(4, 7).some((angle) => Math.abs(angle - 90) > 1e-6))
    throw inputError("line 2: only orthorhombic cells (all angles 90°) are supported", file);
  const cell = cellFields.slice(1, 4).map((nm) => nm * 10);
  if (!cell.every((v) => v > 0)) throw inputError("line 2: cell edges must be greater than 0 nm", file);
  const numbers: number[] = [];
  const positions: number[] = [];
  const regions: number[] = [];
  const domains: number[] = [];
  for (let k = 2; k < lines.length; k++) {
    const line = lines[k].trim();
    if (line.startsWith("*")) break;
    if (line === "") continue;
    const lineNo = k + 1;
    const fields = line.split(/[\s,;]+/);
    if (fields.length < 6)
      throw inputError(
        `line ${lineNo}: expected symbol, x, y, z, occupancy, Biso; found "${line.slice(0, 60)}"`,
        file,
      );
    numbers.push(parseSpecies(fields[0].replace(/[\d+-]+$/, ""), lineNo, file));
    for (let a = 0; a < 3; a++) {
      const v = Number(fields[1 + a]);
      if (!Number.isFinite(v))
        throw inputError(`line ${lineNo}: coordinate "${fields[1 + a]}" is not a number`, file);
      positions.push(v * cell[a]);
    }
    const region = fields.length >= 11 ? Number(fields[9]) : 0;
    const domain = fields.length >= 11 ? Number(fields[10]) : -1;
    if (!(region === 0 || region === 1) || !Number.isInteger(domain) || domain < -1)
      throw inputError(`line ${lineNo}: columns 10-11 must be region 0|1 and domain ≥ −1`, file);
    regions.push(region);
    domains.push(domain);
  }
  let info: Record<string, unknown> = {};
  const marker = lines[0].indexOf(INFO_MARKER);
  if (lines[0].startsWith("nanocryst structure") && marker >= 0) {
    try {
      info = JSON.parse(lines[0].slice(marker + INFO_MARKER.length));
    } catch {
      throw inputError("line 1: the info= part of the nanocryst comment is not valid JSON", file);
    }
  }
  return {
    cellAng: { x: cell[0], y: cell[1], z: cell[2] },
    numbers: Uint8Array.from(numbers),
    positionsAng: Float64Array.from(positions),
    region: Uint8Array.from(regions),
    domain: Int16Array.from(domains),
    info,
  };
}
