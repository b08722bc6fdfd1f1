import { describe, expect, it } from 'vitest';
import { createLogger, formatTextLine } from './logger.js';

function capture(format: 'json' | 'text'): { lines: string[]; log: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return {
    lines,
    log: createLogger({ level: 'info', format, destination: { write: (l: string) => lines.push(l) } }),
  };
}

describe('logger', () => {
  it('writes JSON lines by default', () => {
    const { lines, log } = capture('json');
    log.info({ controller: 'ecsservice', key: 'shop/web' }, 'reconcile done');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'info',
      msg: 'reconcile done',
      key: 'shop/web',
    });
  });

  it('writes one readable line per record with --log-format=text, fields as key=value', () => {
    const { lines, log } = capture('text');
    log.warn(
      { controller: 'ecsservice', key: 'shop/web', attempt: 2, reason: 'has spaces' },
      'aws call failed',
    );
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z WARN {2}aws call failed controller=ecsservice key=shop\/web attempt=2 reason="has spaces"\n$/,
    );
  });

  it('keeps redaction and shows an error message inline with its stack below', () => {
    const { lines, log } = capture('text');
    log.error({ err: new Error('boom'), credentials: { secretAccessKey: 'SECRET' } }, 'reconcile failed');
    const line = lines[0] ?? '';
    expect(line).toContain('ERROR reconcile failed');
    expect(line).toContain('err="boom"');
    expect(line).toContain('credentials=[redacted]');
    expect(line).not.toContain('SECRET');
    expect(line).toMatch(/\n {4}Error: boom\n {4}\s*at /);
  });

  it('passes through a line that is not JSON', () => {
    expect(formatTextLine('plain\n')).toBe('plain\n');
  });
});
