/**
 * One ECS cluster is managed by one EcsCluster object. Adoption tags nothing until there is
 * something to write (ADR 0007), so AWS alone cannot stop a second object with `spec.adopt` from
 * taking the same untagged cluster: the operator settles it from its own cache (the older object
 * manages the cluster), under `ecs-bridge run`, against the real API server and moto.
 */
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, condition, waitForGone, waitForReady, waitForResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { awsClients, freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const PLURAL = 'ecsclusters';
const ECS_WRITES = new Set([
  'CreateCluster',
  'UpdateCluster',
  'PutClusterCapacityProviders',
  'TagResource',
  'UntagResource',
  'DeleteCluster',
]);

function ecsCluster(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: API_GROUP_VERSION, kind: 'EcsCluster', metadata: { name }, spec };
}

describe('two EcsCluster objects naming one ECS cluster under ecs-bridge run', () => {
  let operator: OperatorProcess;
  let ns: string;
  let name: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('cl-claims');
    name = `shared-${ns}`;
    // A cluster made outside ecs-bridge: no tags of ours.
    await awsClients('moto').ecs.send(new CreateClusterCommand({ clusterName: name }));
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('lets the older object adopt it and refuses the younger, which writes nothing, even on deletion', async () => {
    await apply(ns, ecsCluster('first', { clusterName: name, adopt: true }));
    await waitForReady(PLURAL, ns, 'first');

    const seq = await proxyControl().lastSeq();
    // The younger object would write (a tag) if it were allowed to manage the cluster.
    await apply(
      ns,
      ecsCluster('second', { clusterName: name, adopt: true, tags: [{ key: 'team', value: 'b' }] }),
    );
    const refused = await waitForResource(
      PLURAL,
      ns,
      'second',
      (r) => condition(r, 'Stalled')?.status === 'True',
      { what: 'second to be Stalled' },
    );
    expect(condition(refused, 'Stalled')?.reason).toBe('ClusterClaimed');
    expect(condition(refused, 'Stalled')?.message).toContain(`EcsCluster ${ns}/first (created earlier)`);
    expect(condition(refused, 'Ready')?.status).toBe('False');

    await kubectl(['delete', 'ecscluster', '-n', ns, 'second', '--wait=false']);
    await waitForGone(PLURAL, ns, 'second', 60_000);
    const writes = (await proxyControl().calls({ service: 'ecs', afterSeq: seq })).filter(
      (c) => ECS_WRITES.has(c.action) && JSON.stringify(c.params ?? {}).includes(name),
    );
    expect(writes.map((c) => c.action)).toEqual([]);
    const out = await awsClients('moto').ecs.send(
      new DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }),
    );
    expect(out.clusters?.[0]?.status).toBe('ACTIVE');
    expect(out.clusters?.[0]?.tags ?? []).toEqual([]);
    // The older object still manages it.
    const first = await waitForReady(PLURAL, ns, 'first');
    expect(condition(first, 'Ready')?.status).toBe('True');
  });

  it('lets a younger object whose spec matches report the cluster Ready, writing nothing, and release it', async () => {
    const seq = await proxyControl().lastSeq();
    // A second team imports the shared cluster into its namespace: same cluster, nothing to change.
    await apply(ns, ecsCluster('third', { clusterName: name, adopt: true }));
    const ready = await waitForReady(PLURAL, ns, 'third');
    expect(ready.status?.['clusterName']).toBe(name);
    await kubectl(['delete', 'ecscluster', '-n', ns, 'third', '--wait=false']);
    await waitForGone(PLURAL, ns, 'third', 60_000);
    const writes = (await proxyControl().calls({ service: 'ecs', afterSeq: seq })).filter(
      (c) => ECS_WRITES.has(c.action) && JSON.stringify(c.params ?? {}).includes(name),
    );
    expect(writes.map((c) => c.action)).toEqual([]);
    const out = await awsClients('moto').ecs.send(new DescribeClustersCommand({ clusters: [name] }));
    expect(out.clusters?.[0]?.status).toBe('ACTIVE');
  });
});
