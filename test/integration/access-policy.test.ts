/**
 * EcsAccessPolicy enforced by the operator running as users run it (`ecs-bridge run
 * --access-policies=required`), against the real API server and the emulator (ADR 0021). Two
 * namespaces, one policy each (one selecting by name, one by label). Each escalation the policy
 * exists for is refused with `Stalled=True`, reason `AccessDenied` and a message naming the field,
 * the value and the rule, and the proxy's call log shows no AWS write for it: a task role outside
 * the allowed glob, a foreign task definition by ARN, an adoption, squatting the other namespace's
 * family; a namespace no policy selects gets nothing. What the policies allow converges, and a
 * refused object converges once its policy is changed to allow it, without being touched itself.
 */
import { CreateServiceCommand } from '@aws-sdk/client-ecs';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsAfter, isReadAction, proxyMark } from '../support/cli.js';
import { kubectl } from '../support/crds.js';
import { apply, condition, waitForReady, waitForResource, type OurPlural } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { inMoto, startServiceOperator } from '../support/service-fixtures.js';
import { serviceAws, stopServiceOperator } from '../support/service-world.js';
import { taskDefinition } from '../support/task-definitions.js';
import { freshNamespace, kubeConfig } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const ACCOUNT = '123456789012';
const role = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const suffix = randomBytes(3).toString('hex');
const CLUSTER_A = `team-a-${suffix}`;
const LEGACY = `legacy-${suffix}`;
const FAMILY_B = `payments-${suffix}`;

function ec2Spec(image: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    requiresCompatibilities: ['EC2'],
    networkMode: 'bridge',
    containerDefinitions: [{ name: 'app', image, memory: 128 }],
    ...extra,
  };
}

function service(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name },
    spec: { desiredCount: 1, launchType: 'EC2', ...spec },
  };
}

function policy(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'ecs-bridge.dev/v1alpha1', kind: 'EcsAccessPolicy', metadata: { name }, spec };
}

async function applyPolicies(...policies: Record<string, unknown>[]): Promise<void> {
  await kubectl(['apply', '-f', '-'], policies.map((p) => stringify(p)).join('---\n'));
}

/** Waits for `Stalled=True` with reason AccessDenied; returns the condition's message. */
async function denied(plural: OurPlural, namespace: string, name: string): Promise<string> {
  const r = await waitForResource(
    plural,
    namespace,
    name,
    (x) => condition(x, 'Stalled')?.status === 'True' && condition(x, 'Stalled')?.reason === 'AccessDenied',
    { what: 'to be refused for access' },
  );
  expect(condition(r, 'Ready')?.status).toBe('False');
  return condition(r, 'Stalled')?.message ?? '';
}

