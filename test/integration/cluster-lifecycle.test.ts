/**
 * The EcsCluster lifecycle with the operator running as users run it (`ecs-bridge run`), against
 * the real API server and moto behind the counting proxy: create with every setting, no writes at
 * resync, minimal updates, drift correction, immutables refused at admission, deletion blocked by
 * a service and then completed, Retain, and adoption.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  RegisterTaskDefinitionCommand,
  UpdateClusterCommand,
  type Cluster,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION, TAG_KEYS } from '../../src/resources/api-group.js';
import type { CallRecord } from '../world/aws-proxy/call-recorder.js';
import { waitFor } from '../world/wait.js';
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
];

function ecsCluster(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: API_GROUP_VERSION, kind: 'EcsCluster', metadata: { name }, spec };
}

/** The cluster as moto holds it (straight to moto, so the proxy's log holds only the operator's calls). */
async function inMoto(name: string): Promise<Cluster | undefined> {
  const out = await awsClients('moto').ecs.send(
    new DescribeClustersCommand({ clusters: [name], include: ['TAGS', 'SETTINGS', 'CONFIGURATIONS'] }),
  );
  return out.clusters?.[0];
}

const tagsOf = (c: Cluster | undefined): Record<string, string> =>
  Object.fromEntries((c?.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));

/** The operator's ECS calls about cluster `name` since `afterSeq`. */
async function clusterCalls(name: string, afterSeq: number): Promise<CallRecord[]> {
  const calls = await proxyControl().calls({ service: 'ecs', afterSeq });
  return calls.filter((c) => {
    const params = JSON.stringify(c.params ?? {});
    return (
      params.includes(`"clusterName":"${name}"`) ||
      params.includes(`"cluster":"${name}"`) ||
      params.includes(`"clusters":["${name}"]`) ||
      params.includes(`cluster/${name}"`)
    );
  });
}
const writesOf = (calls: readonly CallRecord[]): string[] =>
  calls.filter((c) => WRITES.includes(c.action)).map((c) => c.action);

