/**
 * Tags removed from an EcsCluster's spec.tags are untagged from the ECS cluster under
 * `ecs-bridge run`, against the real API server and moto behind the counting proxy: only keys
 * ecs-bridge set (recorded on the cluster itself, ADR 0022), never a tag someone else put on it.
 */
import { DescribeClustersCommand, TagResourceCommand, type Cluster } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_GROUP_VERSION, TAG_KEYS } from '../../src/resources/api-group.js';
import { MANAGED_TAG_KEYS_TAG } from '../../src/resources/cluster/managed-tags.js';
import type { CallRecord } from '../world/aws-proxy/call-recorder.js';
import { waitFor } from '../world/wait.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, condition, waitForGone, waitForReady, waitForResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { awsClients, freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const PLURAL = 'ecsclusters';
const TAG_WRITES = ['TagResource', 'UntagResource'];

function ecsCluster(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: API_GROUP_VERSION, kind: 'EcsCluster', metadata: { name }, spec };
}

async function tagsInMoto(name: string): Promise<Record<string, string>> {
  const out = await awsClients('moto').ecs.send(
    new DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }),
  );
  const cluster: Cluster | undefined = out.clusters?.[0];
  return Object.fromEntries((cluster?.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
}

async function tagCalls(arn: string, afterSeq: number): Promise<CallRecord[]> {
  const calls = await proxyControl().calls({ service: 'ecs', afterSeq });
  return calls.filter(
    (c) => TAG_WRITES.includes(c.action) && JSON.stringify(c.params ?? {}).includes(`"${arn}"`),
  );
}

describe('EcsCluster tags under ecs-bridge run', () => {
  let operator: OperatorProcess;
  let ns: string;
  let name: string;
  let arn: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('cl-tags');
    name = `tags-${ns}`;
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  const withTags = (tags: { key: string; value: string }[]) =>
    ecsCluster('tagged', { clusterName: name, tags });

  it('creates the cluster with the spec tags and a record of the keys it manages', async () => {
    await apply(
      ns,
      withTags([
        { key: 'team', value: 'payments' },
        { key: 'cost center', value: '42' },
      ]),
    );
    const ready = await waitForReady(PLURAL, ns, 'tagged');
    arn = String(ready.status?.['clusterArn']);
    expect(await tagsInMoto(name)).toMatchObject({
      team: 'payments',
      'cost center': '42',
      [MANAGED_TAG_KEYS_TAG]: 'cost+_center team',
      [TAG_KEYS.owner]: `${ns}/tagged`,
    });
    // Someone else tags the shared cluster.
    await awsClients('moto').ecs.send(
      new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'finance', value: 'ops' }] }),
    );
  });

  it('untags a key dropped from spec.tags, and only that one, with one UntagResource', async () => {
    const seq = await proxyControl().lastSeq();
    await apply(ns, withTags([{ key: 'team', value: 'payments' }]));
    await waitFor(async () => (!('cost center' in (await tagsInMoto(name))) ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: '"cost center" to be untagged',
    });
    await waitForResource(
      PLURAL,
      ns,
      'tagged',
      (r) => condition(r, 'Ready')?.status === 'True' && r.status?.['observedGeneration'] === 2,
      {
        what: 'to be Ready on generation 2',
      },
    );
    const calls = await tagCalls(arn, seq);
    expect(calls.map((c) => c.action)).toEqual(['UntagResource', 'TagResource']);
    expect(calls[0]?.params).toEqual({ resourceArn: arn, tagKeys: ['cost center'] });
    const tags = await tagsInMoto(name);
    expect(tags).toMatchObject({ team: 'payments', finance: 'ops', [MANAGED_TAG_KEYS_TAG]: 'team' });
  });

  it('untags the last spec tag, leaves the outside one, and then writes nothing at resync', async () => {
    const seq = await proxyControl().lastSeq();
    await apply(ns, withTags([]));
    // One visit sends UntagResource, then TagResource for the record of managed keys: wait for both,
    // or a read between the two sees the record not yet emptied.
    await waitFor(
      async () => {
        const now = await tagsInMoto(name);
        return !('team' in now) && now[MANAGED_TAG_KEYS_TAG] === '' ? true : undefined;
      },
      {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: '"team" to be untagged and the record of managed keys emptied',
      },
    );
    const tags = await tagsInMoto(name);
    expect(tags).toMatchObject({
      finance: 'ops',
      [MANAGED_TAG_KEYS_TAG]: '',
      [TAG_KEYS.instance]: 'default',
    });
    const quiet = await proxyControl().lastSeq();
    await waitFor(
      async () => {
        const reads = (
          await proxyControl().calls({ service: 'ecs', action: 'DescribeClusters', afterSeq: quiet })
        ).filter((c) => JSON.stringify(c.params).includes(name));
        return reads.length >= 3 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: '3 resyncs' },
    );
    expect((await tagCalls(arn, seq)).map((c) => c.action)).toEqual(['UntagResource', 'TagResource']);
    await kubectl(['delete', 'ecscluster', '-n', ns, 'tagged']);
    await waitForGone(PLURAL, ns, 'tagged');
  });
});
