import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  isRolloutHeld,
  isServiceStable,
  rolloutReadiness,
  trackRollout,
  type RolloutOrigin,
} from './rollout.js';
import { active, dep, primary, service, TD1, TD2 } from './testing/fixtures.js';
import type { RolloutStatus } from './types.js';

const origin: RolloutOrigin = { generation: 2, taskDefinitionArn: TD2 };

function tracked(deploymentId: string, state: RolloutStatus['state'], reason?: string): RolloutStatus {
  return {
    deploymentId,
    taskDefinitionArn: TD2,
    generation: 2,
    state,
    ...(reason === undefined ? {} : { reason }),
  };
}

describe('isServiceStable', () => {
  it.each([
    ['one deployment, running == desired', service([dep('a', 'PRIMARY', TD1)]), true],
    ['two deployments', service([dep('b', 'PRIMARY', TD2), dep('a', 'ACTIVE', TD1)]), false],
    ['running < desired', service([dep('a', 'PRIMARY', TD1)], { runningCount: 1 }), false],
  ])('%s → %s', (_name, svc, stable) => expect(isServiceStable(svc)).toBe(stable));
});

/** A row's expectation; `reason: undefined` says the rollout must carry no reason. */
type Expected = Omit<Partial<RolloutStatus>, 'reason'> & { readonly reason?: string | undefined };

describe('trackRollout', () => {
  const failedEvent = (deployment: string, why: string) => ({
    id: '1',
    message: `(service web) (deployment ${deployment}) deployment failed: ${why}`,
  });
  const breaker = 'ECS deployment circuit breaker: task failed to start.';
  const rolledBackTo1 = (events: Service['events']) => service([primary('c', TD1, 'COMPLETED')], { events });
  const failedX = tracked('b', 'Failed', 'x');
  const failedGone = tracked('b', 'Failed', 'disappeared');
  const inProgressB = tracked('b', 'InProgress');

  /** Tracks `svc` after `previous` and checks the result against a row's expectation. */
  function expectTracked(
    previous: RolloutStatus | undefined,
    svc: Service,
    expected: Expected | undefined,
    started?: RolloutOrigin,
  ): void {
    const r = trackRollout({ previous, service: svc, current: origin, ...(started ? { started } : {}) });
    if (expected === undefined) {
      expect(r).toBeUndefined();
    } else {
      // `reason: undefined` in a row means "no reason": a recovered rollout drops the failure's.
      const { reason, ...rest } = expected;
      expect(r).toMatchObject(rest);
      if ('reason' in expected) expect(r?.reason).toBe(reason);
    }
  }

  // Each row: what we tracked before, what ECS shows now, what we track after (the rollout the
  // reconcile started, where there is one, is the current origin).
  it.each<[string, RolloutStatus | undefined, Service, Expected | undefined, RolloutOrigin?]>([
    [
      'a write follows the new PRIMARY',
      tracked('a', 'Completed'),
      service([primary('b', TD2, 'IN_PROGRESS'), active('a', TD1)]),
      { deploymentId: 'b', state: 'InProgress', generation: 2 },
      origin,
    ],
    [
      'nothing tracked yet: follow the PRIMARY',
      undefined,
      service([primary('a', TD2, 'COMPLETED')]),
      { deploymentId: 'a', state: 'Completed' },
    ],
    [
      'gone before completing, replaced by a deployment of the revision desired now (the status write of that deployment was lost): follow it',
      { ...inProgressB, taskDefinitionArn: TD1 },
      service([primary('c', TD2, 'IN_PROGRESS')]),
      { deploymentId: 'c', taskDefinitionArn: TD2, state: 'InProgress', reason: undefined },
    ],
    [
      'gone after completing (someone deployed since): follow the new PRIMARY',
      tracked('b', 'Completed'),
      service([primary('c', TD1, 'COMPLETED')]),
      { deploymentId: 'c', state: 'Completed' },
    ],
    [
      'no rolloutState (moto): a stable PRIMARY is complete',
      tracked('a', 'InProgress'),
      service([primary('a', TD2)]),
      { deploymentId: 'a', state: 'Completed' },
    ],
    [
      'no rolloutState (moto): an unstable PRIMARY is in progress',
      tracked('a', 'InProgress'),
      service([primary('a', TD2)], { runningCount: 0 }),
      { deploymentId: 'a', state: 'InProgress' },
    ],
    ['no deployments at all', undefined, service([]), undefined],
  ])('%s', (_name, previous, svc, expected, started) => expectTracked(previous, svc, expected, started));

  describe('tracking b in progress', () => {
    // Each row: what ECS shows now, what we track after.
    it.each<[string, Service, Expected]>([
      [
        'IN_PROGRESS stays in progress',
        service([primary('b', TD2, 'IN_PROGRESS'), active('a', TD1)]),
        { deploymentId: 'b', state: 'InProgress' },
      ],
      [
        'COMPLETED completes',
        service([primary('b', TD2, 'COMPLETED')]),
        { deploymentId: 'b', state: 'Completed' },
      ],
      [
        'FAILED fails with ECS reason',
        service([primary('b', TD2, 'FAILED', breaker)]),
        { deploymentId: 'b', state: 'Failed', reason: breaker },
      ],
      [
        'rolled back: ours is FAILED and ACTIVE, the old revision PRIMARY again',
        service([primary('c', TD1, 'COMPLETED'), active('b', TD2, 'FAILED', 'rolled back')]),
        { deploymentId: 'b', state: 'Failed', reason: 'rolled back' },
      ],
      [
        'gone before completing, service stable on the old revision: failed (rollback)',
        service([primary('c', TD1, 'COMPLETED')]),
        { deploymentId: 'b', state: 'Failed' },
      ],
      [
        'gone before completing, rolled back: ECS reason from the failure event',
        rolledBackTo1([
          { id: '3', message: '(service web) has reached a steady state.' },
          { id: '2', message: '(service web) rolling back to deployment a.' },
          failedEvent('b', breaker),
        ]),
        {
          deploymentId: 'b',
          state: 'Failed',
          reason: `${breaker} (ECS rolled back; the service now runs web:1)`,
        },
      ],
      [
        'gone before completing, rolled back, only another deployment failure listed: no borrowed reason',
        rolledBackTo1([failedEvent('z', 'alarm detected.')]),
        {
          deploymentId: 'b',
          state: 'Failed',
          reason:
            'ECS deployment b disappeared before it completed and the service now runs web:1 (rolled back)',
        },
      ],
      [
        'gone before completing, replaced by a deployment of the same revision: follow it',
        service([primary('c', TD2, 'IN_PROGRESS')]),
        { deploymentId: 'c', state: 'InProgress' },
      ],
      [
        'superseded while running by another deployment: follow it',
        service([primary('c', TD2, 'IN_PROGRESS'), active('b', TD2, 'IN_PROGRESS')]),
        { deploymentId: 'c', state: 'InProgress' },
      ],
    ])('%s', (_name, svc, expected) => expectTracked(inProgressB, svc, expected));
  });

  describe('tracking b failed with reason x', () => {
    // Each row: what ECS shows now, what we track after.
    it.each<[string, Service, Expected]>([
      [
        'failed stays failed until a new write',
        service([primary('c', TD1, 'COMPLETED')]),
        { deploymentId: 'b', state: 'Failed', reason: 'x' },
      ],
      [
        'failed, then ECS shows a completed deployment of the same revision: recovered',
        service([primary('c', TD2, 'COMPLETED')]),
        { deploymentId: 'c', state: 'Completed', generation: 2, taskDefinitionArn: TD2, reason: undefined },
      ],
      [
        'failed, same revision PRIMARY but not completed yet: still failed',
        service([primary('c', TD2, 'IN_PROGRESS'), active('a', TD1)]),
        { deploymentId: 'b', state: 'Failed', reason: 'x' },
      ],
      [
        'failed, ours still listed FAILED next to a completed PRIMARY of the old revision: still failed',
        service([primary('c', TD1, 'COMPLETED'), active('b', TD2, 'FAILED', 'rolled back')]),
        { deploymentId: 'b', state: 'Failed', reason: 'rolled back' },
      ],
    ])('%s', (_name, svc, expected) => expectTracked(failedX, svc, expected));
  });

  describe('tracking b failed as disappeared', () => {
    // Each row: what ECS shows now, what we track after.
    it.each<[string, Service, Expected]>([
      [
        'failed from a view ECS contradicts: our deployment is PRIMARY and completed',
        service([primary('b', TD2, 'COMPLETED')]),
        { deploymentId: 'b', state: 'Completed', reason: undefined },
      ],
      [
        'failed from a view ECS contradicts: our deployment is PRIMARY and still rolling out',
        service([primary('b', TD2, 'IN_PROGRESS'), active('a', TD1)]),
        { deploymentId: 'b', state: 'InProgress', reason: undefined },
      ],
    ])('%s', (_name, svc, expected) => expectTracked(failedGone, svc, expected));
  });
});

