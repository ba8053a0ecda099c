import { usageError } from "../core/index.js";

/** Parses a finite number flag, or fails with a usage error naming the flag. */
export function parseNumber(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n))
    throw usageError(`${flag} expects a number, got "${value}"`);
  return n;
}

/** Parses a positive number flag (> 0). */
export function parsePositive(flag: string, value: string): number {
  const n = parseNumber(flag, value);
  if (!(n > 0)) throw usageError(`${flag} must be greater than 0, got ${value}`);
  return n;
}

/** Parses a non-negative integer flag (≥ 0). */
export function parseCount(flag: string, value: string): number {
  const n = parseNumber(flag, value);
  if (!Number.isInteger(n) || n < 0) throw usageError(`${flag} expects a whole number ≥ 0, got "${value}"`);
  return n;
}

/** Parses one of a closed set of choices. */
export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw usageError(`${flag} must be one of ${choices.join(", ")}; got "${value}"`);
  }
  return value as T;
}
