import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file under `dir` (relative path, `/`-separated) with the SHA-256 of its bytes. */
export function treeHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else
        out[relative(dir, path).split("\\").join("/")] = createHash("sha256")
          .update(readFileSync(path))
          .digest("hex");
    }
  };
  walk(dir);
  return out;
}
