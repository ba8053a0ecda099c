/**
 * The one error type of nanocryst. `kind` decides the exit code at the command line:
 * `usage` and `input` → 1 (the user can fix it), `internal` → 2 (a bug or an environment failure).
 */
export type ErrorKind = "usage" | "input" | "internal";

export class NanocrystError extends Error {
  readonly kind: ErrorKind;
  /** The file the problem is about, when there is one; it is named first in the message. */
  readonly file?: string;

  constructor(kind: ErrorKind, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "NanocrystError";
    this.kind = kind;
    this.file = options.file;
  }

  /** One line for stderr: `file: message` when a file is known. */
  oneLine(): string {
    const text = this.message.replace(/\s*\n\s*/g, " ");
    return this.file ? `${this.file}: ${text}` : text;
  }
}

/** Bad command-line use: a flag out of range, an unknown choice, a missing argument. */
export function usageError(message: string): NanocrystError {
  return new NanocrystError("usage", message);
}

/** Bad input data: an unreadable or inconsistent file, an impossible physical request. */
export function inputError(message: string, file?: string): NanocrystError {
  return new NanocrystError("input", message, { file });
}

/** Exhaustiveness check for closed choice sets (`switch` over a union). */
export function assertUnreachable(value: never): never {
  throw new NanocrystError("internal", `unexpected value ${JSON.stringify(value)}`);
}