describe('EcsCluster lifecycle under ecs-bridge run', () => {
  let operator: OperatorProcess;
  let ns: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('cl-life');
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  const fullSpec = {
    settings: [{ name: 'containerInsights', value: 'enhanced' }],
    configuration: {
      executeCommandConfiguration: {
        logging: 'OVERRIDE',
        kmsKeyId: 'alias/exec',
        logConfiguration: { cloudWatchLogGroupName: '/ecs/exec', cloudWatchEncryptionEnabled: true },
      },
    },
    serviceConnectDefaults: { namespace: 'prod.local' },
    capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    defaultCapacityProviderStrategy: [
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 3 },
    ],
    tags: [{ key: 'team', value: 'payments' }],
  };

  it('creates the cluster with every setting, tagged as ours, reports it, and answers to ecscl', async () => {
    const seq = await proxyControl().lastSeq();
    await apply(ns, ecsCluster('prod', { clusterName: `prod-${ns}`, ...fullSpec }));
    const ready = await waitForReady(PLURAL, ns, 'prod');
    const name = `prod-${ns}`;
    expect(writesOf(await clusterCalls(name, seq))).toEqual(['CreateCluster']);
    const cluster = await inMoto(name);
    expect(cluster?.status).toBe('ACTIVE');
    expect(cluster?.settings).toEqual([{ name: 'containerInsights', value: 'enhanced' }]);
    expect(cluster?.configuration?.executeCommandConfiguration).toMatchObject({
      logging: 'OVERRIDE',
      kmsKeyId: 'alias/exec',
      logConfiguration: { cloudWatchLogGroupName: '/ecs/exec', cloudWatchEncryptionEnabled: true },
    });
    expect(cluster?.serviceConnectDefaults?.namespace).toBe('prod.local');
    expect(cluster?.capacityProviders).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(cluster?.defaultCapacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
    ]);
    expect(tagsOf(cluster)).toMatchObject({
      team: 'payments',
      [TAG_KEYS.owner]: `${ns}/prod`,
      [TAG_KEYS.instance]: 'default',
    });
    expect(ready.status).toMatchObject({
      clusterArn: cluster?.clusterArn,
      clusterName: name,
      status: 'ACTIVE',
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    });
    expect(condition(ready, 'Ready')).toMatchObject({ status: 'True', reason: 'UpToDate' });
    expect(ready.metadata.finalizers).toContain('ecs-bridge.dev/finalizer');
    const listed = await kubectl(['get', 'ecscl', '-n', ns, 'prod', '-o', 'wide']);
    expect(listed).toContain(name);
    expect(listed).toContain('UpToDate');
    expect(await kubectl(['get', 'ecs', '-n', ns, '-o', 'name'])).toContain('ecscluster.ecs-bridge.dev/prod');
  });

  it('makes no AWS write and no status write across resyncs without a change', async () => {
    const name = `prod-${ns}`;
    const before = await getResource(PLURAL, ns, 'prod');
    const seq = await proxyControl().lastSeq();
    const calls = await waitFor(
      async () => {
        const c = await clusterCalls(name, seq);
        return c.filter((x) => x.action === 'DescribeClusters').length >= 4 ? c : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: '4 resyncs of the cluster' },
    );
    expect(writesOf(calls)).toEqual([]);
    const after = await getResource(PLURAL, ns, 'prod');
    expect(after?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
  });

  it('applies a changed setting and strategy with one UpdateCluster and one PutClusterCapacityProviders', async () => {
    const name = `prod-${ns}`;
    const seq = await proxyControl().lastSeq();
    await apply(
      ns,
      ecsCluster('prod', {
        clusterName: name,
        ...fullSpec,
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      }),
    );
    await waitForResource(PLURAL, ns, 'prod', (r) => condition(r, 'Ready')?.status === 'True', {
      what: 'to be Ready on generation 2',
    });
    const calls = await clusterCalls(name, seq);
    expect(writesOf(calls)).toEqual(['UpdateCluster', 'PutClusterCapacityProviders']);
    // Only the member that changed is sent.
    expect(calls.find((c) => c.action === 'UpdateCluster')?.params).toEqual({
      cluster: name,
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    });
    const cluster = await inMoto(name);
    expect(cluster?.settings).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    expect(cluster?.defaultCapacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 },
    ]);
  });

  it('corrects drift made outside the operator at the next resync', async () => {
    const name = `prod-${ns}`;
    const seq = await proxyControl().lastSeq();
    await awsClients('moto').ecs.send(
      new UpdateClusterCommand({
        cluster: name,
        settings: [{ name: 'containerInsights', value: 'disabled' }],
      }),
    );
    await waitFor(async () => ((await inMoto(name))?.settings?.[0]?.value === 'enabled' ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'containerInsights back to enabled',
    });
    expect(writesOf(await clusterCalls(name, seq))).toEqual(['UpdateCluster']);
  });

  it('refuses a change of clusterName at admission, with the fix', async () => {
    await expect(apply(ns, ecsCluster('prod', { clusterName: `other-${ns}` }))).rejects.toThrow(
      /spec.clusterName is immutable: to manage another ECS cluster, create a new EcsCluster/,
    );
  });

  it('keeps the cluster while a service runs in it, naming it, and deletes it once the service is gone', async () => {
    const name = `blocked-${ns}`;
    await apply(ns, ecsCluster('blocked', { clusterName: name, capacityProviders: ['FARGATE'] }));
    await waitForReady(PLURAL, ns, 'blocked');
    // Someone else's service, created straight in ECS.
    const moto = awsClients('moto').ecs;
    await moto.send(
      new RegisterTaskDefinitionCommand({
        family: `outside-${ns}`,
        containerDefinitions: [{ name: 'app', image: 'httpd:2.4', memory: 128 }],
      }),
    );
    await moto.send(
      new CreateServiceCommand({
        cluster: name,
        serviceName: 'outside-web',
        taskDefinition: `outside-${ns}`,
        desiredCount: 0,
      }),
    );
    await kubectl(['delete', 'ecscluster', '-n', ns, 'blocked', '--wait=false']);
    const blocked = await waitFor(
      async () => {
        const r = await getResource(PLURAL, ns, 'blocked');
        return condition(r, 'Stalled')?.reason === 'ServicesRemain' ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'deletion to be reported blocked' },
    );
    expect(condition(blocked, 'Ready')).toMatchObject({ status: 'False', reason: 'ServicesRemain' });
    expect(condition(blocked, 'Stalled')?.message).toContain('services outside-web still run in it');
    expect((await inMoto(name))?.status).toBe('ACTIVE');

    await moto.send(new DeleteServiceCommand({ cluster: name, service: 'outside-web', force: true }));
    await waitForGone(PLURAL, ns, 'blocked', 60_000);
    expect((await inMoto(name))?.status).toBe('INACTIVE');
  });

  it('leaves the cluster with deletionPolicy Retain', async () => {
    const name = `kept-${ns}`;
    await apply(ns, ecsCluster('kept', { clusterName: name, deletionPolicy: 'Retain' }));
    await waitForReady(PLURAL, ns, 'kept');
    const seq = await proxyControl().lastSeq();
    await kubectl(['delete', 'ecscluster', '-n', ns, 'kept']);
    await waitForGone(PLURAL, ns, 'kept');
    expect((await inMoto(name))?.status).toBe('ACTIVE');
    expect(writesOf(await clusterCalls(name, seq))).toEqual([]);
  });

  it('touches an outside cluster only with spec.adopt, then manages it', async () => {
    const name = `outside-${ns}`;
    await awsClients('moto').ecs.send(new CreateClusterCommand({ clusterName: name }));
    const seq = await proxyControl().lastSeq();
    await apply(ns, ecsCluster('adopted', { clusterName: name, capacityProviders: ['FARGATE'] }));
    const stalled = await waitForResource(
      PLURAL,
      ns,
      'adopted',
      (r) => condition(r, 'Stalled')?.status === 'True',
      {
        what: 'to be Stalled',
      },
    );
    expect(condition(stalled, 'Ready')).toMatchObject({ status: 'False', reason: 'NotOwned' });
    expect(condition(stalled, 'Ready')?.message).toContain('set spec.adopt: true');
    expect(writesOf(await clusterCalls(name, seq))).toEqual([]);

    await apply(
      ns,
      ecsCluster('adopted', { clusterName: name, capacityProviders: ['FARGATE'], adopt: true }),
    );
    await waitForResource(PLURAL, ns, 'adopted', (r) => condition(r, 'Ready')?.status === 'True', {
      what: 'to be Ready after adopt',
    });
    const cluster = await inMoto(name);
    expect(cluster?.capacityProviders).toEqual(['FARGATE']);
    expect(tagsOf(cluster)).toMatchObject({ [TAG_KEYS.owner]: `${ns}/adopted` });
    // Our tags go with the first write, before it (ADR 0007).
    expect(writesOf(await clusterCalls(name, seq))).toEqual(['TagResource', 'PutClusterCapacityProviders']);
  });
});
