/**
 * docs/conditions.md must list every reason the code can write, in the section of its kind, and
 * no reason the code no longer has: the reasons objects (src/resources/<kind>/reasons.ts) are the
 * source, the doc the explanation. Also checks every condition type and the reasons the task
 * definition controller takes from its failure table. No test world needed.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AwsErrorKind } from '../../src/aws/errors.js';
import { AUTOSCALING_READY, AutoscalingReason } from '../../src/resources/autoscaling/reasons.js';
import { ClusterReason } from '../../src/resources/cluster/reasons.js';
import { ServiceReasons } from '../../src/resources/service/reasons.js';
import { TASK_DEFINITION_FAILURES } from '../../src/resources/task-definition/failure-table.js';
import { TaskDefinitionReason } from '../../src/resources/task-definition/reasons.js';
import { TaskTriggerReason } from '../../src/resources/task-trigger/reasons.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = 'docs/conditions.md';
const doc = readFileSync(join(root, DOC), 'utf8');

/** The text under a `## ` heading, up to the next one. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  expect(start, `${DOC} has no section "## ${heading}"`).toBeGreaterThanOrEqual(0);
  const next = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

/** The reasons a section's table documents: the code span in each row's first cell. */
function documentedReasons(heading: string): string[] {
  return [...section(heading).matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]!);
}

// Every kind the classifier knows: a kind added to AwsErrorKind fails to compile here until listed.
const AWS_ERROR_KINDS = {
  notFound: true,
  throttled: true,
  conflict: true,
  invalid: true,
  quota: true,
  accessDenied: true,
  transient: true,
  unknown: true,
} satisfies Record<AwsErrorKind, true>;

describe(DOC, () => {
  it.each([
    ['EcsTaskDefinition', Object.values(TaskDefinitionReason)],
    ['EcsService', Object.values(ServiceReasons)],
    ['AutoscalingReady (EcsService)', Object.values(AutoscalingReason)],
    ['EcsCluster', Object.values(ClusterReason)],
    ['EcsTaskTrigger', Object.values(TaskTriggerReason)],
  ] as const)('"%s" documents exactly the reasons in the code', (heading, reasons) => {
    const documented = documentedReasons(heading);
    const missing = reasons.filter((r) => !documented.includes(r));
    const stale = documented.filter((r) => !(reasons as readonly string[]).includes(r));
    expect(missing, `reasons in the code that ${DOC} does not explain`).toEqual([]);
    expect(stale, `reasons ${DOC} explains that the code no longer has`).toEqual([]);
    expect(new Set(documented).size, 'a reason documented twice').toBe(documented.length);
  });

  it('gives every reason a meaning and something to do', () => {
    const rows = doc.split('\n').filter((l) => /^\| `[A-Za-z]+` \|/.test(l));
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      const cells = row
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
      expect(cells, row).toHaveLength(4);
      for (const c of cells) expect(c.length, row).toBeGreaterThan(2);
    }
  });

  it('explains every condition type', () => {
    const types = section('Condition types');
    for (const t of ['Ready', 'Reconciling', 'Stalled', AUTOSCALING_READY])
      expect(types).toContain(`| \`${t}\` |`);
  });

  it('covers the reasons the task definition controller takes from AWS errors', () => {
    const fromAws = (Object.keys(AWS_ERROR_KINDS) as AwsErrorKind[]).map(
      (k) => TASK_DEFINITION_FAILURES[k].reason,
    );
    expect(fromAws.filter((r) => !(Object.values(TaskDefinitionReason) as string[]).includes(r))).toEqual([]);
  });
});
