/**
 * The alerting rules (deploy/components/prometheus-rule), checked by Prometheus's own promtool:
 * `check rules` (syntax, PromQL, templates) and `test rules` (the unit tests beside them: each alert
 * fires when it should, with its labels and annotations, and stays quiet when healthy). promtool is
 * built from the Go module proxy on first use (test/world/promtool.ts). Also: the Helm chart's copy
 * is the component's, byte for byte.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { find, helmTemplate, kustomizeOverlay, repoRoot } from '../support/deploy.js';
import { resolveHelm } from '../world/helm.js';
import { resolvePromtool } from '../world/promtool.js';

const run = promisify(execFile);
const COMPONENT = join(repoRoot, 'deploy/components/prometheus-rule');

async function promtool(bin: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(bin, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return `${stdout}${stderr}`;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

describe('PrometheusRule', () => {
  let bin: string;
  let dir: string;

  beforeAll(async () => {
    const resolved = await resolvePromtool();
    bin = resolved.path;
    if (resolved.built)
      process.stderr.write(`promtool built in ${Math.round((resolved.buildMs ?? 0) / 1000)} s\n`);
    dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-rules-'));
    const rule = parse(readFileSync(join(COMPONENT, 'prometheus-rule.yaml'), 'utf8')) as {
      kind: string;
      spec: { groups: unknown[] };
    };
    expect(rule.kind).toBe('PrometheusRule');
    // A PrometheusRule's spec is a Prometheus rule file.
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: rule.spec.groups }));
    copyFileSync(join(COMPONENT, 'tests/alerts.promtool.yaml'), join(dir, 'alerts.promtool.yaml'));
  }, 1_200_000);

  it('passes promtool check rules', async () => {
    const out = await promtool(bin, ['check', 'rules', 'rules.yaml'], dir);
    expect(out).toContain('SUCCESS: 6 rules found');
  });

  it('passes its promtool unit tests, one per alert', async () => {
    const tests = parse(readFileSync(join(dir, 'alerts.promtool.yaml'), 'utf8')) as {
      tests: { alert_rule_test: { alertname: string }[] }[];
    };
    const rules = parse(readFileSync(join(dir, 'rules.yaml'), 'utf8')) as {
      groups: { rules: { alert: string }[] }[];
    };
    const tested = new Set(tests.tests.flatMap((t) => t.alert_rule_test.map((a) => a.alertname)));
    expect([...tested].sort()).toEqual(rules.groups.flatMap((g) => g.rules.map((r) => r.alert)).sort());
    const out = await promtool(bin, ['test', 'rules', 'alerts.promtool.yaml'], dir);
    expect(out).toContain('SUCCESS');
  });

  it('Helm (prometheusRule.enabled) and the kustomize component render the same rules', async () => {
    const helm = await resolveHelm();
    const rendered = await helmTemplate(helm.path, [
      '--set',
      'prometheusRule.enabled=true,serviceMonitor.enabled=true',
    ]);
    const fromComponent = await kustomizeOverlay(
      'resources: [{deploy/base}]\ncomponents: [{deploy/components/service-monitor}, {deploy/components/prometheus-rule}]\n',
    );
    const fromHelm = find(rendered, 'PrometheusRule', 'ecs-bridge');
    expect(fromHelm['spec']).toEqual(find(fromComponent, 'PrometheusRule', 'ecs-bridge')['spec']);
    expect(fromHelm.metadata.namespace).toBe('ecs-bridge-system');
    // Off by default: the chart renders no PrometheusRule unless asked.
    expect((await helmTemplate(helm.path)).filter((m) => m.kind === 'PrometheusRule')).toEqual([]);
  }, 1_200_000);

  it('the Helm chart holds the same rules (run deploy/sync-alerts.sh after changing them)', () => {
    expect(
      readFileSync(join(repoRoot, 'deploy/helm/ecs-bridge/files/prometheus/prometheus-rule.yaml'), 'utf8'),
    ).toBe(readFileSync(join(COMPONENT, 'prometheus-rule.yaml'), 'utf8'));
  });
});