describe('isRolloutHeld', () => {
  const failed: RolloutStatus = { deploymentId: 'b', taskDefinitionArn: TD2, generation: 2, state: 'Failed' };
  it.each([
    ['same generation and revision', failed, origin, true],
    ['same revision given as family:revision', failed, { generation: 2, taskDefinitionArn: 'web:2' }, true],
    ['a new generation', failed, { ...origin, generation: 3 }, false],
    [
      'a new revision from the referenced task definition',
      failed,
      { ...origin, taskDefinitionArn: TD1 },
      false,
    ],
    ['a new restart token', failed, { ...origin, restartAt: 'now' }, false],
    ['not failed', { ...failed, state: 'Completed' as const }, origin, false],
    ['nothing tracked', undefined, origin, false],
  ])('%s → %s', (_name, rollout, current, held) => expect(isRolloutHeld(rollout, current)).toBe(held));
});

describe('rolloutReadiness', () => {
  it.each([
    ['complete and stable', tracked('a', 'Completed'), service([dep('a', 'PRIMARY', TD2)]), 'complete'],
    [
      'complete but scaling',
      tracked('a', 'Completed'),
      service([dep('a', 'PRIMARY', TD2)], { runningCount: 1, desiredCount: 3 }),
      'progressing',
    ],
    [
      'in progress',
      tracked('b', 'InProgress'),
      service([dep('b', 'PRIMARY', TD2), dep('a', 'ACTIVE', TD1)]),
      'progressing',
    ],
    [
      'failed, though stable on the old revision',
      tracked('b', 'Failed'),
      service([dep('c', 'PRIMARY', TD1)]),
      'failed',
    ],
    ['nothing tracked, stable', undefined, service([dep('a', 'PRIMARY', TD2)]), 'complete'],
  ])('%s → %s', (_name, rollout, svc, phase) => expect(rolloutReadiness(rollout, svc).phase).toBe(phase));

  it('names the failed revision and ECS reason', () => {
    const r = rolloutReadiness(
      tracked('b', 'Failed', 'circuit breaker'),
      service([dep('c', 'PRIMARY', TD1)]),
    );
    expect(r.message).toContain('web:2');
    expect(r.message).toContain('circuit breaker');
  });
});
