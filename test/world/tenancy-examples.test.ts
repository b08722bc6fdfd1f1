/**
 * examples/ runs under access policies (the sandbox's operator enforces them, as installs do by
 * default): examples/tenancy's policies must send each team to its own account, every other
 * example namespace to the operator's own, and allow every object of the examples what it asks.
 * Judged with the operator's own pure rules, so a new example a policy does not allow fails here,
 * not after a minute of sandbox.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { accountFor } from '../../src/resources/access-policy/account.js';
import {
  clusterAndTaskDefinitionAsks,
  clusterAsks,
  taskDefinitionAsks,
} from '../../src/resources/access-policy/guards.js';
import { judgeAccess, type AccessAsk, type AccessSnapshot } from '../../src/resources/access-policy/rules.js';
import { taskRunAsks } from '../../src/resources/access-policy/task-run-guard.js';
import { taskTriggerAsks } from '../../src/resources/access-policy/task-trigger-guard.js';
import type { EcsAccessPolicy } from '../../src/resources/access-policy/types.js';
import { accountNeeds } from './account-fixtures.js';
import { loadExamples, type ExampleObject } from './example-fixtures.js';

const examplesDir = resolve(import.meta.dirname, '..', '..', 'examples');
const OVERLAYS = join(examplesDir, 'scenario-8-environments', 'overlays');
// Overlays are built with kubectl (not here): every other folder is read as the sandbox reads it.
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'scenario-8-environments')
  .flatMap((e) => loadExamples(join(examplesDir, e.name), 'kubectl-is-not-needed'));
const overlayNamespaces = readdirSync(OVERLAYS).map(
  (env) =>
    (parse(readFileSync(join(OVERLAYS, env, 'kustomization.yaml'), 'utf8')) as { namespace: string })
      .namespace,
);
const policies = examples
  .filter((o) => o.kind === 'EcsAccessPolicy')
  .map((o) => o.body as unknown as EcsAccessPolicy);
/** The API server labels every namespace with its name (kubernetes.io/metadata.name). */
const snapshot: AccessSnapshot = {
  mode: 'required',
  policies,
  namespaceLabels: (ns) => ({ 'kubernetes.io/metadata.name': ns }),
};
const TEAMS = { 'team-a': '111111111111', 'team-b': '222222222222' } as const;

/** What an example object asks before its first write (its family as a new one, nobody else's). */
function asksOf(o: ExampleObject): AccessAsk[] {
  const obj = o.body as never;
  const spec = (o.body['spec'] ?? {}) as {
    cluster?: string;
    clusterRef?: { name: string };
    taskDefinition?: string;
    family?: string;
    template?: { clusterRef?: { name: string } };
  };
  const region = { rule: 'regions', field: 'spec.region', value: o.region } as const;
  switch (o.kind) {
    case 'EcsCluster':
      return clusterAsks(obj, o.region);
    case 'EcsTaskDefinition':
      return [
        ...taskDefinitionAsks(obj, [], o.region, undefined),
        {
          rule: 'taskDefinitionFamilies',
          field: 'spec.family',
          value: spec.family ?? o.name,
          otherOwners: [],
        },
      ];
    case 'EcsService':
      return [region, ...clusterAndTaskDefinitionAsks(spec, spec.cluster ?? spec.clusterRef?.name)];
    case 'EcsTaskRun':
      return [...taskRunAsks(obj, [], o.region), ...clusterAndTaskDefinitionAsks({}, spec.clusterRef?.name)];
    case 'EcsTaskTrigger':
      return taskTriggerAsks(obj, [], o.region);
    default:
      return [];
  }
}

describe('examples/ under access policies', () => {
  it('has the two teams, each in a namespace of its own with a cluster, a task definition and a service', () => {
    for (const team of Object.keys(TEAMS)) {
      expect(
        examples
          .filter((o) => o.namespace === team)
          .map((o) => o.kind)
          .sort(),
      ).toEqual(['EcsCluster', 'EcsService', 'EcsTaskDefinition']);
    }
  });

  it("sends each team to its role's account, and every other namespace to the operator's own", () => {
    for (const [team, account] of Object.entries(TEAMS)) {
      const choice = accountFor(snapshot, team);
      expect(choice.kind, team).toBe('role');
      expect(choice.kind === 'role' ? choice.role.roleArn : '').toContain(`::${account}:role/`);
    }
    const others = [...new Set([...examples.map((o) => o.namespace), ...overlayNamespaces])].filter(
      (ns) => !(ns in TEAMS),
    );
    expect(others.length).toBeGreaterThan(2);
    for (const ns of others) expect(accountFor(snapshot, ns), ns).toEqual({ kind: 'own' });
  });

  it('the fixtures make each team account with its role and the Region its objects use', () => {
    expect(accountNeeds(examples).map((n) => [n.policy, n.account, n.regions])).toEqual([
      ['team-a', TEAMS['team-a'], ['us-east-1']],
      ['team-b', TEAMS['team-b'], ['us-east-1']],
    ]);
  });

  it.each(
    examples
      .filter((o) => o.kind !== 'EcsAccessPolicy')
      .map((o) => [`${o.kind} ${o.namespace}/${o.name}`, o] as const),
  )('%s is allowed what it asks by the policy selecting its namespace', (_label, o) => {
    const asks = asksOf(o);
    expect(asks.length).toBeGreaterThan(0);
    expect(judgeAccess(snapshot, o.kind, o.namespace, asks)).toEqual({ kind: 'allow' });
  });

  it('a team is refused what its policy does not grant (another cluster, a task role)', () => {
    const verdict = judgeAccess(snapshot, 'EcsService', 'team-a', [
      { rule: 'clusters', field: 'spec.clusterRef', value: 'demo-fargate' },
    ]);
    expect(verdict).toMatchObject({ kind: 'refuse', reason: 'AccessDenied' });
    expect(
      judgeAccess(snapshot, 'EcsTaskDefinition', 'team-b', [
        {
          rule: 'taskRoleArns',
          field: 'spec.taskRoleArn',
          value: 'arn:aws:iam::123456789012:role/orders-task',
        },
      ]),
    ).toMatchObject({ kind: 'refuse' });
  });
});
