/**
 * Flags of the terminal commands (`plan`, `import`, `status`): one declarative table per command
 * drives parsing, validation and `--help`, so the help can never disagree with what is accepted.
 * Parsing is node:util `parseArgs` (strict), with the conventions people expect from kubectl:
 * short flags, repeated or comma-separated lists (`-f a.yaml -f b/` or `-f a.yaml,b/`), `--flag=value`
 * and `--flag value`. A bad command line throws a {@link UsageError} that names the flag and says
 * what to type instead.
 */
import { parseArgs } from 'node:util';
import type { FlagDef } from '../shared/flag-def.js';

export type { FlagDef };

/** One usage example in `--help`. */
export interface Example {
  readonly command: string;
  readonly comment: string;
}

/** Everything `--help` shows about a command, and the flags it accepts. */
export interface CommandDef {
  /** `plan`, `import`, `status`. */
  readonly name: string;
  /** The synopsis after `Usage:`. */
  readonly usage: string;
  /** Paragraphs explaining what the command does (plain text, wrapped by the author). */
  readonly description: string;
  readonly flags: readonly FlagDef[];
  readonly examples: readonly Example[];
  /** Extra sections after the examples (exit codes, environment). */
  readonly footer?: string;
  /** Set when the command takes arguments besides flags (`wait ecssvc/web`): what they are. */
  readonly positionals?: string;
}

/** A command line the command cannot accept; the message says what is wrong and how to ask for help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The parsed flags of one command line. */
export class ParsedArgs {
  readonly #values: Readonly<Record<string, string | boolean | string[] | undefined>>;

  /** True when `--help` or `-h` was given: print the help and nothing else. */
  readonly help: boolean;
  /** The arguments that are not flags (only for commands that declare `positionals`). */
  readonly positionals: readonly string[];

  constructor(
    values: Readonly<Record<string, string | boolean | string[] | undefined>>,
    help: boolean,
    positionals: readonly string[] = [],
  ) {
    this.#values = values;
    this.help = help;
    this.positionals = positionals;
  }

  /** A string flag's value, or undefined when it was not given. */
  string(name: string): string | undefined {
    const v = this.#values[name];
    return typeof v === 'string' ? v : undefined;
  }

