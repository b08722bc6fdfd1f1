/**
 * Scenario 14, tenant isolation: two teams, two namespaces, two AWS accounts (EcsAccessPolicy
 * `spec.roleArn`, ADR 0030), the operator running as users run it (`--access-policies=required`).
 * Each team's user is bound only to the chart's namespace edit role (`ecs-bridge-edit` through a
 * RoleBinding, no status rights) and is impersonated through the API server (`kubectl --as`), so
 * what they try passes through the API server's authorization as theirs would. They try each
 * escalation of the operator's rights the access policies exist for: a task or execution role the
 * policy does not allow, another team's task definition by ARN, adoption of a service made outside
 * ecs-bridge and then its delete, a family made outside ecs-bridge, a cluster outside the policy,
 * another account's role; then they try to write status and to widen their policy (refused by the
 * API server). Then someone with status rights writes a lie into every status field the operator
 * once read (status.autoscaling claiming a scalable target registered by hand), and wipes status.
 *
 * Every attempt is refused, with `Stalled=True` reason `AccessDenied` naming field, value and rule,
 * or by the API server. The figures count, from the proxy's call log per account (the account of
 * each call is the account of its access key: see test/world/aws-proxy/caller-account.ts), the
 * writes made while the attempts were made (0) and after the status lies (0).
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
} from '@aws-sdk/client-ecs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../world/aws-proxy/index.js';
import { installCrds, kubectl } from '../support/crds.js';
import {
  condition,
  getResource,
  waitForGone,
  waitForReady,
  waitForResource,
  type OurPlural,
} from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { keepOperatorLog, startServiceOperator } from '../support/service-fixtures.js';
import { taskDefinition } from '../support/task-definitions.js';
import {
  freshNamespace,
  kubeConfig,
  proxyControl,
  worldControl,
  worldInfo,
} from '../support/world-client.js';
import { WORLD_CREDENTIALS } from '../world/world.js';
import { waitFor } from '../world/wait.js';
import { isWriteAction, lastSeq } from './fault-support.js';
import { writeFigures } from './figures.js';

const suffix = randomBytes(3).toString('hex');
const ACCOUNT_A = '111111111111';
const ACCOUNT_B = '222222222222';
const roleIn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;
const CLUSTER_A = `team-a-${suffix}`;
const CLUSTER_B = `team-b-${suffix}`;
const LEGACY = `legacy-${suffix}`;
const FAMILY = `web-${suffix}`;
const HAND_FAMILY = `billing-${suffix}`;
const HAND_SERVICE = `hand-made-${suffix}`;
const FOREIGN_TAG = 'cost-center';

/** Keys of `account` from moto's STS (the world's fixtures role there). */
async function credentialsIn(
  account: string,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
  const sts = new STSClient({
    region: worldInfo().region,
    endpoint: worldInfo().motoUrl,
    credentials: WORLD_CREDENTIALS,
  });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleIn(account, 'test-fixtures'), RoleSessionName: 'test-fixtures' }),
    );
    const c = out.Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) {
      throw new Error('moto answered AssumeRole without credentials');
    }
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** An ECS client acting in `account`, straight to moto. */
async function ecsIn(account: string): Promise<ECSClient> {
  return new ECSClient({
    region: worldInfo().region,
    endpoint: worldInfo().motoUrl,
    maxAttempts: 1,
    credentials: await credentialsIn(account),
  });
}

/** Runs `fn` with an ECS client of `account`, and closes it. */
async function inAccount<T>(account: string, fn: (ecs: ECSClient) => Promise<T>): Promise<T> {
  const ecs = await ecsIn(account);
  try {
    return await fn(ecs);
  } finally {
    ecs.destroy();
  }
}

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

/** `kubectl` as `user` (impersonated by the world's admin); resolves with stdout or the refusal. */
async function kubectlAs(
  user: string,
  args: readonly string[],
  input?: string,
): Promise<{ ok: boolean; out: string }> {
  return kubectl([`--as=${user}`, ...args], input).then(
    (out) => ({ ok: true, out }),
    (err: unknown) => ({ ok: false, out: String(err) }),
  );
}

/** `kubectl apply` of `objects` into `namespace` as `user`; throws when the API server refuses. */
async function applyAs(user: string, namespace: string, ...objects: readonly object[]): Promise<void> {
  const run = await kubectlAs(
    user,
    ['apply', '-n', namespace, '-f', '-'],
    objects.map((o) => stringify(o)).join('---\n'),
  );
  if (!run.ok) throw new Error(run.out);
}