describe('EcsAccessPolicy under ecs-bridge run --access-policies=required', () => {
  let operator: OperatorProcess | undefined;
  let nsA: string;
  let nsB: string;
  let nsNone: string;
  let foreignArn: string;
  const policyA = `team-a-${suffix}`;
  const policyB = `team-b-${suffix}`;
  const policyASpec = (taskRoleArns: string[]): Record<string, unknown> => ({
    namespaces: { names: [nsA] },
    clusters: ['team-a-*'],
    taskRoleArns,
    executionRoleArns: [role('ecsTaskExecutionRole')],
  });

  beforeAll(async () => {
    // Another team's task definition, and a service made outside ecs-bridge on the team's cluster.
    [foreignArn] = await serviceAws({
      clusters: [CLUSTER_A, LEGACY],
      taskDefinitions: [[`other-team-${suffix}`, 'other:1']],
    });
    await inMoto((ecs) =>
      ecs.send(
        new CreateServiceCommand({
          cluster: CLUSTER_A,
          serviceName: 'hand-made',
          taskDefinition: foreignArn,
          desiredCount: 1,
          launchType: 'EC2',
        }),
      ),
    );
    nsA = await freshNamespace('access-a');
    nsB = await freshNamespace('access-b');
    nsNone = await freshNamespace('access-none');
    await kubectl(['label', 'namespace', nsB, `tenant=b-${suffix}`]);
    await applyPolicies(
      policy(policyA, policyASpec([role('team-a-*')])),
      policy(policyB, {
        namespaces: { selector: { matchLabels: { tenant: `b-${suffix}` } } },
        taskRoleArns: [role('team-b-*')],
      }),
    );
    operator = await startServiceOperator(`${nsA},${nsB},${nsNone}`, {
      extraArgs: ['--access-policies=required'],
    });
  }, 120_000);

  afterAll(async () => {
    await stopServiceOperator(operator, 'access-policy');
    await kubectl(['delete', 'ecsaccesspolicies', policyA, policyB, '--ignore-not-found']).catch(
      () => undefined,
    );
  });

  it('converges what each policy allows, and reports which namespaces each policy selects', async () => {
    await apply(
      nsB,
      taskDefinition('payments', ec2Spec('pay:1', { family: FAMILY_B, taskRoleArn: role('team-b-app') })),
    );
    await apply(
      nsA,
      taskDefinition(
        'web',
        ec2Spec('web:1', { taskRoleArn: role('team-a-web'), executionRoleArn: role('ecsTaskExecutionRole') }),
      ),
      service('web', { cluster: CLUSTER_A, taskDefinitionRef: { name: 'web' } }),
    );
    await waitForReady('ecstaskdefinitions', nsB, 'payments');
    await waitForReady('ecstaskdefinitions', nsA, 'web');
    await waitForReady('ecsservices', nsA, 'web');

    const api = kubeConfig().makeApiClient(CustomObjectsApi);
    const status = await waitFor(
      async () => {
        const p = (await api.getClusterCustomObject({
          group: 'ecs-bridge.dev',
          version: 'v1alpha1',
          plural: 'ecsaccesspolicies',
          name: policyB,
        })) as { status?: { namespaces?: string; conditions?: { type: string; status: string }[] } };
        return p.status?.namespaces === nsB ? p.status : undefined;
      },
      { timeoutMs: 30_000, what: `policy ${policyB} to report namespace ${nsB}` },
    );
    expect(status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('refuses each escalation with AccessDenied naming field, value and rule, and writes nothing for it', async () => {
    const mark = await proxyMark();
    await apply(
      nsA,
      // A role the policy does not allow (the operator's iam:PassRole would be the tenant's).
      taskDefinition('admin-task', ec2Spec('x:1', { taskRoleArn: role('OrganizationAdmin') })),
      // The other namespace's family.
      taskDefinition('squat', ec2Spec('x:1', { family: FAMILY_B, taskRoleArn: role('team-a-x') })),
      // Another team's revision by ARN.
      service('foreign', { cluster: CLUSTER_A, taskDefinition: foreignArn }),
      // Adopting a service ecs-bridge did not create.
      service('hand-made', { cluster: CLUSTER_A, taskDefinitionRef: { name: 'web' }, adopt: true }),
      // A cluster outside the policy's globs.
      service('elsewhere', { cluster: LEGACY, taskDefinitionRef: { name: 'web' } }),
    );
    await apply(nsNone, taskDefinition('anything', ec2Spec('x:1')));

    const role_ = await denied('ecstaskdefinitions', nsA, 'admin-task');
    expect(role_).toContain(`spec.taskRoleArn "${role('OrganizationAdmin')}"`);
    expect(role_).toContain(`EcsAccessPolicy ${policyA} allows spec.taskRoleArns [${role('team-a-*')}]`);

    const squat = await denied('ecstaskdefinitions', nsA, 'squat');
    expect(squat).toContain(`spec.family "${FAMILY_B}"`);
    expect(squat).toContain(`holds ACTIVE revisions of namespace ${nsB}`);

    const foreign = await denied('ecsservices', nsA, 'foreign');
    expect(foreign).toContain(`spec.taskDefinition "${foreignArn}"`);
    expect(foreign).toContain('allows spec.foreignTaskDefinitions none');

    expect(await denied('ecsservices', nsA, 'hand-made')).toContain('does not allow adoption');
    expect(await denied('ecsservices', nsA, 'elsewhere')).toContain(`spec.cluster "${LEGACY}"`);
    expect(await denied('ecstaskdefinitions', nsNone, 'anything')).toContain(
      `no EcsAccessPolicy selects namespace ${nsNone}`,
    );

    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action));
    const refusedNames = ['admin-task', FAMILY_B, 'foreign', 'hand-made', 'elsewhere', 'anything', LEGACY];
    const offending = writes.filter((c) =>
      refusedNames.some((n) => JSON.stringify(c.params ?? {}).includes(n)),
    );
    expect(offending.map((c) => `${c.action} ${JSON.stringify(c.params)}`)).toEqual([]);
  });

  it('converges a refused object once its policy allows it, without the object being edited', async () => {
    await applyPolicies(policy(policyA, policyASpec([role('team-a-*'), role('OrganizationAdmin')])));
    const ready = await waitForReady('ecstaskdefinitions', nsA, 'admin-task');
    expect(condition(ready, 'Stalled')?.status).toBe('False');
  });

  it('the documented example policies are valid EcsAccessPolicy objects (server-side dry run)', async () => {
    const file = new URL('../../docs/examples/access-policies.yaml', import.meta.url).pathname;
    const out = await kubectl(['apply', '--dry-run=server', '-f', file]);
    expect(out).toContain('ecsaccesspolicy.ecs-bridge.dev/team-payments created (server dry run)');
    expect(out).toContain('ecsaccesspolicy.ecs-bridge.dev/team-web created (server dry run)');
  });
});
