import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NanocrystError } from "./errors.js";

let cachedRoot: string | null = null;

/**
 * The installed package's root folder (the one holding package.json), found from this module's location,
 * so shipped data (`data/`, `models/`, `examples/`) is found the same way from `src/` under vitest and from
 * `dist/src/` when installed.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("nanocryst: cannot find the package root (package.json)");
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

/** Path of a file shipped with the package, e.g. `packagePath("data", "scattering", "kirkland.json")`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/**
 * A worker thread's compiled module: `beside` (a URL next to the caller) when running from `dist/`, else
 * (running the TypeScript sources, e.g. under vitest) the package's built copy at `dist/src/...parts`.
 */
export function compiledModule(beside: URL, ...parts: string[]): string {
  const next = fileURLToPath(beside);
  if (existsSync(next)) return next;
  const built = packagePath("dist", "src", ...parts);
  if (existsSync(built)) return built;
  throw new NanocrystError("internal", `${parts.join("/")} is not built; run \`npm run build\` first`);
}
