import type { Command } from "commander";

/** Every subcommand registers itself on the program; one line per command file. */
export const commands: ((program: Command) => void)[] = [];
