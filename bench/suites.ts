/** Benchmark suites by name; one line per suite file. */
export const suites: Record<string, () => Promise<void>> = {};
