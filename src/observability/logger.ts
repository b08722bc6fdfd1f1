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
 * Fields whose values must never reach a log line: container secrets, credentials, tokens and AWS
 * request ids.
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
  'requestId',
  '*.requestId',
  '$metadata',
  '*.$metadata',
];

/** Builds the root logger. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { app: 'ecs-bridge' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
