import { describe, expect, it } from 'vitest';
import { findCondition } from '../../k8s/conditions.js';
import { taskTriggerStatus, type TriggerOutcome } from './status.js';
import type { EcsTaskTrigger } from './types.js';

const now = new Date('2026-12-06T00:00:00Z');

function obj(extra: Partial<EcsTaskTrigger['spec']> = {}, status?: EcsTaskTrigger['status']): EcsTaskTrigger {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskTrigger',
    metadata: { name: 't', namespace: 'ns', generation: 3 },
    spec: { template: { cluster: 'c', taskDefinition: 'f' }, roleArn: 'arn:aws:iam::1:role/r', ...extra },
    ...(status === undefined ? {} : { status }),
  };
}

const triple = (o: EcsTaskTrigger, outcome: TriggerOutcome): string[] => {
  const s = taskTriggerStatus(o, { outcome }, now);
  return ['Ready', 'Reconciling', 'Stalled'].map((t) => {
    const c = findCondition(s.conditions, t);
    return `${t}=${c?.status ?? '-'}:${c?.reason ?? '-'}`;
  });
};

describe('taskTriggerStatus', () => {
  it.each([
    [
      { kind: 'synced', suspended: false },
      ['Ready=True:Synced', 'Reconciling=False:Synced', 'Stalled=False:Synced'],
    ],
    [
      { kind: 'synced', suspended: true },
      ['Ready=True:Suspended', 'Reconciling=False:Suspended', 'Stalled=False:Suspended'],
    ],
    [
      { kind: 'waiting', message: 'w' },
      [
        'Ready=False:DependencyNotReady',
        'Reconciling=True:DependencyNotReady',
        'Stalled=False:DependencyNotReady',
      ],
    ],
    [
      { kind: 'stalled', reason: 'NotOwned', message: 'm' },
      ['Ready=False:NotOwned', 'Reconciling=False:NotOwned', 'Stalled=True:NotOwned'],
    ],
    [
      { kind: 'guarded', reason: 'ObserveOnly', message: 'm' },
      ['Ready=False:ObserveOnly', 'Reconciling=False:ObserveOnly', 'Stalled=False:ObserveOnly'],
    ],
  ] as const)('%j → %j', (outcome, expected) => {
    expect(triple(obj(), outcome)).toEqual(expected);
  });

  it('a retried error keeps Ready as it was', () => {
    const ready = taskTriggerStatus(obj(), { outcome: { kind: 'synced', suspended: false } }, now);
    const after = triple(obj({}, ready), { kind: 'retrying', reason: 'Throttled', message: 'slow down' });
    expect(after).toEqual(['Ready=True:Synced', 'Reconciling=True:Throttled', 'Stalled=False:Throttled']);
  });

  it('shows suspend from the spec, the facts, and the newest run as lastRunTime', () => {
    const s = taskTriggerStatus(
      obj({ suspend: true }),
      {
        outcome: { kind: 'synced', suspended: true },
        facts: {
          mode: 'rule',
          name: 'ecsb-ns-t',
          state: 'DISABLED',
          runs: [
            { taskArn: 'b', lastStatus: 'STOPPED', createdAt: '2026-12-05T02:00:00.000Z', containers: [] },
            { taskArn: 'a', lastStatus: 'STOPPED', createdAt: '2026-12-05T01:00:00.000Z', containers: [] },
          ],
        },
      },
      now,
    );
    expect(s).toMatchObject({
      observedGeneration: 3,
      suspended: true,
      mode: 'rule',
      state: 'DISABLED',
      lastRunTime: '2026-12-05T02:00:00.000Z',
    });
  });
});
