import type { CapacityProvider } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../api-group.js';
import { toObservedProvider, type ObservedCapacityProvider } from './capacity-provider-observe.js';
import {
  planCapacityProviderDeletion,
  planCapacityProviders,
  planRemovedProviders,
  providersToRecheck,
  undeclaredAttached,
} from './capacity-provider-plan.js';
import { fitRemovalRecord, REMOVING_PROVIDERS_TAG } from './removal-record.js';
import { desiredCluster } from './desired.js';
import { toObserved } from './observe.js';
import { planCluster, planClusterDeletion } from './plan.js';
import { clusterObject, clusterOwnershipTags } from './testing/fixtures.js';
import type { EcsClusterSpec } from './types.js';

const ASG = 'arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid-1:autoScalingGroupName/ec2';
const OTHER_ASG = 'arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:uuid-2:autoScalingGroupName/b';
const CLUSTER_ARN = 'arn:aws:ecs:eu-west-1:123456789012:cluster/prod';

const obj = clusterObject;
const ourTags = clusterOwnershipTags;

const spec: EcsClusterSpec = {
  capacityProviders: ['FARGATE'],
  autoScalingGroupCapacityProviders: [
    {
      name: 'ec2',
      autoScalingGroupProvider: {
        autoScalingGroupArn: ASG,
        managedScaling: { status: 'ENABLED', targetCapacity: 80 },
        managedTerminationProtection: 'DISABLED',
      },
    },
  ],
  defaultCapacityProviderStrategy: [{ capacityProvider: 'ec2', weight: 1 }],
};

/** ECS's answer for `ec2` as created from `spec` (ECS fills in the members the spec left out). */
const echoed: CapacityProvider = {
  name: 'ec2',
  capacityProviderArn: 'arn:aws:ecs:eu-west-1:123456789012:capacity-provider/ec2',
  status: 'ACTIVE',
  autoScalingGroupProvider: {
    autoScalingGroupArn: ASG,
    managedScaling: {
      status: 'ENABLED',
      targetCapacity: 80,
      minimumScalingStepSize: 1,
      maximumScalingStepSize: 10000,
      instanceWarmupPeriod: 300,
    },
    managedTerminationProtection: 'DISABLED',
  },
  tags: ourTags,
};

const desired = (s: EcsClusterSpec = spec) => desiredCluster(obj(s), 'default');
const observed = (p: CapacityProvider, s: EcsClusterSpec = spec): Map<string, ObservedCapacityProvider> => {
  const o = toObservedProvider(p, desired(s));
  return new Map(o === undefined ? [] : [[o.name, o]]);
};

describe('planCapacityProviders', () => {
  it('creates a missing provider with the members the spec names and our tags, before the cluster', () => {
    const { actions } = planCluster(desired(), undefined, new Map());
    expect(actions.map((a) => a.type)).toEqual(['createCapacityProvider', 'create']);
    expect(actions[0]).toEqual({
      type: 'createCapacityProvider',
      input: {
        name: 'ec2',
        autoScalingGroupProvider: {
          autoScalingGroupArn: ASG,
          managedScaling: { status: 'ENABLED', targetCapacity: 80 },
          managedTerminationProtection: 'DISABLED',
        },
        tags: ourTags,
      },
    });
    // The declared provider is attached with the listed ones.
    expect(actions[1]).toMatchObject({ input: { capacityProviders: ['FARGATE', 'ec2'] } });
  });

  it('writes nothing when ECS echoes the spec with its defaults filled in', () => {
    expect(planCapacityProviders(desired(), observed(echoed))).toEqual({ actions: [] });
  });

  it('updates only the members that differ, managedScaling as the spec names it', () => {
    const s: EcsClusterSpec = {
      ...spec,
      autoScalingGroupCapacityProviders: [
        {
          name: 'ec2',
          autoScalingGroupProvider: {
            autoScalingGroupArn: ASG,
            managedScaling: { status: 'ENABLED', targetCapacity: 60 },
            managedTerminationProtection: 'DISABLED',
          },
        },
      ],
    };
    expect(planCapacityProviders(desired(s), observed(echoed, s)).actions).toEqual([
      {
        type: 'updateCapacityProvider',
        fields: ['managedScaling'],
        input: {
          name: 'ec2',
          autoScalingGroupProvider: { managedScaling: { status: 'ENABLED', targetCapacity: 60 } },
        },
      },
    ]);
  });

  it('takes managedDraining as ECS defaults it (ENABLED) when ECS does not echo it', () => {
    const on = {
      ...spec,
      autoScalingGroupCapacityProviders: [
        {
          name: 'ec2',
          autoScalingGroupProvider: { autoScalingGroupArn: ASG, managedDraining: 'ENABLED' as const },
        },
      ],
    };
    expect(planCapacityProviders(desired(on), observed(echoed, on)).actions).toEqual([]);
  });

  it('refuses a provider of the name that is not ours, naming the fix; adopts it with spec.adopt', () => {
    const outside = { ...echoed, tags: [] };
    const plan = planCluster(desired(), undefined, observed(outside));
    expect(plan.actions).toEqual([]);
    expect(plan.refusal?.reason).toBe('CapacityProviderNotOwned');
    expect(plan.refusal?.message).toContain(
      'ECS capacity provider ec2 already exists and was not created by ecs-bridge',
    );
    expect(plan.refusal?.message).toContain('set spec.adopt: true');

    const adopt = { ...spec, adopt: true };
    // Adopting a matching provider writes nothing to it (ADR 0007).
    expect(planCapacityProviders(desired(adopt), observed(outside, adopt)).actions).toEqual([]);
    const drifted = {
      ...outside,
      autoScalingGroupProvider: {
        ...echoed.autoScalingGroupProvider,
        managedTerminationProtection: 'ENABLED',
      },
    } as CapacityProvider;
    expect(
      planCapacityProviders(desired(adopt), observed(drifted, adopt)).actions.map((a) => a.type),
    ).toEqual(['tagCapacityProvider', 'updateCapacityProvider']);
  });

  it('refuses another Auto Scaling group, with the fix', () => {
    const moved = {
      ...echoed,
      autoScalingGroupProvider: { ...echoed.autoScalingGroupProvider, autoScalingGroupArn: OTHER_ASG },
    } as CapacityProvider;
    const plan = planCapacityProviders(desired(), observed(moved));
    expect(plan.actions).toEqual([]);
    expect(plan.refusal?.reason).toBe('ImmutableField');
    expect(plan.refusal?.message).toContain('declare a provider with a new name for the new group');
  });

  it('treats a provider being deleted, or INACTIVE, as gone', () => {
    expect(observed({ ...echoed, updateStatus: 'DELETE_IN_PROGRESS' }).size).toBe(0);
    expect(observed({ ...echoed, status: 'INACTIVE' }).size).toBe(0);
  });
});

