import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { packagePath } from "../core/index.js";
import { commands } from "./commands/index.js";
import { EXIT_OK, EXIT_USER_ERROR, reportFailure } from "./exitCodes.js";

/** The package version from package.json. */
export function version(): string {
  return JSON.parse(readFileSync(packagePath("package.json"), "utf8")).version as string;
}

/** Builds the `nanocryst` command tree. */
export function buildProgram(): Command {
  const program = new Command("nanocryst")
    .description("Crystallinity of nanoparticles in HRTEM images, learned from multislice simulations")
    .version(version(), "-V, --version")
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ outputError: () => {} });
  for (const register of commands) register(program);
  program.commands.forEach(configureSubcommand);
  return program;
}

function configureSubcommand(command: Command): void {
  command.exitOverride().configureOutput({ outputError: () => {} });
  command.commands.forEach(configureSubcommand);
}

/**
 * Runs the command line and returns the exit code (0 ok, 1 usage/input error, 2 internal failure).
 * @param argv full process argv (node, script, args...)
 */
export async function main(argv: readonly string[]): Promise<number> {
  const stderr = (line: string) => process.stderr.write(`${line}\n`);
  // A reader that closes the pipe early (`nanocryst dataset stats DIR | head`) is not a failure.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(EXIT_OK);
    throw error;
  });
  try {
    await buildProgram().parseAsync(argv as string[]);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK;
      const message =
        error.code === "commander.excessArguments" && argv.length > 2
          ? `unknown command '${argv[2]}'`
          : error.message.replace(/^error:\s*/, "");
      stderr(`error: ${message} (see nanocryst --help)`);
      return EXIT_USER_ERROR;
    }
    return reportFailure(error, stderr);
  }
}
