/**
 * `npm run bench [-- NAME...]`: runs every registered benchmark suite (or only the named ones).
 * Each suite reports ratios against a baseline measured in the same run.
 */
import { suites } from "./suites.js";

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  await run();
}
