import { describe, expect, it } from 'vitest';
import { configHelp, ConfigError, parseConfig } from './config.js';

const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig({ argv, env });

describe('timeout settings', () => {
  it('defaults to reads 15 s, writes 30 s, connect 3 s, reconcile 2 m, stuck 1 m / 5 m', () => {
    const config = parse([]);
    expect(config.aws).toMatchObject({
      readTimeoutMs: 15_000,
      writeTimeoutMs: 30_000,
      connectTimeoutMs: 3_000,
    });
    expect(config.reconcileTimeoutMs).toBe(120_000);
    expect(config.stuck).toEqual({ readinessMs: 60_000, livenessMs: 300_000 });
  });

  it('takes flags and environment variables, a flag winning, and 0 for off', () => {
    const config = parse(['--aws-read-timeout=2s', '--reconcile-timeout=0', '--stuck-liveness-threshold=0'], {
      ECS_BRIDGE_AWS_READ_TIMEOUT: '9s',
      ECS_BRIDGE_AWS_WRITE_TIMEOUT: '4s',
      ECS_BRIDGE_AWS_CONNECT_TIMEOUT: '500ms',
      ECS_BRIDGE_STUCK_READINESS_THRESHOLD: '5s',
    });
    expect(config.aws).toMatchObject({ readTimeoutMs: 2_000, writeTimeoutMs: 4_000, connectTimeoutMs: 500 });
    expect(config.reconcileTimeoutMs).toBe(0);
    expect(config.stuck).toEqual({ readinessMs: 5_000, livenessMs: 0 });
  });

  it('refuses a reconcile deadline a single call could outlast, naming both settings', () => {
    expect(() => parse(['--reconcile-timeout=20s', '--aws-write-timeout=30s'])).toThrow(ConfigError);
    expect(() => parse(['--reconcile-timeout=20s'])).toThrow(
      /--reconcile-timeout \(20s\): it must be longer than --aws-read-timeout \(15s\) and --aws-write-timeout \(30s\)/,
    );
    expect(() => parse(['--aws-read-timeout=0', '--aws-write-timeout=0'])).toThrow(/reconcile-timeout/);
    expect(
      parse(['--aws-read-timeout=0', '--aws-write-timeout=0', '--reconcile-timeout=0']).reconcileTimeoutMs,
    ).toBe(0);
  });

  it('refuses a liveness threshold not longer than the readiness one', () => {
    expect(() => parse(['--stuck-readiness-threshold=2m', '--stuck-liveness-threshold=1m'])).toThrow(
      /--stuck-liveness-threshold \(1m\): it must be longer than --stuck-readiness-threshold \(2m\)/,
    );
  });

  it('refuses a value that is not a duration, quoting it', () => {
    expect(() => parse(['--aws-read-timeout=soon'])).toThrow(
      /invalid --aws-read-timeout "soon": expected 0 \(off\) or a duration/,
    );
  });

  it('documents every timeout flag in --help', () => {
    const help = configHelp();
    for (const flag of [
      'aws-read-timeout',
      'aws-write-timeout',
      'aws-connect-timeout',
      'reconcile-timeout',
      'stuck-readiness-threshold',
      'stuck-liveness-threshold',
    ]) {
      expect(help).toContain(`--${flag}=<duration>`);
    }
  });
});