/** Waits for `Stalled=True` reason AccessDenied (and Ready=False); returns the message. */
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

/** Resource writes (every service but STS, whose AssumeRole only renews credentials) after `mark`. */
async function writesAfter(mark: number): Promise<CallRecord[]> {
  const calls = await proxyControl().calls({ afterSeq: mark });
  return calls.filter((c) => c.service !== 'sts' && isWriteAction(c.action));
}

/** `{ account: count }` of `writes`; a call without a signed key counts under `unsigned`. */
function perAccount(writes: readonly CallRecord[]): Record<string, number> {
  const out: Record<string, number> = { [ACCOUNT_A]: 0, [ACCOUNT_B]: 0 };
  for (const w of writes) {
    const key = w.account ?? 'unsigned';
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

const show = (writes: readonly CallRecord[]): string[] =>
  writes.map((w) => `${w.account ?? 'unsigned'} ${w.action} ${JSON.stringify(w.params)}`);

describe('tenant isolation (scenario 14)', () => {
  let operator: OperatorProcess | undefined;
  let nsA: string;
  let nsB: string;
  const alice = `alice-${suffix}`;
  const bob = `bob-${suffix}`;
  const policies = [`tenant-a-${suffix}`, `tenant-b-${suffix}`] as const;
  let handRevision: string;
  let webA: string;
  let webB: string;
  const figures = {
    attempts: 0,
    refusedByCondition: 0,
    refusedByApiServer: 0,
    statusLies: 0,
    deletesRefused: 0,
    attemptWrites: {} as Record<string, number>,
    statusWrites: {} as Record<string, number>,
  };

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    // The chart's user roles, as an install ships them.
    await kubectl([
      'apply',
      '-f',
      resolve(import.meta.dirname, '..', '..', 'deploy', 'base', 'user-roles.yaml'),
    ]);
    nsA = await freshNamespace('tenant-a');
    nsB = await freshNamespace('tenant-b');
    for (const [ns, user] of [
      [nsA, alice],
      [nsB, bob],
    ] as const) {
      await kubectl([
        'create',
        'rolebinding',
        'ecs-bridge-edit',
        '-n',
        ns,
        '--clusterrole=ecs-bridge-edit',
        `--user=${user}`,
      ]);
    }
    // Account A: the team's cluster, a cluster outside its policy, and a family and a service made
    // outside ecs-bridge (another team's, by hand, with a tag of its own).
    handRevision = await inAccount(ACCOUNT_A, async (ecs) => {
      await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER_A }));
      await ecs.send(new CreateClusterCommand({ clusterName: LEGACY }));
      const td = await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: HAND_FAMILY,
          requiresCompatibilities: ['EC2'],
          networkMode: 'bridge',
          containerDefinitions: [{ name: 'app', image: 'billing:1', memory: 128 }],
          tags: [{ key: 'team', value: 'billing' }],
        }),
      );
      const arn = td.taskDefinition?.taskDefinitionArn;
      if (arn === undefined) throw new Error('moto registered no revision');
      await ecs.send(
        new CreateServiceCommand({
          cluster: CLUSTER_A,
          serviceName: HAND_SERVICE,
          taskDefinition: arn,
          desiredCount: 2,
          launchType: 'EC2',
          tags: [{ key: 'team', value: 'billing' }],
        }),
      );
      return arn;
    });
    await inAccount(ACCOUNT_B, async (ecs) => {
      await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER_B }));
      await ecs.send(new CreateClusterCommand({ clusterName: LEGACY }));
    });
    await kubectl(
      ['apply', '-f', '-'],
      [
        policy(policies[0], {
          namespaces: { names: [nsA] },
          roleArn: roleIn(ACCOUNT_A, `ecs-bridge-tenant-${suffix}`),
          clusters: ['team-a-*'],
          taskRoleArns: [roleIn(ACCOUNT_A, 'team-a-*')],
          executionRoleArns: [roleIn(ACCOUNT_A, 'ecsTaskExecutionRole')],
        }),
        policy(policies[1], {
          namespaces: { names: [nsB] },
          roleArn: roleIn(ACCOUNT_B, `ecs-bridge-tenant-${suffix}`),
          clusters: ['team-b-*'],
          taskRoleArns: [roleIn(ACCOUNT_B, 'team-b-*')],
        }),
      ]
        .map((p) => stringify(p))
        .join('---\n'),
    );
    operator = await startServiceOperator(`${nsA},${nsB}`, {
      // Status-only changes wake no reconcile: a short resync brings the visits that rewrite it.
      resyncPeriod: '2s',
      extraArgs: ['--access-policies=required'],
    });

    // What each team may do converges, in its own account: the same names in both.
    await applyAs(
      alice,
      nsA,
      taskDefinition(
        'web',
        ec2Spec('team-a:1', {
          family: FAMILY,
          taskRoleArn: roleIn(ACCOUNT_A, 'team-a-web'),
          executionRoleArn: roleIn(ACCOUNT_A, 'ecsTaskExecutionRole'),
        }),
      ),
      service('web', {
        cluster: CLUSTER_A,
        taskDefinitionRef: { name: 'web' },
        tags: [{ key: 'app', value: 'web' }],
      }),
    );
    await applyAs(
      bob,
      nsB,
      taskDefinition(
        'web',
        ec2Spec('team-b:1', { family: FAMILY, taskRoleArn: roleIn(ACCOUNT_B, 'team-b-web') }),
      ),
      service('web', { cluster: CLUSTER_B, taskDefinitionRef: { name: 'web' } }),
    );
    const tdA = await waitForReady('ecstaskdefinitions', nsA, 'web', 90_000);
    const tdB = await waitForReady('ecstaskdefinitions', nsB, 'web', 90_000);
    await waitForReady('ecsservices', nsA, 'web', 90_000);
    await waitForReady('ecsservices', nsB, 'web', 90_000);
    webA = (tdA as { status?: { taskDefinitionArn?: string } }).status?.taskDefinitionArn ?? '';
    webB = (tdB as { status?: { taskDefinitionArn?: string } }).status?.taskDefinitionArn ?? '';
    expect(webA).toContain(`:${ACCOUNT_A}:task-definition/${FAMILY}:1`);
    expect(webB).toContain(`:${ACCOUNT_B}:task-definition/${FAMILY}:1`);
    // A tag on team A's service that ecs-bridge did not set (someone's cost allocation).
    await inAccount(ACCOUNT_A, async (ecs) => {
      const svc = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER_A, services: ['web'] }));
      const arn = svc.services?.[0]?.serviceArn;
      if (arn === undefined) throw new Error("team A's service is missing");
      await ecs.send(
        new TagResourceCommand({ resourceArn: arn, tags: [{ key: FOREIGN_TAG, value: 'finance' }] }),
      );
    });
  }, 300_000);

  afterAll(async () => {
    await operator?.stop();
    keepOperatorLog(operator, 'faults-tenant-isolation');
    await kubectl(['delete', 'ecsaccesspolicies', ...policies, '--ignore-not-found']).catch(() => undefined);
  });

  it('every escalation a namespace-only user tries is refused, and nothing is written for it', async () => {
    const mark = await lastSeq();
    // Team A's user, in account A.
    await applyAs(
      alice,
      nsA,
      // An organisation admin role as task role: the operator's iam:PassRole would be alice's.
      taskDefinition('admin-task', ec2Spec('x:1', { taskRoleArn: roleIn(ACCOUNT_A, 'OrganizationAdmin') })),
      // The same as execution role.
      taskDefinition(
        'admin-exec',
        ec2Spec('x:1', {
          taskRoleArn: roleIn(ACCOUNT_A, 'team-a-x'),
          executionRoleArn: roleIn(ACCOUNT_A, 'OrganizationAdmin'),
        }),
      ),
      // Another team's family (revisions made outside ecs-bridge).
      taskDefinition(
        'squat',
        ec2Spec('x:1', { family: HAND_FAMILY, taskRoleArn: roleIn(ACCOUNT_A, 'team-a-x') }),
      ),
      // Another team's revision by ARN, in this account, and in the other account.
      service('by-arn', { cluster: CLUSTER_A, taskDefinition: handRevision }),
      service('by-arn-b', { cluster: CLUSTER_A, taskDefinition: webB }),
      // Adoption of a service made outside ecs-bridge (then deleted below).
      service('adopt', {
        cluster: CLUSTER_A,
        serviceName: HAND_SERVICE,
        taskDefinitionRef: { name: 'web' },
        adopt: true,
        deletionPolicy: 'Delete',
      }),
      // A cluster outside the policy.
      service('elsewhere', { cluster: LEGACY, taskDefinitionRef: { name: 'web' } }),
      // Adoption of that cluster (then deleted below).
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsCluster',
        metadata: { name: 'adopt-cluster' },
        spec: { clusterName: LEGACY, adopt: true, deletionPolicy: 'Delete' },
      },
    );
    // Team B's user, in account B: team A's revision, a cluster outside the policy (account B
    // has one of that name too), and a role of account A.
    await applyAs(
      bob,
      nsB,
      service('borrow', { cluster: CLUSTER_B, taskDefinition: webA }),
      service('elsewhere', { cluster: LEGACY, taskDefinitionRef: { name: 'web' } }),
      taskDefinition('cross-role', ec2Spec('x:1', { taskRoleArn: roleIn(ACCOUNT_A, 'team-a-web') })),
    );
    const expected: [OurPlural, string, string, string[]][] = [
      [
        'ecstaskdefinitions',
        nsA,
        'admin-task',
        [
          `spec.taskRoleArn "${roleIn(ACCOUNT_A, 'OrganizationAdmin')}"`,
          `EcsAccessPolicy ${policies[0]} allows spec.taskRoleArns`,
        ],
      ],
      [
        'ecstaskdefinitions',
        nsA,
        'admin-exec',
        [
          `spec.executionRoleArn "${roleIn(ACCOUNT_A, 'OrganizationAdmin')}"`,
          'allows spec.executionRoleArns',
        ],
      ],
      ['ecstaskdefinitions', nsA, 'squat', [`spec.family "${HAND_FAMILY}"`, 'outside ecs-bridge']],
      [
        'ecsservices',
        nsA,
        'by-arn',
        [`spec.taskDefinition "${handRevision}"`, 'allows spec.foreignTaskDefinitions none'],
      ],
      [
        'ecsservices',
        nsA,
        'by-arn-b',
        [`spec.taskDefinition "${webB}"`, 'allows spec.foreignTaskDefinitions none'],
      ],
      ['ecsservices', nsA, 'adopt', ['does not allow adoption']],
      ['ecsclusters', nsA, 'adopt-cluster', [`spec.clusterName "${LEGACY}"`]],
      ['ecsservices', nsA, 'elsewhere', [`spec.cluster "${LEGACY}"`, `allows spec.clusters [team-a-*]`]],
      ['ecsservices', nsB, 'borrow', [`spec.taskDefinition "${webA}"`, `EcsAccessPolicy ${policies[1]}`]],
      ['ecsservices', nsB, 'elsewhere', [`spec.cluster "${LEGACY}"`, 'allows spec.clusters [team-b-*]']],
      [
        'ecstaskdefinitions',
        nsB,
        'cross-role',
        [
          `spec.taskRoleArn "${roleIn(ACCOUNT_A, 'team-a-web')}"`,
          `allows spec.taskRoleArns [${roleIn(ACCOUNT_B, 'team-b-*')}]`,
        ],
      ],
    ];
    for (const [plural, ns, name, parts] of expected) {
      figures.attempts++;
      const message = await denied(plural, ns, name);
      for (const part of parts) expect(message, `${ns}/${name}`).toContain(part);
      figures.refusedByCondition++;
    }

    // The refused adoptions, deleted with deletionPolicy Delete: the foreign service and cluster stay.
    figures.attempts += 2;
    await kubectlAs(alice, [
      'delete',
      '-n',
      nsA,
      'ecsservice/adopt',
      'ecscluster/adopt-cluster',
      '--wait=false',
    ]);
    await waitForGone('ecsservices', nsA, 'adopt');
    await waitForGone('ecsclusters', nsA, 'adopt-cluster');
    figures.deletesRefused += 2;

    // What the API server refuses: status (no user role grants it) and the policies.
    const refusedByApi: [string, Promise<{ ok: boolean; out: string }>][] = [
      [
        'status write',
        kubectlAs(alice, [
          'patch',
          '-n',
          nsA,
          'ecstaskdefinition/web',
          '--subresource=status',
          '--type=merge',
          '-p',
          JSON.stringify({ status: { taskDefinitionArn: webB } }),
        ]),
      ],
      [
        'policy widened',
        kubectlAs(alice, [
          'patch',
          'ecsaccesspolicy',
          policies[0],
          '--type=merge',
          '-p',
          JSON.stringify({ spec: { taskRoleArns: ['*'] } }),
        ]),
      ],
      [
        'policy created',
        kubectlAs(
          alice,
          ['apply', '-f', '-'],
          stringify(policy(`alice-${suffix}`, { namespaces: { names: [nsA] } })),
        ),
      ],
      ['the other namespace', kubectlAs(alice, ['get', 'ecsservices', '-n', nsB])],
    ];
    for (const [what, attempt] of refusedByApi) {
      figures.attempts++;
      const run = await attempt;
      expect(run.ok, what).toBe(false);
      expect(run.out, what).toMatch(/forbidden/i);
      figures.refusedByApiServer++;
    }

    const writes = await writesAfter(mark);
    figures.attemptWrites = perAccount(writes);
    expect(show(writes)).toEqual([]);

    // Nothing changed in either account: the foreign service and family are as they were.
    await inAccount(ACCOUNT_A, async (ecs) => {
      const svc = await ecs.send(
        new DescribeServicesCommand({ cluster: CLUSTER_A, services: [HAND_SERVICE] }),
      );
      expect(svc.services?.[0]).toMatchObject({
        status: 'ACTIVE',
        desiredCount: 2,
        taskDefinition: handRevision,
      });
      const legacy = await ecs.send(new DescribeClustersCommand({ clusters: [LEGACY] }));
      expect(legacy.clusters?.[0]?.status).toBe('ACTIVE');
      const td = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: HAND_FAMILY }));
      expect(td.taskDefinition?.taskDefinitionArn).toBe(handRevision);
    });
    await inAccount(ACCOUNT_B, async (ecs) => {
      const td = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: FAMILY }));
      expect(td.taskDefinition?.taskDefinitionArn).toBe(webB);
    });
  });

  it('status lies and a wiped status cause no write, and status is rewritten to the truth', async () => {
    const custom = kubeConfig().makeApiClient(CustomObjectsApi);
    const patchStatus = (plural: string, name: string, status: Record<string, unknown> | null) =>
      custom.patchNamespacedCustomObjectStatus(
        { group: 'ecs-bridge.dev', version: 'v1alpha1', namespace: nsA, plural, name, body: { status } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    const mark = await lastSeq();
    // Someone with status rights (any wildcard role has them) writes what the operator once read
    // or still reads: the published revision and its family; what the service runs (a foreign
    // revision, deployments, another account's cluster and another Region: garbage collection and
    // the wakes once read them), the tag keys it manages, the restart marker, and the rollout it
    // follows (ADR 0009 reads it back: a deployment ECS does not list is not believed gone until
    // several reads agree, and it can hold a write, never cause one).
    figures.attempts += 2;
    figures.statusLies += 2;
    // A scalable target registered by hand on team A's service (it has no spec.autoscaling), which a
    // status.autoscaling lie below claims as ours: it must stay as it is.
    const handTarget = {
      ServiceNamespace: 'ecs' as const,
      ResourceId: `service/${CLUSTER_A}/web`,
      ScalableDimension: 'ecs:service:DesiredCount' as const,
    };
    const scaling = new ApplicationAutoScalingClient({
      region: worldInfo().region,
      endpoint: worldInfo().motoUrl,
      maxAttempts: 1,
      credentials: await credentialsIn(ACCOUNT_A),
    });
    await scaling.send(new RegisterScalableTargetCommand({ ...handTarget, MinCapacity: 1, MaxCapacity: 3 }));
    const generation = (await getResource('ecsservices', nsA, 'web'))?.metadata?.generation ?? 1;
    await patchStatus('ecstaskdefinitions', 'web', {
      taskDefinitionArn: webB,
      family: `payments-${suffix}`,
      revision: 99,
    });
    await patchStatus('ecsservices', 'web', {
      taskDefinitionArn: handRevision,
      managedTagKeys: ['app', FOREIGN_TAG],
      restartAt: '2020-01-01T00:00:00Z',
      cluster: `arn:aws:ecs:${worldInfo().region}:${ACCOUNT_B}:cluster/${CLUSTER_B}`,
      region: 'eu-west-1',
      deployments: [
        {
          id: 'ecs-svc/0000000000000000001',
          status: 'PRIMARY',
          taskDefinition: handRevision,
          desiredCount: 9,
          runningCount: 9,
          pendingCount: 0,
          failedTasks: 0,
        },
      ],
      rollout: {
        deploymentId: 'ecs-svc/0000000000000000001',
        taskDefinitionArn: handRevision,
        generation,
        state: 'InProgress',
      },
      autoscaling: {
        resourceId: handTarget.ResourceId,
        minCapacity: 1,
        maxCapacity: 3,
        policies: [{ name: 'ecs-bridge-cpu', metricType: 'ECSServiceAverageCPUUtilization', alarms: [] }],
      },
    });
    const truth = async (): Promise<boolean> => {
      const td = await getResource('ecstaskdefinitions', nsA, 'web');
      const svc = await getResource('ecsservices', nsA, 'web');
      const tdArn = (td as { status?: { taskDefinitionArn?: string } } | undefined)?.status
        ?.taskDefinitionArn;
      const svcArn = (svc as { status?: { taskDefinitionArn?: string } } | undefined)?.status
        ?.taskDefinitionArn;
      const tdFamily = (td as { status?: { family?: string } } | undefined)?.status?.family;
      const rollout = (svc as { status?: { rollout?: { deploymentId?: string } } } | undefined)?.status
        ?.rollout;
      return (
        tdArn === webA &&
        svcArn === webA &&
        tdFamily === FAMILY &&
        rollout?.deploymentId !== 'ecs-svc/0000000000000000001' &&
        condition(svc, 'Ready')?.status === 'True'
      );
    };
    // The followed-rollout lie takes 3 reads over 30 s to be disbelieved (ADR 0009).
    await waitFor(async () => ((await truth()) ? true : undefined), {
      timeoutMs: 120_000,
      intervalMs: 500,
      what: 'both statuses rewritten to the truth after the lies',
    });
    // And wiped entirely.
    figures.attempts += 2;
    figures.statusLies += 2;
    await patchStatus('ecstaskdefinitions', 'web', null);
    await patchStatus('ecsservices', 'web', null);
    await waitFor(async () => ((await truth()) ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'both statuses rewritten after being wiped',
    });

    // Three more visits of team A's service in account A after the wipe: time for a late write.
    const wiped = await lastSeq();
    await waitFor(
      async () => {
        const calls = await proxyControl().calls({
          service: 'ecs',
          action: 'DescribeServices',
          afterSeq: wiped,
        });
        return calls.filter((c) => c.account === ACCOUNT_A).length >= 3 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "three visits of team A's service" },
    );
    const writes = await writesAfter(mark);
    figures.statusWrites = perAccount(writes);
    expect(show(writes)).toEqual([]);
    // The target registered by hand is still there, as it was.
    const targets = await scaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [handTarget.ResourceId] }),
    );
    scaling.destroy();
    expect(targets.ScalableTargets?.[0]).toMatchObject({ MinCapacity: 1, MaxCapacity: 3 });
    // The tag ecs-bridge never set is still there; the service still runs team A's revision.
    await inAccount(ACCOUNT_A, async (ecs) => {
      const svc = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER_A, services: ['web'] }));
      expect(svc.services?.[0]?.taskDefinition).toBe(webA);
      const tags = await ecs.send(
        new ListTagsForResourceCommand({ resourceArn: svc.services?.[0]?.serviceArn }),
      );
      expect(tags.tags).toContainEqual({ key: FOREIGN_TAG, value: 'finance' });
    });

    const counts = (c: Record<string, number>): string =>
      Object.entries(c)
        .map(([account, n]) => `${n} in ${account}`)
        .join(', ');
    writeFigures({
      id: '14-tenant-isolation',
      scenario: '14. Tenant isolation',
      injected:
        'two namespaces in two AWS accounts; users bound only to ecs-bridge-edit try a foreign task and execution role, another team’s revision by ARN (same and other account), adoption of a hand-made service and of a cluster then their delete, a hand-made family, a cluster and a role outside the policy, status and policy writes; status lies (one claiming a scalable target registered by hand) and wiped status',
      times: figures.attempts,
      outcome: `${figures.attempts} attempts: ${figures.refusedByCondition} refused with AccessDenied (Stalled), ${figures.deletesRefused} deletes of refused adoptions released the foreign service and cluster untouched, ${figures.refusedByApiServer} by the API server (RBAC), ${figures.statusLies} status lies and wipes rewritten to the truth; writes to anything the policies do not allow: ${counts(figures.attemptWrites)}; writes caused by status: ${counts(figures.statusWrites)}`,
    });
  });
});
