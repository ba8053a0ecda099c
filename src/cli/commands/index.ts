import type { Command } from "commander";
import { registerDataset } from "./dataset.js";

/** Every subcommand registers itself on the program; one line per command file. */
export const commands: ((program: Command) => void)[] = [registerDataset];