describe('capacity providers at deletion', () => {
  const cluster = toObserved(
    {
      clusterArn: CLUSTER_ARN,
      clusterName: 'prod',
      status: 'ACTIVE',
      capacityProviders: ['FARGATE', 'ec2'],
      defaultCapacityProviderStrategy: [
        { capacityProvider: 'ec2', weight: 1, base: 0 },
        { capacityProvider: 'FARGATE', weight: 1, base: 0 },
      ],
      tags: ourTags,
    },
    desired(),
  );

  it('detaches our providers, deletes them, then the cluster', () => {
    expect(planClusterDeletion(desired(), cluster, [], observed(echoed))).toEqual({
      kind: 'delete',
      actions: [
        {
          type: 'putCapacityProviders',
          input: {
            cluster: CLUSTER_ARN,
            capacityProviders: ['FARGATE'],
            defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
          },
        },
        { type: 'deleteCapacityProvider', name: 'ec2' },
        { type: 'delete', cluster: CLUSTER_ARN },
      ],
    });
  });

  it('finishes the providers when the cluster is already gone (a crash between the steps)', () => {
    expect(planClusterDeletion(desired(), undefined, [], observed(echoed))).toEqual({
      kind: 'delete',
      actions: [{ type: 'deleteCapacityProvider', name: 'ec2' }],
    });
  });

  it('leaves providers that are not ours, and everything under Retain', () => {
    expect(planCapacityProviderDeletion(desired(), cluster, observed({ ...echoed, tags: [] }))).toEqual([]);
    const retain = { ...spec, deletionPolicy: 'Retain' as const };
    expect(planClusterDeletion(desired(retain), cluster, [], observed(echoed, retain)).kind).toBe('release');
  });

  it('waits for services before touching any provider', () => {
    expect(planClusterDeletion(desired(), cluster, ['web'], observed(echoed)).kind).toBe('blocked');
  });
});

