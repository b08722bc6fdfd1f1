import { describe, expect, it } from 'vitest';
import { findCondition } from '../../k8s/conditions.js';
import type { ObservedTaskDefinition } from './observe.js';
import type { ObservedRevision } from './revision.js';
import { isSameStatus, taskDefinitionStatus, type TaskDefinitionOutcome } from './status.js';
import type { EcsTaskDefinition, EcsTaskDefinitionStatus } from './types.js';

const HASH = 'v1:' + 'a'.repeat(64);
const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-02T00:00:00Z');

function obj(status?: EcsTaskDefinitionStatus, generation = 2): EcsTaskDefinition {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name: 'web', namespace: 'prod', generation },
    spec: { containerDefinitions: [{ name: 'web', image: 'x' }] },
    ...(status === undefined ? {} : { status }),
  };
}

function rev(revision: number, specHash = HASH, status: 'ACTIVE' | 'INACTIVE' = 'ACTIVE'): ObservedRevision {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`,
    family: 'web',
    revision,
    status,
    specHash,
    userTags: [],
    registeredAt: `2026-01-01T00:00:${String(revision).padStart(2, '0')}.000Z`,
  };
}

const observed = (owned: ObservedRevision[]): ObservedTaskDefinition => ({
  family: 'web',
  owned,
  inUse: new Set(),
  foreignActive: 0,
});

const synced: TaskDefinitionOutcome = { kind: 'synced', specHash: HASH };

describe('taskDefinitionStatus', () => {
  it('first visit: Reconciling=True, Ready=Unknown, no observedGeneration yet', () => {
    const status = taskDefinitionStatus(obj(), undefined, { kind: 'progressing' }, T0);
    expect(status.observedGeneration).toBeUndefined();
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'Unknown', 'Progressing'],
      ['Reconciling', 'True', 'Progressing'],
      ['Stalled', 'False', 'Progressing'],
    ]);
  });

  it('synced: the newest owned ACTIVE revision with the hash, recent revisions newest first', () => {
    const status = taskDefinitionStatus(
      obj(),
      observed([rev(1, 'v1:' + 'b'.repeat(64)), rev(2), rev(3, HASH, 'INACTIVE'), rev(4)]),
      synced,
      T0,
    );
    expect(status).toMatchObject({
      observedGeneration: 2,
      family: 'web',
      revision: 4,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:4',
      specHash: HASH,
    });
    expect(status.revisions?.map((r) => r.revision)).toEqual([4, 2, 1]);
    expect(status.revisions?.[0]?.registeredAt).toBe('2026-01-01T00:00:04.000Z');
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'UpToDate',
      observedGeneration: 2,
      lastTransitionTime: T0.toISOString(),
    });
    expect(findCondition(status.conditions, 'Ready')?.message).toContain('web:4');
  });

  it('bounds status.revisions to 20', () => {
    const owned = Array.from({ length: 30 }, (_, i) => rev(i + 1));
    const status = taskDefinitionStatus(obj(), observed(owned), synced, T0);
    expect(status.revisions).toHaveLength(20);
    expect(status.revisions?.[19]?.revision).toBe(11);
  });

  it('after a restart, keeps the reported registration time of a revision known from its tags alone', () => {
    const before = taskDefinitionStatus(obj(), observed([rev(1), rev(2)]), synced, T0);
    const { registeredAt: _unknown, ...tagsOnly } = rev(2);
    const after = taskDefinitionStatus(obj(before), observed([rev(1), tagsOnly]), synced, T1);
    expect(after.revisions).toEqual(before.revisions);
    expect(isSameStatus(before, after)).toBe(true);
    // Never reported before: none is made up.
    const fresh = taskDefinitionStatus(obj(), observed([tagsOnly]), synced, T1);
    expect(fresh.revisions).toEqual([{ revision: 2, taskDefinitionArn: rev(2).arn }]);
  });

  it('keeps lastTransitionTime when a condition keeps its status, and is then the same status', () => {
    const first = taskDefinitionStatus(obj(), observed([rev(1)]), synced, T0);
    const second = taskDefinitionStatus(obj(first), observed([rev(1)]), synced, T1);
    expect(findCondition(second.conditions, 'Ready')?.lastTransitionTime).toBe(T0.toISOString());
    expect(isSameStatus(first, second)).toBe(true);
  });

  it('invalid: Ready=False, Stalled=True, generation observed, last revision kept', () => {
    const before = taskDefinitionStatus(obj(), observed([rev(1)]), synced, T0);
    const status = taskDefinitionStatus(
      obj(before, 3),
      undefined,
      { kind: 'invalid', message: 'spec.x "y": fix it' },
      T1,
    );
    expect(status).toMatchObject({ observedGeneration: 3, revision: 1, specHash: HASH });
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'InvalidSpec',
      lastTransitionTime: T1.toISOString(),
    });
    expect(findCondition(status.conditions, 'Stalled')).toMatchObject({
      status: 'True',
      message: 'spec.x "y": fix it',
    });
    expect(findCondition(status.conditions, 'Reconciling')?.status).toBe('False');
  });

  it('failed: the PascalCase reason on Ready and Stalled', () => {
    const status = taskDefinitionStatus(
      obj(),
      undefined,
      { kind: 'failed', reason: 'AccessDenied', message: 'denied' },
      T0,
    );
    expect(findCondition(status.conditions, 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'AccessDenied',
    });
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({
      status: 'False',
      reason: 'AccessDenied',
    });
  });

  it('retrying while converged: the status is left exactly as it is', () => {
    const converged = taskDefinitionStatus(obj(), observed([rev(1)]), synced, T0);
    const o = obj(converged);
    const status = taskDefinitionStatus(
      o,
      undefined,
      { kind: 'retrying', reason: 'Throttled', message: 'Rate exceeded' },
      T1,
    );
    expect(status).toBe(converged);
  });

  it('retrying while a change waits: Reconciling=True with the reason, Ready and generations untouched', () => {
    const converged = taskDefinitionStatus(obj(undefined, 2), observed([rev(1)]), synced, T0);
    const status = taskDefinitionStatus(
      obj(converged, 3),
      undefined,
      { kind: 'retrying', reason: 'Throttled', message: 'Rate exceeded' },
      T1,
    );
    expect(status.observedGeneration).toBe(2);
    expect(findCondition(status.conditions, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'UpToDate',
      observedGeneration: 2,
    });
    expect(findCondition(status.conditions, 'Reconciling')).toMatchObject({
      status: 'True',
      reason: 'Throttled',
      message: 'retrying: Rate exceeded',
      lastTransitionTime: T1.toISOString(),
    });
    expect(findCondition(status.conditions, 'Stalled')?.status).toBe('False');
  });

  it('deleting: Reconciling=True, reason Deleting', () => {
    const status = taskDefinitionStatus(obj(), undefined, { kind: 'deleting', message: 'retrying: 500' }, T0);
    expect(findCondition(status.conditions, 'Reconciling')).toMatchObject({
      status: 'True',
      reason: 'Deleting',
    });
  });

  it('synced without a matching revision (cannot happen after a register) stays Unknown', () => {
    const status = taskDefinitionStatus(obj(), observed([rev(1, 'v1:' + 'c'.repeat(64))]), synced, T0);
    expect(findCondition(status.conditions, 'Ready')?.status).toBe('Unknown');
  });
});

describe('isSameStatus', () => {
  it('ignores lastTransitionTime and key order, not content', () => {
    const a = taskDefinitionStatus(obj(), observed([rev(1)]), synced, T0);
    const b: EcsTaskDefinitionStatus = JSON.parse(
      JSON.stringify({
        ...a,
        conditions: a.conditions?.map((c) => ({ ...c, lastTransitionTime: T1.toISOString() })),
      }),
    );
    const reordered = Object.fromEntries(Object.entries(b).reverse()) as EcsTaskDefinitionStatus;
    expect(isSameStatus(a, reordered)).toBe(true);
    expect(isSameStatus(a, { ...a, revision: 2 })).toBe(false);
    expect(isSameStatus(undefined, {})).toBe(true);
  });
});

describe('taskDefinitionStatus: adopted revision', () => {
  it('names the adopted revision and says it is adopted as it is', () => {
    const foreign: ObservedRevision = { ...rev(4), contentHash: HASH };
    delete (foreign as { specHash?: string }).specHash;
    const o: ObservedTaskDefinition = { ...observed([]), adoptable: [foreign] };
    const status = taskDefinitionStatus(obj(), o, { kind: 'synced', specHash: HASH, adopt: true }, T0);
    expect(status.taskDefinitionArn).toBe(foreign.arn);
    expect(status.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(/web:4.*adopted as it is/);
    const without = taskDefinitionStatus(obj(), o, { kind: 'synced', specHash: HASH }, T0);
    expect(without.taskDefinitionArn).toBeUndefined();
  });
});
