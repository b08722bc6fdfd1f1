import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../controller/memory-source.js';
import { clusterLookupFrom } from '../../wiring.js';
import { ClusterReadiness, readyVerdictOf } from './ready-verdicts.js';
import { clusterStatus, type ClusterOutcome } from './status.js';
import { clusterObject } from './testing/fixtures.js';
import type { EcsCluster } from './types.js';

const NOW = new Date('2026-12-06T08:00:00Z');
const ACTIVE = {
  clusterName: 'prod',
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
  status: 'ACTIVE',
};

/** The verdict a visit with `outcome` records for `obj`. */
const verdict = (obj: EcsCluster, outcome: ClusterOutcome) =>
  readyVerdictOf(obj, outcome, clusterStatus(obj, outcome, NOW));

/** `team/prod` whose status claims Ready=True for its current generation: what a user can write. */
function claimingReady(): EcsCluster {
  const obj = clusterObject({});
  return {
    ...obj,
    status: {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'UpToDate',
          message: 'written by hand',
          lastTransitionTime: NOW.toISOString(),
        },
      ],
    },
  };
}

function cacheWith(obj: EcsCluster): MemorySource<EcsCluster> {
  const cache = new MemorySource<EcsCluster>('clusters', () => false);
  cache.set(`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, obj);
  return cache;
}

describe('cluster Ready verdicts', () => {
  it('a written Ready=True is not Ready until the reconciler concluded it', async () => {
    const obj = claimingReady();
    const readiness = new ClusterReadiness();
    const lookup = clusterLookupFrom(cacheWith(obj), readiness);

    expect(await lookup.get('team', 'prod')).toMatchObject({ clusterName: 'prod', ready: false });

    const v = verdict(obj, { kind: 'synced', cluster: ACTIVE });
    expect(v).toMatchObject({ ready: true, uid: 'u1', generation: 1 });
    readiness.record(v!);
    expect(await lookup.get('team', 'prod')).toMatchObject({ ready: true });
  });

  it('a verdict about another generation, another uid, or a cluster being deleted is not Ready', async () => {
    const obj = claimingReady();
    const readiness = new ClusterReadiness();
    readiness.record(verdict(obj, { kind: 'synced', cluster: ACTIVE })!);

    const newer = { ...obj, metadata: { ...obj.metadata, generation: 2 } };
    expect((await clusterLookupFrom(cacheWith(newer), readiness).get('team', 'prod'))?.ready).toBe(false);
    const recreated = { ...obj, metadata: { ...obj.metadata, uid: 'u2' } };
    expect((await clusterLookupFrom(cacheWith(recreated), readiness).get('team', 'prod'))?.ready).toBe(false);
    const deleting = { ...obj, metadata: { ...obj.metadata, deletionTimestamp: NOW.toISOString() } };
    expect((await clusterLookupFrom(cacheWith(deleting), readiness).get('team', 'prod'))?.ready).toBe(false);
  });

  it('concludes from the outcome: not Ready while ECS reports the cluster settling or it failed; a retry keeps the verdict', () => {
    const obj = claimingReady();
    expect(verdict(obj, { kind: 'synced', cluster: { ...ACTIVE, status: 'PROVISIONING' } })?.ready).toBe(
      false,
    );
    expect(verdict(obj, { kind: 'failed', reason: 'NotOwned', message: 'x' })?.ready).toBe(false);
    expect(verdict(obj, { kind: 'progressing' })?.ready).toBe(false);
    // The status writer carries a kept Ready forward on a retry; the verdict does not take it.
    expect(verdict(obj, { kind: 'retrying', reason: 'Throttled', message: 'x' })).toBeUndefined();
  });

  it('announces a change once, so the dependants are woken once', () => {
    const obj = claimingReady();
    const readiness = new ClusterReadiness();
    const seen: string[] = [];
    readiness.onEvent((e) => seen.push(`${e.type}:${String(e.object.ready)}`));
    const ready = verdict(obj, { kind: 'synced', cluster: ACTIVE })!;
    readiness.record(ready);
    readiness.record(ready);
    readiness.record({ ...ready, ready: false });
    readiness.forget('team', 'prod');
    expect(seen).toEqual(['added:true', 'updated:false', 'deleted:false']);
  });
});
