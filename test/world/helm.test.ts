import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELM_VERSION, resolveHelm } from './helm.js';

describe('resolveHelm', () => {
  let dir: string;
  const log: string[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'helm-test-'));
    log.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses ECS_BRIDGE_HELM when it is set, without building', async () => {
    const given = join(dir, 'my-helm');
    writeFileSync(given, '');
    const helm = await resolveHelm({ env: { ECS_BRIDGE_HELM: given }, log: (l) => log.push(l) });
    expect(helm).toEqual({ path: given, version: 'given', built: false });
    expect(log).toEqual([]);
  });

  it('refuses an ECS_BRIDGE_HELM that does not exist', async () => {
    await expect(resolveHelm({ env: { ECS_BRIDGE_HELM: join(dir, 'nope') } })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('finds a binary already in the cache, keyed by version, without building or locking', async () => {
    const cached = join(dir, 'assets', `helm-${HELM_VERSION}`);
    mkdirSync(cached, { recursive: true });
    writeFileSync(join(cached, 'helm'), '');
    // No PATH: a build attempt would fail to find go, so success proves the cache was used.
    const helm = await resolveHelm({ env: { ECS_BRIDGE_CACHE_DIR: dir }, log: (l) => log.push(l) });
    expect(helm).toEqual({ path: join(cached, 'helm'), version: HELM_VERSION, built: false });
    expect(log).toEqual([]);
  });

  it('says how to proceed when it must build and Go is missing', async () => {
    await expect(
      resolveHelm({ env: { ECS_BRIDGE_CACHE_DIR: dir, PATH: '' }, log: (l) => log.push(l) }),
    ).rejects.toThrow(/Go not found.*ECS_BRIDGE_HELM/);
  });
});
