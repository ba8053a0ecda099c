/**
 * nanocryst's JSON structure format: the `Structure` record with arrays spelled out, lengths in Å.
 *
 *     { "format": "nanocryst-structure", "version": 1, "cellAng": {"x","y","z"}, "info": {…},
 *       "species": ["Au", …], "positionsAng": [x0, y0, z0, …], "region": ["particle", …], "domain": [0, …] }
 */
import { z } from "zod";
import { inputError } from "../../core/index.js";
import { atomicNumber, symbolOf } from "../elements.js";
import { REGION, REGION_NAMES, type Structure } from "../structure.js";

const JsonStructureSchema = z.object({
  format: z.literal("nanocryst-structure"),
  version: z.literal(1),
  cellAng: z.object({ x: z.number().positive(), y: z.number().positive(), z: z.number().positive() }),
  info: z.record(z.string(), z.unknown()),
  species: z.array(z.string()),
  positionsAng: z.array(z.number()),
  region: z.array(z.enum(["particle", "support"])),
  domain: z.array(z.number().int().min(-1).max(32767)),
});

/** JSON text of a structure (exact numbers). */
export function formatJson(structure: Structure): string {
  const { cellAng, numbers, positionsAng, region, domain, info } = structure;
  const body = {
    format: "nanocryst-structure",
    version: 1,
    cellAng,
    info,
    species: Array.from(numbers, (z) => symbolOf(z) ?? String(z)),
    positionsAng: Array.from(positionsAng),
    region: Array.from(region, (r) => REGION_NAMES[r]),
    domain: Array.from(domain),
  };
  return `${JSON.stringify(body)}\n`;
}

/** Parses JSON structure text; `file` names the source in error messages. */
export function parseJson(text: string, file: string): Structure {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw inputError(`not valid JSON (${(error as Error).message})`, file);
  }
  const parsed = JsonStructureSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw inputError(`field ${issue.path.join(".") || "(top)"}: ${issue.message}`, file);
  }
  const s = parsed.data;
  const n = s.species.length;
  if (s.positionsAng.length !== 3 * n || s.region.length !== n || s.domain.length !== n)
    throw inputError(`species (${n}), positionsAng (3 per atom), region and domain lengths disagree`, file);
  const numbers = Uint8Array.from(s.species, (symbol, i) => {
    const z = atomicNumber(symbol);
    if (z === 0) throw inputError(`species[${i}]: unknown element "${symbol}"`, file);
    return z;
  });
  return {
    cellAng: s.cellAng,
    numbers,
    positionsAng: Float64Array.from(s.positionsAng),
    region: Uint8Array.from(s.region, (r) => REGION[r]),
    domain: Int16Array.from(s.domain),
    info: s.info,
  };
}
