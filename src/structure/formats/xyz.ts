/**
 * Extended XYZ (the ASE / OVITO convention), positions in Å:
 *
 *     N
 *     Lattice="Lx 0 0 0 Ly 0 0 0 Lz" Properties=species:S:1:pos:R:3:region:S:1:domain:I:1 pbc="T T F" key=value …
 *     Au  12.345678  …  particle  0
 *
 * `info` values are written as key=value pairs (strings quoted when needed, booleans T/F); values that are
 * neither numbers, strings nor booleans are written as JSON text and read back as strings.
 */
import { inputError } from "../../core/index.js";
import { atomicNumber, symbolOf } from "../elements.js";
import { REGION, REGION_NAMES, type RegionName, type Structure } from "../structure.js";

/** Decimal places of positions [Å] in written files. */
export const XYZ_POSITION_DECIMALS = 6;

/** Extended XYZ text of a structure. */
export function formatXyz(structure: Structure): string {
  const { cellAng, numbers, positionsAng, region, domain, info } = structure;
  const n = numbers.length;
  const header = [
    `Lattice="${cellAng.x} 0 0 0 ${cellAng.y} 0 0 0 ${cellAng.z}"`,
    "Properties=species:S:1:pos:R:3:region:S:1:domain:I:1",
    'pbc="T T F"',
    ...Object.entries(info).map(([key, value]) => `${key}=${formatValue(value)}`),
  ].join(" ");
  const lines = new Array<string>(n + 2);
  lines[0] = String(n);
  lines[1] = header;
  for (let i = 0; i < n; i++) {
    const symbol = symbolOf(numbers[i]) ?? String(numbers[i]);
    const x = positionsAng[3 * i].toFixed(XYZ_POSITION_DECIMALS);
    const y = positionsAng[3 * i + 1].toFixed(XYZ_POSITION_DECIMALS);
    const z = positionsAng[3 * i + 2].toFixed(XYZ_POSITION_DECIMALS);
    lines[i + 2] = `${symbol} ${x} ${y} ${z} ${REGION_NAMES[region[i]]} ${domain[i]}`;
  }
  return `${lines.join("\n")}\n`;
}

function formatValue(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "T" : "F";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (/^[A-Za-z_][\w.+\-/]*$/.test(text) && !BOOLEAN_WORDS.has(text)) return text;
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const BOOLEAN_WORDS = new Set(["T", "F", "True", "False", "true", "false"]);

interface Column {
  name: string;
  type: string;
  count: number;
  start: number;
}

/** Parses extended XYZ text; `file` names the source in error messages. */
export function parseXyz(text: string, file: string): Structure {
  const lines = text.split(/\r?\n/);
  const n = Number(lines[0]?.trim());
  if (!Number.isInteger(n) || n < 0)
    throw inputError(`line 1: expected the number of atoms, found "${lines[0]?.slice(0, 40)}"`, file);
  const pairs = parseKeyValues(lines[1] ?? "", file);
  const lattice = pairs.get("Lattice");
  if (typeof lattice !== "string")
    throw inputError('line 2: no Lattice="…" (nanocryst needs the cell); write it as extended XYZ', file);
  const l = lattice.trim().split(/\s+/).map(Number);
  if (l.length !== 9 || l.some((v) => !Number.isFinite(v)))
    throw inputError(`line 2: Lattice needs 9 numbers, found "${lattice}"`, file);
  if ([1, 2, 3, 5, 6, 7].some((k) => Math.abs(l[k]) > 1e-9) || !(l[0] > 0 && l[4] > 0 && l[8] > 0))
    throw inputError(
      "line 2: only orthorhombic cells (diagonal Lattice with positive edges) are supported",
      file,
    );
  const columns = parseProperties(String(pairs.get("Properties") ?? "species:S:1:pos:R:3"), file);
  const species = columns.find((c) => c.name === "species");
  const pos = columns.find((c) => c.name === "pos");
  if (!species || !pos || pos.count !== 3)
    throw inputError("line 2: Properties must contain species:S:1 and pos:R:3", file);
  const regionColumn = columns.find((c) => c.name === "region");
  const domainColumn = columns.find((c) => c.name === "domain");
  const width = columns.reduce((sum, c) => sum + c.count, 0);
  const numbers = new Uint8Array(n);
  const positionsAng = new Float64Array(3 * n);
  const region = new Uint8Array(n);
  const domain = new Int16Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const lineNo = i + 3;
    const fields = (lines[i + 2] ?? "").trim().split(/\s+/);
    if (fields.length < width)
      throw inputError(
        `line ${lineNo}: expected ${width} columns, found ${fields[0] === "" ? 0 : fields.length}`,
        file,
      );
    numbers[i] = parseSpecies(fields[species.start], lineNo, file);
    for (let k = 0; k < 3; k++) {
      const v = Number(fields[pos.start + k]);
      if (!Number.isFinite(v))
        throw inputError(`line ${lineNo}: position "${fields[pos.start + k]}" is not a number`, file);
      positionsAng[3 * i + k] = v;
    }
    if (regionColumn) region[i] = parseRegion(fields[regionColumn.start], lineNo, file);
    if (domainColumn) {
      const d = Number(fields[domainColumn.start]);
      if (!Number.isInteger(d) || d < -1 || d > 32767)
        throw inputError(
          `line ${lineNo}: domain "${fields[domainColumn.start]}" is not an integer ≥ −1`,
          file,
        );
      domain[i] = d;
    }
  }
  const info: Record<string, unknown> = {};
  for (const [key, value] of pairs) if (!["Lattice", "Properties", "pbc"].includes(key)) info[key] = value;
  return { cellAng: { x: l[0], y: l[4], z: l[8] }, numbers, positionsAng, region, domain, info };
}

