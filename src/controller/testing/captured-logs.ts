/**
 * A debug logger whose JSON lines a test reads back as objects, to assert what a controller logged.
 * Test-only.
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../observability/logger.js';

/** A debug-level logger and the lines it wrote so far, parsed, oldest first. */
export function capturedLogs(): { readonly log: Logger; readonly logs: Record<string, unknown>[] } {
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done): void {
      logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), logs };
}
