import { describe, expect, it } from 'vitest';
import { clusterStatus, isSameClusterStatus } from './status.js';
import type { EcsCluster } from './types.js';

const now = new Date('2026-01-01T00:00:00Z');
const obj = (status?: EcsCluster['status'], generation = 2): EcsCluster => ({
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsCluster',
  metadata: { namespace: 'team', name: 'prod', generation },
  spec: {},
  ...(status === undefined ? {} : { status }),
});
const cond = (s: EcsCluster['status'], type: string) => s?.conditions?.find((c) => c.type === type);

describe('clusterStatus', () => {
  const cluster = {
    clusterArn: 'arn:aws:ecs:eu-west-1:1:cluster/prod',
    clusterName: 'prod',
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: 3,
    pendingTasksCount: 1,
    activeServicesCount: 2,
    capacityProviders: ['FARGATE_SPOT', 'FARGATE'],
  };

  it('is Ready with ECS figures when the cluster is ACTIVE', () => {
    const s = clusterStatus(obj(), { kind: 'synced', cluster }, now);
    expect(s).toMatchObject({
      observedGeneration: 2,
      clusterArn: cluster.clusterArn,
      status: 'ACTIVE',
      runningTasksCount: 3,
      pendingTasksCount: 1,
      activeServicesCount: 2,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
    });
    expect(cond(s, 'Ready')).toMatchObject({ status: 'True', reason: 'UpToDate', observedGeneration: 2 });
    expect(cond(s, 'Reconciling')?.status).toBe('False');
  });

  it('lists every capacity provider with what ECS said of it, and waits while one is updating', () => {
    const ec2 = {
      name: 'ec2',
      capacityProviderArn: 'arn:aws:ecs:eu-west-1:1:capacity-provider/ec2',
      status: 'ACTIVE',
      updateStatus: 'UPDATE_IN_PROGRESS',
    } as const;
    const withEc2 = { ...cluster, capacityProviders: ['FARGATE', 'ec2'] };
    const s = clusterStatus(obj(), { kind: 'synced', cluster: withEc2, providers: [ec2] }, now);
    expect(s.capacityProviderStatuses).toEqual([
      { name: 'FARGATE', attached: true },
      {
        name: 'ec2',
        attached: true,
        status: 'ACTIVE',
        updateStatus: 'UPDATE_IN_PROGRESS',
        capacityProviderArn: ec2.capacityProviderArn,
      },
    ]);
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'CapacityProviderNotActive' });
    expect(cond(s, 'Reconciling')?.status).toBe('True');

    const done = clusterStatus(
      obj(),
      { kind: 'synced', cluster: withEc2, providers: [{ ...ec2, updateStatus: 'UPDATE_COMPLETE' }] },
      now,
    );
    expect(cond(done, 'Ready')).toMatchObject({ status: 'True', reason: 'UpToDate' });

    const failed = clusterStatus(
      obj(),
      {
        kind: 'synced',
        cluster: withEc2,
        providers: [{ ...ec2, updateStatus: 'UPDATE_FAILED', updateStatusReason: 'no scale-in protection' }],
      },
      now,
    );
    expect(cond(failed, 'Stalled')).toMatchObject({ status: 'True', reason: 'CapacityProviderUpdateFailed' });
    expect(cond(failed, 'Ready')?.message).toContain('no scale-in protection');
  });

  it('is not Ready, and Reconciling, while ECS says PROVISIONING', () => {
    const s = clusterStatus(obj(), { kind: 'synced', cluster: { ...cluster, status: 'PROVISIONING' } }, now);
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'ClusterNotActive' });
    expect(cond(s, 'Reconciling')?.status).toBe('True');
  });

  it('is Stalled with the services named while deletion waits', () => {
    const ready = clusterStatus(obj(), { kind: 'synced', cluster }, now);
    const s = clusterStatus(
      obj(ready),
      { kind: 'deletionBlocked', message: 'services web still run in it' },
      now,
    );
    expect(cond(s, 'Ready')).toMatchObject({ status: 'False', reason: 'ServicesRemain' });
    expect(cond(s, 'Stalled')).toMatchObject({ status: 'True', message: 'services web still run in it' });
  });

  it('writes nothing for a passing retryable error on a converged object', () => {
    const ready = clusterStatus(obj(), { kind: 'synced', cluster }, now);
    const converged = obj({ ...ready, observedGeneration: 2 });
    const s = clusterStatus(converged, { kind: 'retrying', reason: 'Throttled', message: 'x' }, now);
    expect(isSameClusterStatus(converged.status, s)).toBe(true);
  });

  it('says Reconciling with the reason when a change waits behind a retryable error', () => {
    const ready = clusterStatus(obj(undefined, 1), { kind: 'synced', cluster }, now);
    const s = clusterStatus(obj(ready, 2), { kind: 'retrying', reason: 'Throttled', message: 'x' }, now);
    expect(cond(s, 'Reconciling')).toMatchObject({ status: 'True', reason: 'Throttled' });
    expect(cond(s, 'Ready')?.status).toBe('True');
  });
});
