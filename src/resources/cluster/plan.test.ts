import type { Cluster } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../api-group.js';
import { desiredCluster } from './desired.js';
import { MANAGED_TAG_KEYS_TAG } from './managed-tags.js';
import { toObserved } from './observe.js';
import { planCluster, planClusterDeletion } from './plan.js';
import { clusterObject, clusterOwnershipTags, describedCluster } from './testing/fixtures.js';
import type { EcsClusterSpec } from './types.js';

const obj = clusterObject;
const ownership = clusterOwnershipTags;
/** Our tags for fullSpec: ownership and the record of the user keys we manage (`team`). */
const ourTags = [...ownership, { key: MANAGED_TAG_KEYS_TAG, value: 'team' }];

/** fullSpec's settings and configuration, as the spec writes them, ECS takes them and echoes them. */
const settingsAndConfiguration = {
  settings: [{ name: 'containerInsights', value: 'enhanced' }],
  configuration: { executeCommandConfiguration: { logging: 'DEFAULT' } },
} satisfies EcsClusterSpec & Cluster;

/** fullSpec's capacity providers and strategy as the plan sends them: sorted, ECS's base 0 filled. */
const sentCapacityProviders = {
  capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
  defaultCapacityProviderStrategy: [
    { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
  ],
};

const fullSpec: EcsClusterSpec = {
  ...settingsAndConfiguration,
  serviceConnectDefaults: { namespace: 'prod.local' },
  capacityProviders: ['FARGATE_SPOT', 'FARGATE'],
  defaultCapacityProviderStrategy: [
    { capacityProvider: 'FARGATE', weight: 1, base: 1 },
    { capacityProvider: 'FARGATE_SPOT', weight: 3 },
  ],
  tags: [{ key: 'team', value: 'payments' }],
};

/** ECS's answer for a cluster that matches `fullSpec` (as ECS echoes it: ARN namespace, defaults). */
const matching: Cluster = describedCluster('prod', 'eu-west-1', {
  ...settingsAndConfiguration,
  capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
  defaultCapacityProviderStrategy: [
    { capacityProvider: 'FARGATE_SPOT', weight: 3, base: 0 },
    { capacityProvider: 'FARGATE', weight: 1, base: 1 },
  ],
  tags: [...ourTags, { key: 'team', value: 'payments' }],
});

const plan = (spec: EcsClusterSpec, cluster: Cluster | undefined) => {
  const desired = desiredCluster(obj(spec), 'default');
  return planCluster(desired, cluster === undefined ? undefined : toObserved(cluster, desired));
};

describe('planCluster', () => {
  it('creates a missing cluster with every member the spec names and our tags', () => {
    const { actions } = plan(fullSpec, undefined);
    expect(actions).toEqual([
      {
        type: 'create',
        input: {
          clusterName: 'prod',
          ...settingsAndConfiguration,
          serviceConnectDefaults: { namespace: 'prod.local' },
          ...sentCapacityProviders,
          tags: [{ key: 'team', value: 'payments' }, ...ourTags],
        },
      },
    ]);
  });

  it('creates again over an INACTIVE (deleted) cluster', () => {
    const desired = desiredCluster(obj({}), 'default');
    // observeCluster maps INACTIVE to undefined; the planner creates.
    expect(planCluster(desired, undefined).actions.map((a) => a.type)).toEqual(['create']);
  });

  it('sends nothing when ECS matches the spec (ECS echo order, defaults and namespace ARN included)', () => {
    expect(plan(fullSpec, matching)).toEqual({ actions: [], adopting: false });
  });

  it('sends nothing for members the spec leaves out, whatever ECS has', () => {
    expect(plan({}, { ...matching, tags: ownership }).actions).toEqual([]);
  });

  it('corrects drifted settings with one UpdateCluster carrying only settings', () => {
    const drifted = { ...matching, settings: [{ name: 'containerInsights' as const, value: 'disabled' }] };
    expect(plan(fullSpec, drifted).actions).toEqual([
      {
        type: 'update',
        fields: ['settings'],
        input: { cluster: 'prod', settings: [{ name: 'containerInsights', value: 'enhanced' }] },
      },
    ]);
  });

  it('corrects settings and configuration in the same single UpdateCluster', () => {
    const drifted: Cluster = {
      ...matching,
      settings: [{ name: 'containerInsights', value: 'enabled' }],
      configuration: { executeCommandConfiguration: { logging: 'NONE' } },
    };
    const { actions } = plan(fullSpec, drifted);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: 'update', fields: ['settings', 'configuration'] });
  });

  it('sets Service Connect defaults when none are set, and an ARN that differs', () => {
    expect(plan(fullSpec, { ...matching, serviceConnectDefaults: undefined }).actions).toEqual([
      {
        type: 'update',
        fields: ['serviceConnectDefaults'],
        input: { cluster: 'prod', serviceConnectDefaults: { namespace: 'prod.local' } },
      },
    ]);
    const arn = 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-2';
    expect(plan({ ...fullSpec, serviceConnectDefaults: { namespace: arn } }, matching).actions).toHaveLength(
      1,
    );
  });

  it('puts capacity providers and strategy together when the strategy drifted', () => {
    const drifted: Cluster = {
      ...matching,
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
    };
    expect(plan(fullSpec, drifted).actions).toEqual([
      {
        type: 'putCapacityProviders',
        input: { cluster: 'prod', ...sentCapacityProviders },
      },
    ]);
  });

  it('re-tags a changed user tag only', () => {
    const { actions } = plan({ ...fullSpec, tags: [{ key: 'team', value: 'core' }] }, matching);
    expect(actions).toEqual([
      { type: 'tag', resourceArn: matching.clusterArn, tags: [{ key: 'team', value: 'core' }] },
    ]);
  });

  it('untags a user tag dropped from spec.tags, only if ecs-bridge recorded it, before re-recording', () => {
    const cluster = {
      ...matching,
      tags: [
        ...ownership,
        { key: MANAGED_TAG_KEYS_TAG, value: 'team tier' },
        { key: 'team', value: 'payments' },
        { key: 'tier', value: 'web' },
        { key: 'set-by-someone-else', value: 'x' },
      ],
    };
    expect(plan(fullSpec, cluster).actions).toEqual([
      { type: 'untag', resourceArn: matching.clusterArn, tagKeys: ['tier'] },
      { type: 'tag', resourceArn: matching.clusterArn, tags: [{ key: MANAGED_TAG_KEYS_TAG, value: 'team' }] },
    ]);
  });

  it('empties the record when spec.tags goes, and never untags our own tags', () => {
    const { actions } = plan({ ...fullSpec, tags: [] }, matching);
    expect(actions).toEqual([
      { type: 'untag', resourceArn: matching.clusterArn, tagKeys: ['team'] },
      { type: 'tag', resourceArn: matching.clusterArn, tags: [{ key: MANAGED_TAG_KEYS_TAG, value: '' }] },
    ]);
    // Applied: nothing more to do.
    const after = { ...matching, tags: [...ownership, { key: MANAGED_TAG_KEYS_TAG, value: '' }] };
    expect(plan({ ...fullSpec, tags: [] }, after).actions).toEqual([]);
  });

  it('untags nothing on a cluster without a record (created before it existed, or adopted)', () => {
    const old = {
      ...matching,
      tags: [...ownership, { key: 'team', value: 'payments' }, { key: 'tier', value: 'web' }],
    };
    expect(plan(fullSpec, old).actions).toEqual([
      { type: 'tag', resourceArn: matching.clusterArn, tags: [{ key: MANAGED_TAG_KEYS_TAG, value: 'team' }] },
    ]);
  });

  it('refuses an outside cluster without spec.adopt, naming the fix', () => {
    const outside = { ...matching, tags: [] };
    const result = plan(fullSpec, outside);
    expect(result.actions).toEqual([]);
    expect(result.refusal?.reason).toBe('NotOwned');
    expect(result.refusal?.message).toContain('set spec.adopt: true');
  });

  it('refuses a cluster another object owns', () => {
    const other = { ...matching, tags: [{ key: TAG_KEYS.owner, value: 'other/prod' }, ourTags[1]!] };
    expect(plan(fullSpec, other).refusal?.message).toContain('belongs to other/prod');
  });

  it('adopts an outside cluster with spec.adopt without a write while nothing differs', () => {
    const outside = { ...matching, tags: [{ key: 'team', value: 'payments' }] };
    expect(plan({ ...fullSpec, adopt: true }, outside)).toEqual({ actions: [], adopting: true });
  });

  it('tags an adopted cluster as ours with its first write, before it', () => {
    const outside = { ...matching, tags: [], settings: [] };
    const result = plan({ ...fullSpec, adopt: true }, outside);
    expect(result.adopting).toBe(true);
    expect(result.actions.map((a) => a.type)).toEqual(['tag', 'update']);
    const tag = result.actions[0];
    expect(tag?.type === 'tag' ? tag.tags : []).toEqual(expect.arrayContaining(ourTags));
  });

  it('is idempotent: planning against the result of a create plans nothing', () => {
    const [create] = plan(fullSpec, undefined).actions;
    if (create?.type !== 'create') throw new Error('expected create');
    const echoed: Cluster = { ...create.input, clusterArn: matching.clusterArn, status: 'ACTIVE' };
    expect(plan(fullSpec, echoed).actions).toEqual([]);
  });
});

