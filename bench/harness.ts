/**
 * A tiny benchmark harness: each case is timed over repeated runs after a warm-up, and reported with its
 * ratio to a baseline measured in the same run, so figures from different machines stay comparable.
 */
export interface BenchResult {
  name: string;
  /** Median wall time per run [ms]. */
  medianMs: number;
  runs: number;
  /** Extra figures the case reports (e.g. atoms, images per second, peak memory). */
  extra?: Record<string, number | string>;
}

/** Times `fn` (sync or async) `runs` times after one warm-up run; returns the median in ms. */
export async function time(name: string, fn: () => unknown, runs = 5): Promise<BenchResult> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, medianMs: times[Math.floor(times.length / 2)], runs };
}

/** Prints results as a table, each with its ratio to `baseline` (same run, same machine). */
export function report(title: string, baseline: BenchResult, results: BenchResult[]): void {
  console.log(`\n## ${title}`);
  console.log(`baseline: ${baseline.name}: ${baseline.medianMs.toFixed(2)} ms`);
  for (const r of results) {
    const ratio = r.medianMs / baseline.medianMs;
    const extra = r.extra
      ? `  ${Object.entries(r.extra)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")}`
      : "";
    console.log(
      `${r.name}: ${r.medianMs.toFixed(2)} ms (×${ratio.toFixed(2)} baseline, ${r.runs} runs)${extra}`,
    );
  }
}
