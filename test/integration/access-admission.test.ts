/**
 * The ValidatingAdmissionPolicy of deploy/base (ADR 0036) in the world's kube-apiserver (1.34, where
 * ValidatingAdmissionPolicy is GA and on by default): with EcsAccessPolicy objects as params, it
 * refuses at `kubectl apply` what a policy selecting the namespace (by name or by labels) does not
 * allow and the object alone shows: a task or execution role, a family outside listed families, a
 * Region, a cluster (by name or ARN), a foreign task definition, an adoption. It names the field,
 * the value, the policy and its rule. It allows what the policies allow, everything in a namespace no
 * policy selects (the operator decides there), objects under a policy labelled
 * `ecs-bridge.dev/admission: skip`, and deletes. No operator runs: admission alone.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCrds, kubectl } from '../support/crds.js';
import { freshNamespace } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const suffix = randomBytes(3).toString('hex');
const ACCOUNT = '111122223333';
const role = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const FILE = resolve(import.meta.dirname, '..', '..', 'deploy', 'base', 'admission-policy.yaml');

function policy(name: string, spec: Record<string, unknown>, labels?: Record<string, string>) {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsAccessPolicy',
    metadata: { name, ...(labels === undefined ? {} : { labels }) },
    spec,
  };
}

function taskDefinition(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name },
    spec: { containerDefinitions: [{ name: 'app', image: 'nginx:1', memory: 128 }], ...spec },
  };
}

function service(name: string, spec: Record<string, unknown>) {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name },
    spec: { desiredCount: 1, taskDefinitionRef: { name: 'web' }, ...spec },
  };
}

/** A server-side dry-run apply into `namespace`: 'accepted', or the API server's refusal. */
async function admit(namespace: string, obj: object): Promise<string> {
  return kubectl(['apply', '--dry-run=server', '-n', namespace, '-f', '-'], stringify(obj)).then(
    () => 'accepted',
    (err: unknown) => String(err),
  );
}

