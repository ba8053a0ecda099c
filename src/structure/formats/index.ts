/** Structure files by extension: extended XYZ (.xyz, .extxyz), Dr. Probe CEL (.cel), JSON (.json). */
import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { inputError, writeFileAtomic } from "../../core/index.js";
import type { Structure } from "../structure.js";
import { formatCel, parseCel } from "./cel.js";
import { formatJson, parseJson } from "./json.js";
import { formatXyz, parseXyz } from "./xyz.js";

/** Structure file formats. */
export const STRUCTURE_FORMATS = ["xyz", "cel", "json"] as const;
/** A structure file format. */
export type StructureFormat = (typeof STRUCTURE_FORMATS)[number];

/** Format of a path from its extension, or a clear input error. */
export function structureFormatOf(path: string): StructureFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".xyz" || ext === ".extxyz") return "xyz";
  if (ext === ".cel") return "cel";
  if (ext === ".json") return "json";
  throw inputError(`unknown structure file extension "${ext}"; use .xyz, .cel or .json`, path);
}

/** Text of a structure in a format. */
export function formatStructure(structure: Structure, format: StructureFormat): string {
  return format === "xyz"
    ? formatXyz(structure)
    : format === "cel"
      ? formatCel(structure)
      : formatJson(structure);
}

/** Parses structure text in a format; `file` names the source in error messages. */
export function parseStructure(text: string, format: StructureFormat, file: string): Structure {
  return format === "xyz"
    ? parseXyz(text, file)
    : format === "cel"
      ? parseCel(text, file)
      : parseJson(text, file);
}

/** Reads a structure file (.xyz, .cel, .json). */
export function readStructure(path: string): Structure {
  const format = structureFormatOf(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw inputError(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`, path);
  }
  return parseStructure(text, format, path);
}

/** Writes a structure file atomically, in the format of the extension. */
export function writeStructure(path: string, structure: Structure): void {
  writeFileAtomic(path, formatStructure(structure, structureFormatOf(path)));
}
