/**
 * The operator's structured logger: pino, JSON, constant messages with variables as fields.
 *
 * Built once by the composition root from config; nothing configures a logger at import time.
 */
import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

/** The logger type every module takes. */
export type Logger = PinoLogger;

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  readonly level: LevelWithSilent;
  /** Where lines go; standard output when absent. */
  readonly destination?: NodeJS.WritableStream;
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
  return pino(
    {
      level: options.level,
      base: { app: 'ecs-bridge' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? process.stdout,
  );
}

/** A logger that drops everything, for tests and tools that print their own output. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