describe('planClusterDeletion', () => {
  const desired = (spec: EcsClusterSpec = {}) => desiredCluster(obj(spec), 'default');
  const ours = toObserved({ ...matching, tags: ourTags }, desired());

  it('deletes an adopted cluster that no write has tagged yet', () => {
    const outside = toObserved({ ...matching, tags: [] }, desired({ adopt: true }));
    expect(planClusterDeletion(desired({ adopt: true }), outside, []).kind).toBe('delete');
  });

  it('releases with Retain, when the cluster is gone, and when it is not ours', () => {
    expect(planClusterDeletion(desired({ deletionPolicy: 'Retain' }), ours, ['a']).kind).toBe('release');
    expect(planClusterDeletion(desired(), undefined, []).kind).toBe('release');
    const outside = toObserved({ ...matching, tags: [] }, desired());
    expect(planClusterDeletion(desired(), outside, []).kind).toBe('release');
  });

  it('waits while services remain, naming them sorted', () => {
    expect(planClusterDeletion(desired(), ours, ['web', 'api'])).toEqual({
      kind: 'blocked',
      services: ['api', 'web'],
    });
  });

  it('deletes an owned, empty cluster', () => {
    expect(planClusterDeletion(desired(), ours, [])).toEqual({
      kind: 'delete',
      actions: [{ type: 'delete', cluster: matching.clusterArn }],
    });
  });
});
