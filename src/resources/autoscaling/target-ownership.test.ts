import { describe, expect, it } from 'vitest';
import { ResourceNotFoundException } from '@aws-sdk/client-application-auto-scaling';
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';
import type { DesiredAutoscaling } from './desired.js';
import type { ObservedAutoscaling } from './observe.js';
import { planAutoscaling } from './plan.js';
import {
  judgeTargetOwnership,
  readTargetOwnership,
  targetOwnershipTags,
  type TargetOwnership,
} from './target-ownership.js';

const OWN = {
  'ecs-bridge.dev/owner': 'team-a/api',
  'ecs-bridge.dev/instance': 'prod',
  'ecs-bridge.dev/owner-uid': 'uid-1',
};
const RID = 'service/prod/api';
const ARN = 'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0123abcd';

describe('targetOwnershipTags', () => {
  it('keeps owner, instance and uid of the service tags, nothing else', () => {
    const tags = targetOwnershipTags([
      ...Object.entries(OWN).map(([key, value]) => ({ key, value })),
      { key: 'ecs-bridge.dev/restart-at', value: 'x' },
      { key: 'team', value: 'a' },
    ]);
    expect(tags).toEqual(OWN);
  });

  it('is empty when the service has no owner or no instance tag', () => {
    expect(targetOwnershipTags([{ key: 'ecs-bridge.dev/owner', value: 'team-a/api' }])).toEqual({});
    expect(targetOwnershipTags([])).toEqual({});
  });
});

describe('judgeTargetOwnership', () => {
  it.each<[string, Record<string, string>, Record<string, string>, TargetOwnership]>([
    ['the same owner, instance and uid', OWN, OWN, 'ours'],
    ['an empty uid tag is another uid', { ...OWN, 'ecs-bridge.dev/owner-uid': '' }, OWN, 'orphaned'],
    [
      'no uid on the target',
      { 'ecs-bridge.dev/owner': 'team-a/api', 'ecs-bridge.dev/instance': 'prod' },
      OWN,
      'ours',
    ],
    ['no ownership tag at all', { team: 'a' }, OWN, 'untagged'],
    ['another object', { ...OWN, 'ecs-bridge.dev/owner': 'team-b/api' }, OWN, 'foreign'],
    ['another operator instance', { ...OWN, 'ecs-bridge.dev/instance': 'staging' }, OWN, 'foreign'],
    ['an earlier object of the same name', { ...OWN, 'ecs-bridge.dev/owner-uid': 'uid-0' }, OWN, 'orphaned'],
    ['a service without ownership tags judges any tagged target foreign', OWN, {}, 'foreign'],
  ])('%s', (_, target, own, verdict) => {
    expect(judgeTargetOwnership(target, own)).toBe(verdict);
  });
});

describe('readTargetOwnership', () => {
  /** The ownership read of {@link ARN} for OWN when ListTagsForResource answers `answer()`. */
  const readWith = (answer: () => Promise<Record<string, string>>) =>
    readTargetOwnership({ listTagsForResource: answer } as unknown as AutoscalingApi, ARN, OWN);

  it('judges the tags ListTagsForResource answers', async () => {
    expect(await readWith(() => Promise.resolve(OWN))).toBe('ours');
  });

  it('a target gone since it was listed is untagged; other errors are thrown', async () => {
    const gone = new ResourceNotFoundException({ message: 'gone', ResourceName: ARN, $metadata: {} });
    expect(await readWith(() => Promise.reject(gone))).toBe('untagged');
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    await expect(readWith(() => Promise.reject(denied))).rejects.toBe(denied);
  });
});

describe('planAutoscaling with the target’s ownership', () => {
  const desired: DesiredAutoscaling = { resourceId: RID, minCapacity: 1, maxCapacity: 4, policies: [] };
  const registered: ObservedAutoscaling = {
    resourceId: RID,
    target: { minCapacity: 1, maxCapacity: 4, arn: ARN },
    policies: [],
    scheduledActions: [],
  };
  const types = (p: { actions: readonly { type: string }[] }): string[] => p.actions.map((a) => a.type);

  it('registers a new target with the ownership tags', () => {
    const plan = planAutoscaling({
      desired,
      observed: { resourceId: RID, policies: [] },
      ownershipTags: OWN,
    });
    expect(plan.actions).toEqual([
      { type: 'registerScalableTarget', resourceId: RID, minCapacity: 1, maxCapacity: 4, tags: OWN },
    ]);
  });

  it('tags an untagged or orphaned target once; never one tagged ours or another’s, nor unread tags', () => {
    const with_ = (targetOwnership: TargetOwnership | undefined): string[] =>
      types(planAutoscaling({ desired, observed: registered, ownershipTags: OWN, targetOwnership }));
    expect(with_('untagged')).toEqual(['tagScalableTarget']);
    expect(with_('orphaned')).toEqual(['tagScalableTarget']);
    expect(with_('ours')).toEqual([]);
    expect(with_('foreign')).toEqual([]);
    expect(with_(undefined)).toEqual([]);
    expect(types(planAutoscaling({ desired, observed: registered, targetOwnership: 'untagged' }))).toEqual(
      [],
    );
  });

  it('without a spec: deregisters a bare target tagged ours, leaves a bare untagged one', () => {
    const remove = (targetOwnership: TargetOwnership): string[] =>
      types(planAutoscaling({ desired: undefined, observed: registered, targetOwnership }));
    expect(remove('ours')).toEqual(['deregisterScalableTarget']);
    expect(remove('untagged')).toEqual([]);
    expect(remove('orphaned')).toEqual([]);
    expect(remove('foreign')).toEqual([]);
  });

  it('without a spec: a target tagged as another’s keeps even policies named as ours', () => {
    const plan = planAutoscaling({
      desired: undefined,
      observed: {
        ...registered,
        policies: [
          {
            policyName: 'ecs-bridge-cpu',
            policyType: 'TargetTrackingScaling',
            scaleInCooldown: 300,
            scaleOutCooldown: 300,
            disableScaleIn: false,
            customizedMetric: false,
            alarmNames: [],
          },
        ],
      },
      targetOwnership: 'foreign',
      claimsTarget: true,
    });
    expect(plan.actions).toEqual([]);
    expect(plan.ownsDesiredCount).toBe(false);
  });
});
