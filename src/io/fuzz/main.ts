import { parseArgs } from "node:util";
import { runFuzz } from "./runFuzz.js";

const USAGE = "usage: npm run fuzz -- [--n 10000] [--seed S] [--timeout-ms 1000] [--keep DIR]\n";

function options(): { n: number; seed: string; timeoutMs: number; keep: string } | null {
  try {
    const { values } = parseArgs({
      options: {
        n: { type: "string", default: "10000" },
        seed: { type: "string", default: "1" },
        "timeout-ms": { type: "string", default: "1000" },
        keep: { type: "string", default: "fuzz-failures" },
      },
    });
    const n = Number(values.n);
    const timeoutMs = Number(values["timeout-ms"]);
    if (!Number.isInteger(n) || n < 1 || !(timeoutMs > 0)) return null;
    return { n, seed: values.seed, timeoutMs, keep: values.keep };
  } catch {
    // an unknown or malformed option: the usage line, not parseArgs' stack trace
    return null;
  }
}

/**
 * `npm run fuzz -- --n 10000 [--seed S] [--timeout-ms 1000] [--keep DIR]`: the full fuzz run of the
 * micrograph readers, each read isolated in a worker thread so a hang is caught and counted.
 * Exits 1 when any crash or hang was found.
 */
async function main(): Promise<number> {
  const parsed = options();
  if (!parsed) {
    process.stderr.write(USAGE);
    return 1;
  }
  const { n, seed, timeoutMs, keep } = parsed;
  const t0 = performance.now();
  const report = await runFuzz({
    n,
    seed,
    timeoutMs,
    isolate: true,
    keepDir: keep,
    onProgress: (done, r) => {
      if (done % 500 === 0 || done === n) {
        const rate = done / ((performance.now() - t0) / 1000);
        process.stdout.write(
          `${done}/${n} files: ${r.ok} read, ${r.rejected} rejected, ${r.crashes} crashes, ${r.hangs} hangs (${rate.toFixed(0)} files/s)\n`,
        );
      }
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(
    [
      `fuzz: ${report.files} mutated files from ${report.seeds} seeds in ${seconds.toFixed(0)} s`,
      `  read: ${report.ok}  rejected with one line: ${report.rejected}  crashes: ${report.crashes}  hangs: ${report.hangs}`,
      `  slowest read: ${report.slowestMs.toFixed(0)} ms of CPU (${report.slowestSeed}); limit ${timeoutMs} ms`,
      `  peak memory growth in one read: ${(report.peakAllocatedBytes / 2 ** 20).toFixed(1)} MiB (mutant of ${(report.peakAllocatedFileBytes / 2 ** 20).toFixed(1)} MiB)`,
      "  most frequent rejections:",
      ...report.topRejections.map(([shape, count]) => `    ${count}× ${shape}`),
      ...report.failures
        .slice(0, 20)
        .map(
          (f) =>
            `  ${f.kind.toUpperCase()} #${f.index} from ${f.seed} (${f.mutations.join("+")}): ${f.message.split("\n")[0]}${f.keptAs ? ` → ${f.keptAs}` : ""}`,
        ),
      "",
    ].join("\n"),
  );
  return report.crashes + report.hangs > 0 ? 1 : 0;
}

process.exitCode = await main();
