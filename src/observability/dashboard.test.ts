/**
 * The Grafana dashboard (deploy/grafana) and the alerting rules (deploy/components/prometheus-rule)
 * query only metrics the operator exports: every metric name in their PromQL is one that
 * `createMetrics` registers (with its histogram series suffixes), or Prometheus's own `up`. A
 * renamed metric fails here instead of leaving an empty panel or an alert that can never fire.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.js';

const root = resolve(import.meta.dirname, '..', '..');

async function exportedSeries(): Promise<Set<string>> {
  const metrics = createMetrics({ processMetrics: true });
  const names = new Set<string>(['up']);
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
  }
  return names;
}

/** Metric names in a PromQL expression: identifiers followed by a selector or range, or bare in a call. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  const keywords = new Set([
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'and',
    'or',
    'unless',
    'bool',
    'offset',
  ]);
  const names: string[] = [];
  for (const m of withoutStrings.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{|\[|\)|$)/g)) {
    const name = m[1] ?? '';
    if (keywords.has(name) || name.startsWith('$') || (/^[a-z]+$/.test(name) && !['up'].includes(name)))
      continue;
    names.push(name);
  }
  return names;
}

function dashboardExprs(): string[] {
  const dash = JSON.parse(readFileSync(resolve(root, 'deploy/grafana/ecs-bridge.json'), 'utf8')) as {
    panels: { title: string; targets?: { expr: string }[] }[];
  };
  return dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
}

function ruleExprs(): string[] {
  const rule = parse(
    readFileSync(resolve(root, 'deploy/components/prometheus-rule/prometheus-rule.yaml'), 'utf8'),
  ) as {
    spec: { groups: { rules: { expr: string }[] }[] };
  };
  return rule.spec.groups.flatMap((g) => g.rules.map((r) => r.expr));
}

describe('dashboard and alerts query only exported metrics', () => {
  it('finds the metric names in PromQL', () => {
    expect(
      metricNames('sum by (pod) (rate(foo_total{job=~"x"}[5m])) / max(bar_seconds_bucket) and on() up'),
    ).toEqual(['foo_total', 'bar_seconds_bucket', 'up']);
  });

  it.each([
    ['the Grafana dashboard', dashboardExprs],
    ['the alerting rules', ruleExprs],
  ])('%s', async (_what, exprs) => {
    const exported = await exportedSeries();
    const all = exprs();
    expect(all.length).toBeGreaterThan(5);
    const used = all.flatMap(metricNames);
    expect(used.length).toBeGreaterThanOrEqual(all.length);
    expect(used.filter((n) => !exported.has(n))).toEqual([]);
  });
});
