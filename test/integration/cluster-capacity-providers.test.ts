/**
 * Auto Scaling group capacity providers of an EcsCluster under `ecs-bridge run`, against the real
 * API server and moto behind the counting proxy: a cluster with FARGATE, FARGATE_SPOT and one
 * Auto Scaling group provider is created (provider first, tagged as ours), left alone at resync,
 * its managed scaling changed with one minimal UpdateCapacityProvider, the group's ARN refused at
 * admission, a provider that is not ours refused with the fix, and on deletion the provider is
 * detached and deleted with the cluster: nothing left.
 */
import {
  CreateCapacityProviderCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  type CapacityProvider,
  type Cluster,
  type Tag,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION, TAG_KEYS } from '../../src/resources/api-group.js';
import { REMOVING_PROVIDERS_TAG } from '../../src/resources/cluster/removal-record.js';
import type { CallRecord } from '../world/aws-proxy/call-recorder.js';
import { waitFor } from '../world/wait.js';
import { createAutoScalingGroup } from '../support/auto-scaling-group.js';
import { installCrds, kubectl } from '../support/crds.js';
import {
  apply,
  condition,
  getResource,
  waitForGone,
  waitForReady,
  waitForResource,
} from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { awsClients, freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const PLURAL = 'ecsclusters';
const WRITES = [
  'CreateCluster',
  'UpdateCluster',
  'PutClusterCapacityProviders',
  'TagResource',
  'DeleteCluster',
  'CreateCapacityProvider',
  'UpdateCapacityProvider',
  'DeleteCapacityProvider',
];

function ecsCluster(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: API_GROUP_VERSION, kind: 'EcsCluster', metadata: { name }, spec };
}

/** Straight to moto, so the proxy's log holds only the operator's calls. */
async function clusterInMoto(name: string): Promise<Cluster | undefined> {
  const out = await awsClients('moto').ecs.send(
    new DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }),
  );
  return out.clusters?.[0];
}

async function providerInMoto(name: string): Promise<CapacityProvider | undefined> {
  const out = await awsClients('moto').ecs.send(
    new DescribeCapacityProvidersCommand({ capacityProviders: [name], include: ['TAGS'] }),
  );
  return out.capacityProviders?.find((p) => p.name === name);
}

const tagsOf = (tags: readonly Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));

/** The operator's ECS calls naming any of `names` since `afterSeq`. */
async function callsAbout(names: readonly string[], afterSeq: number): Promise<CallRecord[]> {
  const calls = await proxyControl().calls({ service: 'ecs', afterSeq });
  return calls.filter((c) => {
    const params = JSON.stringify(c.params ?? {});
    return names.some(
      (n) =>
        params.includes(`"${n}"`) ||
        params.includes(`cluster/${n}"`) ||
        params.includes(`capacity-provider/${n}"`),
    );
  });
}
const writesOf = (calls: readonly CallRecord[]): string[] =>
  calls.filter((c) => WRITES.includes(c.action)).map((c) => c.action);