/** Atomic number from a symbol or a number column. */
export function parseSpecies(text: string, lineNo: number, file: string): number {
  const z = /^\d+$/.test(text) ? Number(text) : atomicNumber(text);
  if (!(z > 0 && symbolOf(z))) throw inputError(`line ${lineNo}: unknown element "${text}"`, file);
  return z;
}

function parseRegion(text: string, lineNo: number, file: string): number {
  if (text in REGION) return REGION[text as RegionName];
  if (text === "0" || text === "1") return Number(text);
  throw inputError(`line ${lineNo}: region must be particle or support, found "${text}"`, file);
}

function parseProperties(spec: string, file: string): Column[] {
  const parts = spec.split(":");
  if (parts.length % 3 !== 0) throw inputError(`line 2: malformed Properties "${spec}"`, file);
  const columns: Column[] = [];
  let start = 0;
  for (let k = 0; k < parts.length; k += 3) {
    const count = Number(parts[k + 2]);
    if (!Number.isInteger(count) || count < 1)
      throw inputError(`line 2: malformed Properties "${spec}"`, file);
    columns.push({ name: parts[k], type: parts[k + 1], count, start });
    start += count;
  }
  return columns;
}

/** Parses the key=value pairs of the comment line (values bare or double-quoted with \" escapes). */
function parseKeyValues(line: string, file: string): Map<string, unknown> {
  const pairs = new Map<string, unknown>();
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length) break;
    let key = "";
    while (i < line.length && line[i] !== "=" && !/\s/.test(line[i])) key += line[i++];
    if (line[i] !== "=") {
      pairs.set(key, true);
      continue;
    }
    i++;
    if (line[i] === '"') {
      i++;
      let value = "";
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\" && i + 1 < line.length) i++;
        value += line[i++];
      }
      if (line[i] !== '"') throw inputError(`line 2: unterminated quoted value of ${key}`, file);
      i++;
      pairs.set(key, value);
    } else {
      let value = "";
      while (i < line.length && !/\s/.test(line[i])) value += line[i++];
      pairs.set(key, parseBare(value));
    }
  }
  return pairs;
}

function parseBare(value: string): unknown {
  if (value !== "" && Number.isFinite(Number(value))) return Number(value);
  if (value === "T" || value === "True" || value === "true") return true;
  if (value === "F" || value === "False" || value === "false") return false;
  return value;
}
