/**
 * Runs the Argo CD health checks (deploy/gitops/argocd/<Kind>/health.lua) with gopher-lua, the
 * interpreter Argo CD embeds, against every case of test/gitops/argocd/<Kind>/health_test.yaml
 * (Argo CD's own layout for built-in checks: a list of {inputPath, healthStatus} with the objects
 * under testdata/). The runner opens only the libraries argocd-cm scripts get by default, so a
 * script that passes here runs in Argo CD too. Needs Go; no test world.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGitopsTool, runGitopsTool } from '../gitops/go-tools.js';
import {
  argocdCmKey,
  CM_PATCH_PATH,
  HEALTH_CHECKED_KINDS,
  healthScriptPath,
  renderArgocdCmPatch,
} from '../gitops/argocd/cm-patch.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface HealthStatus {
  readonly status?: string;
  readonly message?: string;
  readonly error?: string;
}

interface HealthCase {
  readonly kind: string;
  readonly inputPath: string;
  readonly expected: HealthStatus;
  readonly object: unknown;
}

function casesOf(kind: string): HealthCase[] {
  const dir = join(root, 'test/gitops/argocd', kind);
  const doc = YAML.parse(readFileSync(join(dir, 'health_test.yaml'), 'utf8')) as {
    tests: { inputPath: string; healthStatus: HealthStatus }[];
  };
  return doc.tests.map((t) => ({
    kind,
    inputPath: t.inputPath,
    expected: t.healthStatus,
    object: YAML.parse(readFileSync(join(dir, t.inputPath), 'utf8')) as unknown,
  }));
}

const cases = HEALTH_CHECKED_KINDS.flatMap(casesOf);
let luaHealth = '';
const results = new Map<string, HealthStatus>();

beforeAll(async () => {
  luaHealth = (await buildGitopsTool('lua-health')).path;
  for (const kind of HEALTH_CHECKED_KINDS) {
    const mine = cases.filter((c) => c.kind === kind);
    const out = await runGitopsTool<HealthStatus[]>(
      luaHealth,
      [join(root, healthScriptPath(kind))],
      mine.map((c) => c.object),
    );
    mine.forEach((c, i) => results.set(`${kind}/${c.inputPath}`, out[i] ?? { error: 'no result' }));
  }
});

describe('Argo CD health checks, run with gopher-lua', () => {
  it.each(cases.map((c) => [`${c.kind}/${c.inputPath}`, c] as const))('%s', (key, c) => {
    expect(results.get(key)).toEqual({ status: c.expected.status, message: c.expected.message });
  });

  it.each([
    ['EcsTaskDefinition', ['Healthy', 'Progressing', 'Degraded']],
    ['EcsService', ['Healthy', 'Progressing', 'Degraded', 'Suspended']],
    ['EcsCluster', ['Healthy', 'Progressing', 'Degraded']],
    ['EcsTaskRun', ['Healthy', 'Progressing', 'Degraded']],
    ['EcsTaskTrigger', ['Healthy', 'Progressing', 'Degraded']],
  ])('%s: the cases cover every health status the check can return', (kind, statuses) => {
    const seen = new Set(cases.filter((c) => c.kind === kind).map((c) => c.expected.status));
    expect([...seen].sort()).toEqual([...statuses].sort());
  });

  it.each(HEALTH_CHECKED_KINDS)('%s: every testdata file is a case', (kind) => {
    const files = readdirSync(join(root, 'test/gitops/argocd', kind, 'testdata')).map((f) => `testdata/${f}`);
    const used = cases.filter((c) => c.kind === kind).map((c) => c.inputPath);
    expect([...used].sort()).toEqual(files.sort());
  });

  it('runs scripts the way argocd-cm does: no string library (and no os, which the checks do not need)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lua-health-'));
    const scripts: [string, string][] = [
      ['string.format', 'return { status = string.format("%s", "Healthy") }'],
      ['os.time', 'return { status = "Healthy", message = "" .. os.time() }'],
    ];
    for (const [name, script] of scripts) {
      writeFileSync(join(dir, `${name}.lua`), script);
      const [out] = await runGitopsTool<HealthStatus[]>(luaHealth, [join(dir, `${name}.lua`)], [{}]);
      expect(out?.error, name).toContain(
        `attempt to index a non-table object(nil) with key '${name.split('.')[1]}'`,
      );
    }
    writeFileSync(
      join(dir, 'ok.lua'),
      'local hs = {}\nhs.status = "Healthy"\nhs.message = "m" .. 3\nreturn hs\n',
    );
    const [ok] = await runGitopsTool<HealthStatus[]>(luaHealth, [join(dir, 'ok.lua')], [{}]);
    expect(ok).toEqual({ status: 'Healthy', message: 'm3' });
  });

  it('maps a status Argo CD does not know to Unknown, as Argo CD does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lua-health-'));
    writeFileSync(join(dir, 'bad.lua'), 'return { status = "Fine" }');
    const [out] = await runGitopsTool<HealthStatus[]>(luaHealth, [join(dir, 'bad.lua')], [{}]);
    expect(out).toEqual({ status: 'Unknown', message: 'Lua returned an invalid health status' });
  });
});

describe('deploy/gitops/argocd/argocd-cm-patch.yaml', () => {
  const text = readFileSync(join(root, CM_PATCH_PATH), 'utf8');

  it('is what test/gitops/argocd/cm-patch.ts renders from the health checks', () => {
    expect(
      text === renderArgocdCmPatch(root),
      `${CM_PATCH_PATH} is out of date: run \`npx tsx test/gitops/argocd/cm-patch.ts\``,
    ).toBe(true);
  });

  it('carries each health check under its argocd-cm key, byte for byte', () => {
    const patch = YAML.parse(text) as {
      kind: string;
      metadata: { name: string };
      data: Record<string, string>;
    };
    expect(patch.kind).toBe('ConfigMap');
    expect(patch.metadata.name).toBe('argocd-cm');
    expect(Object.keys(patch.data).sort()).toEqual(HEALTH_CHECKED_KINDS.map(argocdCmKey).sort());
    for (const kind of HEALTH_CHECKED_KINDS) {
      expect(patch.data[argocdCmKey(kind)]).toBe(readFileSync(join(root, healthScriptPath(kind)), 'utf8'));
    }
  });
});