describe('EcsCluster Auto Scaling group capacity providers under ecs-bridge run', () => {
  let operator: OperatorProcess;
  let ns: string;
  let asgArn: string;
  let cluster: string;
  let provider: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('cl-asg');
    cluster = `asg-${ns}`;
    provider = `ec2-${ns}`;
    asgArn = await createAutoScalingGroup(`group-${ns}`);
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  const spec = (targetCapacity: number, arn?: string): Record<string, unknown> => ({
    clusterName: cluster,
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    autoScalingGroupCapacityProviders: [
      {
        name: provider,
        autoScalingGroupProvider: {
          autoScalingGroupArn: arn ?? asgArn,
          managedScaling: { status: 'ENABLED', targetCapacity, maximumScalingStepSize: 4 },
          managedTerminationProtection: 'DISABLED',
          managedDraining: 'ENABLED',
        },
      },
    ],
    defaultCapacityProviderStrategy: [
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: provider, weight: 2 },
    ],
  });

  it('creates the provider (tagged as ours) before the cluster, attaches it with FARGATE and FARGATE_SPOT, and reports it', async () => {
    const seq = await proxyControl().lastSeq();
    await apply(ns, ecsCluster('asg', spec(80)));
    const ready = await waitForReady(PLURAL, ns, 'asg');
    expect(writesOf(await callsAbout([cluster, provider], seq))).toEqual([
      'CreateCapacityProvider',
      'CreateCluster',
    ]);

    const p = await providerInMoto(provider);
    expect(p?.autoScalingGroupProvider).toMatchObject({
      autoScalingGroupArn: asgArn,
      managedScaling: { status: 'ENABLED', targetCapacity: 80, maximumScalingStepSize: 4 },
      managedTerminationProtection: 'DISABLED',
      managedDraining: 'ENABLED',
    });
    expect(tagsOf(p?.tags)).toMatchObject({ [TAG_KEYS.owner]: `${ns}/asg`, [TAG_KEYS.instance]: 'default' });
    const c = await clusterInMoto(cluster);
    expect([...(c?.capacityProviders ?? [])].sort()).toEqual(['FARGATE', 'FARGATE_SPOT', provider].sort());
    expect(ready.status).toMatchObject({
      capacityProviders: ['FARGATE', 'FARGATE_SPOT', provider].sort(),
    });
    const statuses = (ready.status as { capacityProviderStatuses?: unknown[] }).capacityProviderStatuses;
    expect(statuses).toEqual(
      expect.arrayContaining([
        { name: 'FARGATE', attached: true },
        { name: 'FARGATE_SPOT', attached: true },
        expect.objectContaining({
          name: provider,
          attached: true,
          status: 'ACTIVE',
          capacityProviderArn: p?.capacityProviderArn,
        }),
      ]),
    );
  });

  it('makes no AWS write across resyncs without a change', async () => {
    const seq = await proxyControl().lastSeq();
    const calls = await waitFor(
      async () => {
        const c = await callsAbout([cluster, provider], seq);
        return c.filter((x) => x.action === 'DescribeCapacityProviders').length >= 4 ? c : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: '4 resyncs reading the capacity provider' },
    );
    expect(writesOf(calls)).toEqual([]);
  });

  it('changes managed scaling with one UpdateCapacityProvider carrying only managedScaling', async () => {
    const seq = await proxyControl().lastSeq();
    await apply(ns, ecsCluster('asg', spec(60)));
    await waitFor(
      async () =>
        (await providerInMoto(provider))?.autoScalingGroupProvider?.managedScaling?.targetCapacity === 60
          ? true
          : undefined,
      {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: 'targetCapacity 60 in ECS',
      },
    );
    await waitForResource(
      PLURAL,
      ns,
      'asg',
      (r) => condition(r, 'Ready')?.status === 'True' && r.status?.['observedGeneration'] === 2,
      {
        what: 'to be Ready on generation 2',
      },
    );
    const calls = await callsAbout([cluster, provider], seq);
    expect(writesOf(calls)).toEqual(['UpdateCapacityProvider']);
    expect(calls.find((c) => c.action === 'UpdateCapacityProvider')?.params).toEqual({
      name: provider,
      autoScalingGroupProvider: {
        managedScaling: { status: 'ENABLED', targetCapacity: 60, maximumScalingStepSize: 4 },
      },
    });
  });

  it('refuses another Auto Scaling group at admission, with the fix', async () => {
    const other = asgArn.replace(/autoScalingGroupName\/.*$/, 'autoScalingGroupName/other');
    await expect(apply(ns, ecsCluster('asg', spec(60, other)))).rejects.toThrow(
      /autoScalingGroupArn is immutable: ECS cannot move a capacity provider to another Auto Scaling group; declare a provider with a new name/,
    );
  });

  it('refuses a capacity provider of the name that ecs-bridge did not create, writing nothing', async () => {
    const outside = `outside-${ns}`;
    const groupArn = await createAutoScalingGroup(`outside-group-${ns}`);
    await awsClients('moto').ecs.send(
      new CreateCapacityProviderCommand({
        name: outside,
        autoScalingGroupProvider: { autoScalingGroupArn: groupArn },
      }),
    );
    const seq = await proxyControl().lastSeq();
    const name = `conflict-${ns}`;
    await apply(
      ns,
      ecsCluster('conflict', {
        clusterName: name,
        autoScalingGroupCapacityProviders: [
          { name: outside, autoScalingGroupProvider: { autoScalingGroupArn: groupArn } },
        ],
      }),
    );
    const stalled = await waitForResource(
      PLURAL,
      ns,
      'conflict',
      (r) => condition(r, 'Stalled')?.status === 'True',
      {
        what: 'to be Stalled',
      },
    );
    expect(condition(stalled, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'CapacityProviderNotOwned',
    });
    expect(condition(stalled, 'Ready')?.message).toContain(`ECS capacity provider ${outside} already exists`);
    expect(condition(stalled, 'Ready')?.message).toContain('set spec.adopt: true');
    expect(writesOf(await callsAbout([name, outside], seq))).toEqual([]);
    expect(await clusterInMoto(name)).toBeUndefined();
    expect(tagsOf((await providerInMoto(outside))?.tags)).toEqual({});
    await kubectl(['delete', 'ecscluster', '-n', ns, 'conflict']);
    await waitForGone(PLURAL, ns, 'conflict');
    expect((await providerInMoto(outside))?.status).toBe('ACTIVE');
  });

  it('deletes a provider removed from the spec: detached, then one DeleteCapacityProvider, gone from ECS', async () => {
    const second = `ec2b-${ns}`;
    const groupArn = await createAutoScalingGroup(`second-group-${ns}`);
    const base = spec(60);
    const withSecond = {
      ...base,
      autoScalingGroupCapacityProviders: [
        ...(base['autoScalingGroupCapacityProviders'] as unknown[]),
        { name: second, autoScalingGroupProvider: { autoScalingGroupArn: groupArn } },
      ],
    };
    await apply(ns, ecsCluster('asg', withSecond));
    await waitFor(
      async () =>
        (await clusterInMoto(cluster))?.capacityProviders?.includes(second) === true ? true : undefined,
      { timeoutMs: 30_000, intervalMs: 250, what: `${second} attached in ECS` },
    );
    await waitForResource(
      PLURAL,
      ns,
      'asg',
      (r) => condition(r, 'Ready')?.status === 'True' && r.status?.['observedGeneration'] === 3,
      { what: 'to be Ready on generation 3' },
    );

    const seq = await proxyControl().lastSeq();
    await apply(ns, ecsCluster('asg', base));
    await waitFor(async () => ((await providerInMoto(second)) === undefined ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: `${second} gone from ECS`,
    });
    await waitForResource(
      PLURAL,
      ns,
      'asg',
      (r) => condition(r, 'Ready')?.status === 'True' && r.status?.['observedGeneration'] === 4,
      { what: 'to be Ready on generation 4' },
    );
    const c = await clusterInMoto(cluster);
    expect([...(c?.capacityProviders ?? [])].sort()).toEqual(['FARGATE', 'FARGATE_SPOT', provider].sort());
    // The name is recorded on the cluster, the detach names the cluster (the list it sends no
    // longer names the provider), then the delete, then the record is emptied.
    const calls = await callsAbout([cluster, second], seq);
    expect(writesOf(calls)).toEqual([
      'TagResource',
      'PutClusterCapacityProviders',
      'DeleteCapacityProvider',
      'TagResource',
    ]);
    expect(tagsOf((await clusterInMoto(cluster))?.tags)[REMOVING_PROVIDERS_TAG]).toBe('');
    expect(calls.filter((x) => x.action === 'DeleteCapacityProvider').map((x) => x.params)).toEqual([
      { capacityProvider: second },
    ]);
    // The declared provider stays.
    expect((await providerInMoto(provider))?.status).toBe('ACTIVE');
  });

  it('deletes a removed provider that a failed visit left detached: the record on the cluster names it', async () => {
    const third = `ec2c-${ns}`;
    const groupArn = await createAutoScalingGroup(`third-group-${ns}`);
    const base = spec(60);
    const withThird = {
      ...base,
      autoScalingGroupCapacityProviders: [
        ...(base['autoScalingGroupCapacityProviders'] as unknown[]),
        { name: third, autoScalingGroupProvider: { autoScalingGroupArn: groupArn } },
      ],
    };
    await apply(ns, ecsCluster('asg', withThird));
    await waitFor(
      async () =>
        (await clusterInMoto(cluster))?.capacityProviders?.includes(third) === true ? true : undefined,
      { timeoutMs: 30_000, intervalMs: 250, what: `${third} attached in ECS` },
    );
    // ECS fails the delete after the detach went through (every SDK attempt of that visit), as a
    // crash between the two would leave it: detached, ours, and named by nothing but the record.
    const rule = await proxyControl().addRule({
      service: 'ecs',
      action: 'DeleteCapacityProvider',
      bodyContains: third,
      times: 2,
      fault: { kind: 'error', status: 500, code: 'ServerException', message: 'Service unavailable' },
    });
    const seq = await proxyControl().lastSeq();
    await apply(ns, ecsCluster('asg', base));
    await waitFor(async () => ((await providerInMoto(third)) === undefined ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: `${third} gone from ECS after the failed visit`,
    });
    const calls = await callsAbout([cluster, third], seq);
    expect(calls.filter((c) => c.action === 'DeleteCapacityProvider').length).toBe(3);
    expect(calls.filter((c) => c.action === 'PutClusterCapacityProviders').length).toBe(1);
    expect((await proxyControl().listRules()).find((r) => r.id === rule.id)?.hits).toBe(2);
    await waitFor(
      async () =>
        tagsOf((await clusterInMoto(cluster))?.tags)[REMOVING_PROVIDERS_TAG] === '' ? true : undefined,
      { timeoutMs: 30_000, intervalMs: 250, what: 'the removal record emptied' },
    );
  });

  it('on deletion detaches the provider, deletes it and the cluster: nothing left', async () => {
    const seq = await proxyControl().lastSeq();
    await kubectl(['delete', 'ecscluster', '-n', ns, 'asg', '--wait=false']);
    await waitForGone(PLURAL, ns, 'asg', 60_000);
    expect(writesOf(await callsAbout([cluster, provider], seq))).toEqual([
      'PutClusterCapacityProviders',
      'DeleteCapacityProvider',
      'DeleteCluster',
    ]);
    expect(await providerInMoto(provider)).toBeUndefined();
    expect((await clusterInMoto(cluster))?.status).toBe('INACTIVE');
    expect(await getResource(PLURAL, ns, 'asg')).toBeUndefined();
  });
});
