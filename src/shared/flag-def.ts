/**
 * The one shape of a command-line flag, shared by the operator's flag table (`config-flags.ts`,
 * which also reads each flag from the environment) and the terminal commands' tables
 * (`cli/args.ts`), so both drive parsing and `--help` from rows of the same format.
 */

/** One flag of a command. */
export interface FlagDef {
  /** The long name, without dashes: `filename` for `--filename`. */
  readonly name: string;
  /** A one-letter alias, without the dash: `f` for `-f`. */
  readonly short?: string;
  readonly type: 'string' | 'boolean';
  /** A list: the flag may repeat, and each value may hold several, comma-separated. */
  readonly multiple?: boolean;
  /** The placeholder shown in help: `--region <region>`. */
  readonly value?: string;
  readonly help: string;
  /** The default, as shown in help (the command applies it). */
  readonly default?: string;
  /** The only values allowed. */
  readonly choices?: readonly string[];
  /** Environment variables read, in order, when neither the flag nor its own variable is set. */
  readonly fallbackEnv?: readonly string[];
}
