import { NanocrystError } from "../core/index.js";

/** Exit codes of the `nanocryst` command (design.md): 0 success, 1 usage or input error, 2 internal failure. */
export const EXIT_OK = 0;
export const EXIT_USER_ERROR = 1;
export const EXIT_INTERNAL = 2;

/**
 * The single place where failures become exit codes and one-line messages on stderr.
 * Usage and input errors print their message only; anything else is an internal failure and prints its
 * stack only when `NANOCRYST_DEBUG` is set.
 */
export function reportFailure(error: unknown, stderr: (line: string) => void): number {
  if (error instanceof NanocrystError) {
    const prefix = error.kind === "internal" ? "internal error: " : "error: ";
    stderr(`${prefix}${error.oneLine()}`);
    return error.kind === "internal" ? EXIT_INTERNAL : EXIT_USER_ERROR;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr(`internal error: ${message.replace(/\s*\n\s*/g, " ")} (set NANOCRYST_DEBUG=1 for details)`);
  if (process.env.NANOCRYST_DEBUG && error instanceof Error && error.stack) stderr(error.stack);
  return EXIT_INTERNAL;
}
