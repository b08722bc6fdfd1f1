/**
 * The frame every terminal command (`plan`, `import`, `status`, `wait`, `deployment`) runs in: parse
 * the flags against the command's table, pick the terminal (colour unless `--no-color`), answer
 * `--help`, run the command's body, and turn the errors a person can act on into
 * `ecs-bridge <command>: <message>` and a fix, with exit code 1. Any other error is a bug and is
 * thrown on, never swallowed.
 */
import { commandHelp, parseCommandArgs, UsageError, type CommandDef, type ParsedArgs } from './args.js';
import { CliError, formatExplained, type Explained } from './cli-errors.js';
import { processIo, type CliIo } from './terminal.js';

/** What a command does once its flags parsed and `--help` was not asked for; resolves with the exit code. */
export type CommandBody = (args: ParsedArgs, out: CliIo) => Promise<number>;

/** How a command reports its errors, where commands differ. */
export interface CommandErrors {
  /**
   * After a usage error, point to `--help` for the flags and examples; without it the usage
   * error's own message says what to do.
   */
  readonly helpHint?: boolean;
  /** Explains an error class of the command's own (e.g. a bad manifest); undefined for any other. */
  readonly explain?: (err: unknown) => Explained | undefined;
}

/**
 * Runs `body` for `def` with `argv` (after the command name); resolves with the exit code. `io`
 * defaults to the process's terminal, coloured as the flags say.
 */
export async function runTerminalCommand(
  def: CommandDef,
  argv: readonly string[],
  io: CliIo | undefined,
  body: CommandBody,
  errors: CommandErrors = {},
): Promise<number> {
  let out: CliIo | undefined = io;
  try {
    const args = parseCommandArgs(def, argv);
    out ??= processIo({ noColor: args.flag('no-color') });
    if (args.help) {
      out.stdout.write(commandHelp(def));
      return 0;
    }
    return await body(args, out);
  } catch (err) {
    const stderr = (out ?? processIo({ noColor: true })).stderr;
    const hint =
      errors.helpHint === true ? `\nRun 'ecs-bridge ${def.name} --help' for the flags and examples.` : '';
    const own = err instanceof UsageError || err instanceof CliError ? undefined : errors.explain?.(err);
    if (err instanceof UsageError) stderr.write(`${err.message}${hint}\n`);
    else if (err instanceof CliError) stderr.write(formatExplained(def.name, err));
    else if (own !== undefined) stderr.write(formatExplained(def.name, own));
    else throw err;
    return 1;
  }
}