  /** A list flag's values, comma-separated parts split and blanks dropped (empty when not given). */
  list(name: string): string[] {
    const v = this.#values[name];
    const raw = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
    return raw
      .flatMap((item) => item.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  /** A boolean flag: true when given. */
  flag(name: string): boolean {
    return this.#values[name] === true;
  }
}

/**
 * A flag that takes a value, `--<name> <value>`: `value` is the placeholder `--help` shows, and
 * `more` the alias, repetition, default or allowed values where the flag has them.
 */
export function valueFlag(
  name: string,
  value: string,
  help: string,
  more: Pick<FlagDef, 'short' | 'multiple' | 'default' | 'choices'> = {},
): FlagDef {
  return { name, type: 'string', value, help, ...more };
}

/** The flags every terminal command accepts. */
export const HELP_FLAG: FlagDef = { name: 'help', short: 'h', type: 'boolean', help: 'Show this help.' };

/** `--no-color`: plain output even on a terminal (NO_COLOR=1 in the environment does the same). */
export const NO_COLOR_FLAG: FlagDef = {
  name: 'no-color',
  type: 'boolean',
  help: 'Never colour the output (also: NO_COLOR=1). Colour is used only on a terminal.',
};

/** Parses `argv` (after the command name) against `def`; throws {@link UsageError}. */
export function parseCommandArgs(def: CommandDef, argv: readonly string[]): ParsedArgs {
  const flags = withHelp(def.flags);
  // --help wins over everything else on the line, even flags that would not parse.
  if (argv.includes('--help') || argv.includes('-h')) return new ParsedArgs({}, true);
  const options = Object.fromEntries(
    flags.map((f) => [
      f.name,
      {
        type: f.type,
        ...(f.short !== undefined ? { short: f.short } : {}),
        ...(f.multiple === true ? { multiple: true } : {}),
      },
    ]),
  );
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    throw usageErrorFrom(def, err);
  }
  if (positionals.length > 0 && def.positionals === undefined) {
    throw new UsageError(
      `ecs-bridge ${def.name}: unexpected argument "${positionals[0] ?? ''}"; flags take --flag=value${hint(def)}`,
    );
  }
  const clean: Record<string, string | boolean | string[] | undefined> = {};
  for (const f of flags) {
    const v = values[f.name];
    if (Array.isArray(v)) clean[f.name] = v.filter((x): x is string => typeof x === 'string');
    else clean[f.name] = v;
    const given = clean[f.name];
    if (f.choices !== undefined && given !== undefined) {
      const items = Array.isArray(given) ? given : [String(given)];
      const bad = items.find((x) => !f.choices?.includes(x));
      if (bad !== undefined) {
        throw new UsageError(
          `ecs-bridge ${def.name}: --${f.name} "${bad}" is not one of ${f.choices.join(', ')}${hint(def)}`,
        );
      }
    }
    if (f.type === 'string' && typeof given === 'string' && given.trim() === '') {
      throw new UsageError(`ecs-bridge ${def.name}: --${f.name} needs a value${hint(def)}`);
    }
  }
  return new ParsedArgs(clean, false, def.positionals === undefined ? [] : positionals);
}

function withHelp(flags: readonly FlagDef[]): FlagDef[] {
  return flags.some((f) => f.name === 'help') ? [...flags] : [...flags, HELP_FLAG];
}

function hint(def: CommandDef): string {
  return `\nRun 'ecs-bridge ${def.name} --help' for the flags and examples.`;
}

function usageErrorFrom(def: CommandDef, err: unknown): UsageError {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    return new UsageError(`ecs-bridge ${def.name}: unknown flag "${flag}"${hint(def)}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // parseArgs says "Option '-f, --filename <value>' argument missing" or "does not take an argument".
    const flag = /--([a-z-]+)/.exec(message)?.[1];
    const takesNone = /does not take an argument/.test(message);
    const what =
      flag === undefined
        ? message
        : takesNone
          ? `--${flag} takes no value (it is a switch: give it or leave it out)`
          : `--${flag} needs a value: --${flag}=<value>`;
    return new UsageError(`ecs-bridge ${def.name}: ${what}${hint(def)}`);
  }
  return new UsageError(`ecs-bridge ${def.name}: ${message}${hint(def)}`);
}

/** The `--help` text of a command: usage, description, flags, examples, footer. */
export function commandHelp(def: CommandDef): string {
  const flags = withHelp(def.flags);
  const labels = flags.map((f) => {
    const names = `${f.short !== undefined ? `-${f.short}, ` : '    '}--${f.name}`;
    return f.type === 'string' ? `${names} <${f.value ?? 'value'}>` : names;
  });
  const width = Math.min(34, Math.max(...labels.map((l) => l.length)) + 2);
  const rows = flags.map((f, i) => {
    const label = labels[i] ?? '';
    const extra = [
      f.choices !== undefined ? `one of: ${f.choices.join(', ')}` : undefined,
      f.multiple === true ? 'repeatable, or comma-separated' : undefined,
      f.default !== undefined ? `default ${f.default}` : undefined,
    ].filter((s): s is string => s !== undefined);
    const text = extra.length === 0 ? f.help : `${f.help} (${extra.join('; ')})`;
    return label.length + 2 > width
      ? `  ${label}\n  ${' '.repeat(width)}${text}`
      : `  ${label.padEnd(width)}${text}`;
  });
  const examples = def.examples.map((e) => `  # ${e.comment}\n  ${e.command}`);
  return [
    `Usage: ${def.usage}`,
    '',
    def.description.trimEnd(),
    '',
    'Flags:',
    ...rows,
    '',
    'Examples:',
    examples.join('\n\n'),
    ...(def.footer !== undefined ? ['', def.footer.trimEnd()] : []),
    '',
  ].join('\n');
}