describe('a provider removed from the spec', () => {
  /** The cluster as ECS has it with `ec2` attached and in the strategy. */
  const attached = (s: EcsClusterSpec) =>
    toObserved(
      {
        clusterArn: CLUSTER_ARN,
        clusterName: 'prod',
        status: 'ACTIVE',
        capacityProviders: ['FARGATE', 'ec2'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'ec2', weight: 1, base: 0 }],
        tags: ourTags,
      },
      desired(s),
    );
  const withoutEc2: EcsClusterSpec = {
    capacityProviders: ['FARGATE'],
    defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
  };

  it('is described with the declared ones: the undeclared attached providers, never FARGATE', () => {
    expect(undeclaredAttached(desired(withoutEc2), attached(withoutEc2))).toEqual(['ec2']);
    expect(undeclaredAttached(desired(), attached(spec))).toEqual([]);
    expect(undeclaredAttached(desired({}), attached({}))).toEqual(['ec2']);
  });

  const record = (value: string) => ({
    type: 'tag',
    resourceArn: CLUSTER_ARN,
    tags: [{ key: REMOVING_PROVIDERS_TAG, value }],
  });

  it('is recorded, detached by the cluster put, deleted, and the record emptied, in one visit', () => {
    const plan = planCluster(desired(withoutEc2), attached(withoutEc2), observed(echoed, withoutEc2));
    expect(plan.actions).toEqual([
      record('ec2'),
      {
        type: 'putCapacityProviders',
        input: {
          cluster: 'prod',
          capacityProviders: ['FARGATE'],
          defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
        },
      },
      { type: 'deleteCapacityProvider', name: 'ec2' },
      record(''),
    ]);
  });

  it('is detached with its own put when the spec no longer manages the provider list', () => {
    const plan = planCluster(desired({}), attached({}), observed(echoed, {}));
    expect(plan.actions).toEqual([
      record('ec2'),
      {
        type: 'putCapacityProviders',
        input: { cluster: CLUSTER_ARN, capacityProviders: ['FARGATE'], defaultCapacityProviderStrategy: [] },
      },
      { type: 'deleteCapacityProvider', name: 'ec2' },
      record(''),
    ]);
  });

  /** The cluster after a visit detached `ec2` and stopped before deleting it. */
  const detachedWithRecord = (s: EcsClusterSpec, value: string) =>
    toObserved(
      {
        clusterArn: CLUSTER_ARN,
        clusterName: 'prod',
        status: 'ACTIVE',
        capacityProviders: ['FARGATE'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
        tags: [...ourTags, { key: REMOVING_PROVIDERS_TAG, value }],
      },
      desired(s),
    );

  it('left detached by a crash, is found through the record, deleted, and the record emptied', () => {
    const cluster = detachedWithRecord(withoutEc2, 'ec2');
    expect(providersToRecheck(desired(withoutEc2), cluster)).toEqual(['ec2']);
    const plan = planCluster(desired(withoutEc2), cluster, observed(echoed, withoutEc2));
    expect(plan.actions).toEqual([{ type: 'deleteCapacityProvider', name: 'ec2' }, record('')]);
  });

  it('left recorded but gone, declared again or not ours, is never deleted: the record is emptied', () => {
    const cluster = detachedWithRecord(withoutEc2, 'ec2');
    expect(planCluster(desired(withoutEc2), cluster, new Map()).actions).toEqual([record('')]);
    const foreign = observed({ ...echoed, tags: [] }, withoutEc2);
    expect(planCluster(desired(withoutEc2), cluster, foreign).actions).toEqual([record('')]);
    const again = planCluster(desired(), detachedWithRecord(spec, 'ec2'), observed(echoed));
    expect(again.actions.filter((a) => a.type === 'deleteCapacityProvider')).toEqual([]);
    expect(again.actions.at(-1)).toEqual(record(''));
    expect(planCluster(desired(withoutEc2), detachedWithRecord(withoutEc2, ''), new Map()).actions).toEqual(
      [],
    );
  });

  it('is deleted with the object even when only the record still names it', () => {
    const plan = planClusterDeletion(
      desired(withoutEc2),
      detachedWithRecord(withoutEc2, 'ec2'),
      [],
      observed(echoed, withoutEc2),
    );
    expect(plan).toEqual({
      kind: 'delete',
      actions: [
        { type: 'deleteCapacityProvider', name: 'ec2' },
        { type: 'delete', cluster: CLUSTER_ARN },
      ],
    });
  });

  it('records only the names that fit one tag value; the rest wait for a later visit', () => {
    const names = Array.from({ length: 30 }, (_v, i) => `provider-${String(i).padStart(2, '0')}`);
    const kept = fitRemovalRecord(names);
    expect(kept.join(' ').length).toBeLessThanOrEqual(256);
    // 21 names of 11 characters and 20 spaces make 251 characters; a 22nd would make 263.
    expect(kept).toEqual(names.slice(0, 21));
  });

  it("is only detached, never deleted, when it is not tagged as this object's", () => {
    const other = [...ourTags.slice(0, 2), { key: TAG_KEYS.ownerUid, value: 'u0' }];
    for (const tags of [[], other]) {
      const plan = planCluster(
        desired(withoutEc2),
        attached(withoutEc2),
        observed({ ...echoed, tags }, withoutEc2),
      );
      expect(plan.actions.map((a) => a.type)).toEqual(['putCapacityProviders']);
    }
    expect(
      planRemovedProviders(desired({}), attached({}), observed({ ...echoed, tags: [] }, {}), false),
    ).toEqual({ before: [], after: [] });
  });

  it('is left alone while still declared or listed in spec.capacityProviders', () => {
    expect(planCluster(desired(), attached(spec), observed(echoed)).actions).toEqual([]);
    const listed: EcsClusterSpec = { capacityProviders: ['FARGATE', 'ec2'] };
    expect(planRemovedProviders(desired(listed), attached(listed), observed(echoed, listed), false)).toEqual({
      before: [],
      after: [],
    });
  });
});
