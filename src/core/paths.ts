import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
