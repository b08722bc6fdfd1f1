import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';
import { runOperator } from './operator.js';
import { createSilentLogger } from './observability/logger.js';

// An API server that is never there (port 1 refuses): the operator can be built and started, and
// its sources retry in the background without any network beyond the loopback.
const dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-main-'));
const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(
  kubeconfig,
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters: [{name: none, cluster: {server: "https://127.0.0.1:1"}}]',
    'users: [{name: none, user: {token: t}}]',
    'contexts: [{name: none, context: {cluster: none, user: none}}]',
    'current-context: none',
    '',
  ].join('\n'),
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(...flags: string[]): ReturnType<typeof parseConfig> {
  return parseConfig({
    argv: [`--kubeconfig=${kubeconfig}`, '--aws-region=eu-west-1', '--log-level=silent', ...flags],
    env: {},
  });
}

describe('runOperator', () => {
  it.each([
    { what: 'without probes', flags: ['--metrics-bind-address=0'] },
    { what: 'with probes', flags: ['--metrics-bind-address=127.0.0.1:0'] },
  ])('exits 0 when the signal aborted before the manager started ($what)', async ({ flags }) => {
    const shutdown = new AbortController();
    shutdown.abort();
    const code = await runOperator(config(...flags), { log: createSilentLogger(), signal: shutdown.signal });
    expect(code).toBe(0);
  });

  it.each([
    {
      flags: [`--kubeconfig=${join(dir, 'missing')}`],
      message: /cannot read kubeconfig ".*missing": ENOENT/,
    },
    { flags: ['--context=elsewhere'], message: /context "elsewhere" not found; known contexts: "none"/ },
  ])('refuses an unusable kubeconfig as a setting to fix: $flags', async ({ flags, message }) => {
    const run = runOperator(config(...flags, '--metrics-bind-address=0'), {
      log: createSilentLogger(),
      signal: new AbortController().signal,
    });
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(message);
  });

  it('exits 0 when the signal aborts while caches are still syncing', async () => {
    const shutdown = new AbortController();
    const run = runOperator(config('--metrics-bind-address=127.0.0.1:0'), {
      log: createSilentLogger(),
      signal: shutdown.signal,
    });
    setTimeout(() => shutdown.abort(), 50);
    expect(await run).toBe(0);
  });
});