describe('the access ValidatingAdmissionPolicy', () => {
  let nsA: string;
  let nsB: string;
  let nsNone: string;
  let nsOff: string;
  const policyA = `adm-a-${suffix}`;
  const policyB = `adm-b-${suffix}`;
  const policyOff = `adm-skip-${suffix}`;

  beforeAll(async () => {
    await installCrds();
    nsA = await freshNamespace('adm-a');
    nsB = await freshNamespace('adm-b');
    nsNone = await freshNamespace('adm-none');
    nsOff = await freshNamespace('adm-off');
    await kubectl(['label', 'namespace', nsB, `team=b-${suffix}`, 'env=prod']);
    await kubectl(['apply', '-f', FILE]);
    await kubectl(
      ['apply', '-f', '-'],
      [
        policy(policyA, {
          namespaces: { names: [nsA] },
          regions: ['us-east-1', 'eu-*'],
          clusters: ['team-a-*'],
          taskRoleArns: [role('team-a-*')],
          executionRoleArns: [role('ecsTaskExecutionRole')],
          foreignTaskDefinitions: [`arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shared-*`],
        }),
        policy(policyB, {
          namespaces: {
            selector: {
              matchLabels: { team: `b-${suffix}` },
              matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }],
            },
          },
          taskDefinitionFamilies: ['payments-*'],
          adoption: { allowed: true, clusters: ['legacy-?'] },
        }),
        policy(policyOff, { namespaces: { names: [nsOff] } }, { 'ecs-bridge.dev/admission': 'skip' }),
      ]
        .map((p) => stringify(p))
        .join('---\n'),
    );
    // The API server compiles the policy and learns of the binding and params asynchronously.
    await waitFor(
      async () => {
        const out = await admit(nsA, taskDefinition('probe', { taskRoleArn: role('OrganizationAdmin') }));
        return out.includes('ecs-bridge-access') ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the admission policy to refuse' },
    );
  }, 120_000);

  afterAll(async () => {
    // Cluster-wide: leave no admission policy behind for the other test files of this world.
    await kubectl(['delete', '-f', FILE, '--ignore-not-found']).catch(() => undefined);
    await kubectl(['delete', 'ecsaccesspolicies', policyA, policyB, policyOff, '--ignore-not-found']).catch(
      () => undefined,
    );
  });

  it.each([
    [
      'a task role the policy does not allow',
      () => taskDefinition('t1', { taskRoleArn: role('OrganizationAdmin') }),
      [
        `spec.taskRoleArn "${role('OrganizationAdmin')}" is not allowed`,
        `EcsAccessPolicy ${policyA} allows spec.taskRoleArns [${role('team-a-*')}]`,
      ],
    ],
    [
      'an execution role the policy does not allow',
      () => taskDefinition('t2', { executionRoleArn: role('team-a-exec') }),
      [
        `spec.executionRoleArn "${role('team-a-exec')}" is not allowed`,
        'allows spec.executionRoleArns [' + role('ecsTaskExecutionRole') + ']',
      ],
    ],
    [
      'a Region outside the policy',
      () => taskDefinition('t3', { region: 'ap-south-1' }),
      ['spec.region "ap-south-1" is not allowed', 'allows spec.regions [us-east-1, eu-*]'],
    ],
    [
      'a cluster outside the policy',
      () => service('s1', { cluster: 'payments-prod' }),
      ['spec.cluster "payments-prod" is not allowed', 'allows spec.clusters [team-a-*]'],
    ],
    [
      'a cluster outside the policy, by ARN',
      () => service('s2', { cluster: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/payments-prod` }),
      ['is not allowed', 'allows spec.clusters [team-a-*]'],
    ],
    [
      'a foreign task definition by ARN',
      () =>
        service('s3', {
          cluster: 'team-a-1',
          taskDefinitionRef: undefined,
          taskDefinition: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/payments:3`,
        }),
      ['spec.taskDefinition', 'allows spec.foreignTaskDefinitions [arn:aws:ecs:us-east-1:'],
    ],
    [
      'an adoption',
      () => service('s4', { cluster: 'team-a-1', adopt: true }),
      [`spec.adopt true is not allowed: EcsAccessPolicy ${policyA} does not allow adoption`],
    ],
  ])('refuses in a namespace selected by name: %s', async (_what, make, parts) => {
    const out = await admit(nsA, make());
    expect(out).toContain('ValidatingAdmissionPolicy');
    expect(out).toContain('ecs-bridge-access');
    for (const part of parts) expect(out).toContain(part);
  });

  it('refuses in a namespace selected by labels: a family outside the listed ones, adoption on another cluster', async () => {
    const family = await admit(nsB, taskDefinition('web', { family: 'billing' }));
    expect(family).toContain(
      `spec.family "billing" is not allowed: EcsAccessPolicy ${policyB} allows spec.taskDefinitionFamilies [payments-*]`,
    );
    // No spec.family: the object's name is the family.
    expect(await admit(nsB, taskDefinition('web', {}))).toContain('spec.family "web" is not allowed');
    const adopt = await admit(nsB, service('old', { cluster: 'legacy-10', adopt: true }));
    expect(adopt).toContain(
      'allows adoption only on spec.adoption.clusters [legacy-?], not on cluster legacy-10',
    );
  });

  it('allows what the policies allow', async () => {
    expect(
      await admit(
        nsA,
        taskDefinition('web', {
          region: 'eu-west-1',
          taskRoleArn: role('team-a-web'),
          executionRoleArn: role('ecsTaskExecutionRole'),
        }),
      ),
    ).toBe('accepted');
    expect(await admit(nsA, service('web', { cluster: 'team-a-1' }))).toBe('accepted');
    expect(
      await admit(
        nsA,
        service('shared', {
          cluster: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/team-a-2`,
          taskDefinitionRef: undefined,
          taskDefinition: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/shared-logs:4`,
        }),
      ),
    ).toBe('accepted');
    expect(await admit(nsB, taskDefinition('pay', { family: 'payments-api' }))).toBe('accepted');
    expect(await admit(nsB, service('old', { cluster: 'legacy-1', adopt: true }))).toBe('accepted');
  });

  it('leaves to the operator a namespace no policy selects, and one whose policy is labelled skip', async () => {
    const bad = taskDefinition('x', { taskRoleArn: role('OrganizationAdmin') });
    expect(await admit(nsNone, bad)).toBe('accepted');
    expect(await admit(nsOff, bad)).toBe('accepted');
    // The labels decide: without env in (prod, staging), policy B no longer selects nsB.
    await kubectl(['label', 'namespace', nsB, 'env=dev', '--overwrite']);
    await waitFor(
      async () =>
        (await admit(nsB, taskDefinition('web', { family: 'billing' }))) === 'accepted' ? true : undefined,
      { timeoutMs: 15_000, intervalMs: 500, what: 'policy B to stop selecting the relabelled namespace' },
    );
    await kubectl(['label', 'namespace', nsB, 'env=prod', '--overwrite']);
  });

  it('refuses an update into what the policy refuses, and never refuses a delete', async () => {
    await kubectl(
      ['apply', '-n', nsA, '-f', '-'],
      stringify(taskDefinition('real', { taskRoleArn: role('team-a-x') })),
    );
    const updated = await kubectl([
      'patch',
      '-n',
      nsA,
      'ecstaskdefinition/real',
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { taskRoleArn: role('Admin') } }),
    ]).then(
      () => 'accepted',
      (err: unknown) => String(err),
    );
    expect(updated).toContain(`spec.taskRoleArn "${role('Admin')}" is not allowed`);
    // Tighten the policy under the object: the object may still be deleted.
    await kubectl([
      'patch',
      'ecsaccesspolicy',
      policyA,
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { taskRoleArns: [role('none')] } }),
    ]);
    await kubectl(['delete', '-n', nsA, 'ecstaskdefinition/real', '--wait=false']);
    await kubectl([
      'patch',
      'ecsaccesspolicy',
      policyA,
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { taskRoleArns: [role('team-a-*')] } }),
    ]);
  });
});
