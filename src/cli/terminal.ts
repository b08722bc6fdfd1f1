/**
 * The terminal a command writes to: two outputs (results on stdout, progress and diagnostics on
 * stderr), whether each is a terminal, and a {@link Style} that colours only when allowed. Colour is
 * on only for a terminal whose environment allows it: Node's `hasColors()` honours `NO_COLOR`,
 * `NODE_DISABLE_COLORS`, `FORCE_COLOR` and `TERM=dumb`, so no environment variable is read here;
 * `--no-color` turns it off too. Commands take a {@link CliIo}, so tests pass in-memory outputs.
 */

/** Somewhere text goes. */
export interface Output {
  write(text: string): void;
  /** True when a person is probably watching (a TTY). */
  readonly isTTY: boolean;
  /** The terminal's width, when known. */
  readonly columns?: number | undefined;
}

/** The outputs of one command run. */
export interface CliIo {
  /** Results: plans, manifests, tables. */
  readonly stdout: Output;
  /** Progress, warnings, errors. */
  readonly stderr: Output;
  /** Colour stdout. */
  readonly colour: boolean;
  /** Colour stderr. */
  readonly colourErr: boolean;
}

/** Colouring functions; identity functions when colour is off. */
export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly cyan: (s: string) => string;
}

const plain = (s: string): string => s;

function sgr(open: number, close: number): (s: string) => string {
  return (s) => (s === '' ? s : `\u001b[${open}m${s}\u001b[${close}m`);
}

/** A style that colours with ANSI SGR codes when `colour` is true, else leaves text as it is. */
export function createStyle(colour: boolean): Style {
  if (!colour) return { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

// CSI sequences (colours, erase line) and carriage returns take no columns.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

/** `s` without ANSI escape sequences. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** How many columns `s` takes on a terminal (ANSI sequences take none). */
export function visibleLength(s: string): number {
  return [...stripAnsi(s)].length;
}

interface NodeStream {
  write(text: string): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
  hasColors?(): boolean;
}

function outputOf(stream: NodeStream): Output {
  return {
    write: (text) => {
      stream.write(text);
    },
    isTTY: stream.isTTY === true,
    columns: stream.columns,
  };
}

function allowsColour(stream: NodeStream): boolean {
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors();
}

/** The process's own stdout and stderr; `noColor` is the `--no-color` flag. */
export function processIo(options: { readonly noColor: boolean }): CliIo {
  return {
    stdout: outputOf(process.stdout),
    stderr: outputOf(process.stderr),
    colour: !options.noColor && allowsColour(process.stdout),
    colourErr: !options.noColor && allowsColour(process.stderr),
  };
}

/**
 * A one-line progress indicator on stderr for long work (reading many objects from AWS). On a
 * terminal the line is rewritten in place and erased when done; elsewhere (CI logs, pipes) it
 * stays silent so stderr holds only what matters.
 */
export class Progress {
  readonly #out: Output;
  #shown = false;

  constructor(out: Output) {
    this.#out = out;
  }

  /** Shows `text` as the current step. */
  update(text: string): void {
    if (!this.#out.isTTY) return;
    const width = this.#out.columns ?? 100;
    const line = text.length >= width ? `${text.slice(0, Math.max(0, width - 2))}…` : text;
    this.#out.write(`\r\u001b[2K${line}`);
    this.#shown = true;
  }

  /** Erases the line; call before writing anything else to stderr. */
  done(): void {
    if (!this.#shown) return;
    this.#out.write('\r\u001b[2K');
    this.#shown = false;
  }
}

/**
 * Holds the event loop open until the returned function is called. The AWS edge waits on unref'd
 * timers (its rate limiter and DescribeServices batching window must never keep the operator
 * alive), so a command whose only pending work is such a wait would otherwise end silently mid-run.
 */
export function holdEventLoop(): () => void {
  const handle = setInterval(() => undefined, 1 << 30);
  return () => clearInterval(handle);
}
