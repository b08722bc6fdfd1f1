/**
 * The operator's structured logger: pino, constant messages with variables as fields; JSON lines by
 * default, or (`--log-format=text`) the same fields as one readable line for people at a terminal,
 * written by the tiny formatter below rather than a dev-only pretty printer.
 *
 * Built once by the composition root from config; nothing configures a logger at import time.
 */
import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

/** The logger type every module takes. */
export type Logger = PinoLogger;

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  readonly level: LevelWithSilent;
  /** `json` (default) or `text`. */
  readonly format?: 'json' | 'text';
  /** Where lines go; standard output when absent. */
  readonly destination?: { write(line: string): unknown };
}

/** Fields every line carries that the text format shows in its own columns (or not at all). */
const TEXT_COLUMNS = new Set(['time', 'level', 'msg', 'app', 'pid', 'hostname']);

function textValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'object' && value !== null && 'stack' in value && typeof value.stack === 'string') {
    // An error: its message on the line, the stack indented below (see formatTextLine).
    const message = 'message' in value && typeof value.message === 'string' ? value.message : 'error';
    return JSON.stringify(message);
  }
  return JSON.stringify(value) ?? String(value);
}

/**
 * One JSON log line as text: `<time> <LEVEL> <message> key=value ...`, an error's stack indented on
 * the lines below. Lines that are not JSON objects pass through unchanged.
 */
export function formatTextLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const level = typeof record.level === 'string' ? record.level.toUpperCase() : String(record.level);
  const fields = Object.entries(record)
    .filter(([k]) => !TEXT_COLUMNS.has(k))
    .map(([k, v]) => `${k}=${textValue(v)}`);
  const stacks = Object.values(record)
    .map((v) => (typeof v === 'object' && v !== null && 'stack' in v ? v.stack : undefined))
    .filter((v): v is string => typeof v === 'string')
    .map((stack) => `\n    ${stack.split('\n').join('\n    ')}`);
  const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
  const head = [text(record.time), level.padEnd(5), text(record.msg)].join(' ');
  return `${[head, ...fields].join(' ')}${stacks.join('')}\n`;
}

/**
 * Fields whose values must never reach a log line: container secrets, credentials, tokens, and the
 * SDK's raw `$metadata` (noise). AWS request ids are kept on purpose, as `err.awsRequestIds`: they
 * are what AWS Support asks for. They never reach status or Events (src/aws/errors.ts strips them).
 */
const REDACTED_PATHS = [
  'secrets',
  '*.secrets',
  'credentials',
  '*.credentials',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '$metadata',
  '*.$metadata',
];

/** The AWS request ids (`$metadata.requestId`) along an error's cause chain, outermost first. */
export function awsRequestIdsOf(err: unknown): string[] {
  const ids: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const id = (current as { $metadata?: { requestId?: unknown } }).$metadata?.requestId;
    if (typeof id === 'string' && id !== '' && !ids.includes(id)) ids.push(id);
    current = (current as { cause?: unknown }).cause;
  }
  return ids;
}

/** pino's error serializer, plus the AWS request ids of the error and its causes. */
function serializeError(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown;
  const ids = awsRequestIdsOf(err);
  return ids.length === 0 || typeof out !== 'object' || out === null ? out : { ...out, awsRequestIds: ids };
}

/** Builds the root logger. */
export function createLogger(options: LoggerOptions): Logger {
  const out = options.destination ?? process.stdout;
  const destination =
    options.format === 'text' ? { write: (line: string) => out.write(formatTextLine(line)) } : out;
  return pino(
    {
      level: options.level,
      base: { app: 'ecs-bridge' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A logger that drops everything, for tests and tools that print their own output. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
