import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  isRolloutHeld,
  isServiceStable,
  rolloutReadiness,
  trackRollout,
  type RolloutOrigin,
} from './rollout.js';
import type { RolloutStatus } from './types.js';

const TD1 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
const TD2 = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';
const origin: RolloutOrigin = { generation: 2, taskDefinitionArn: TD2 };

function dep(
  id: string,
  status: string,
  taskDefinition: string,
  extra: Partial<Deployment> = {},
): Deployment {
  return {
    id,
    status,
    taskDefinition,
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    failedTasks: 0,
    ...extra,
  };
}

function service(deployments: Deployment[], running = 2, desired = 2): Service {
  return {
    deployments,
    runningCount: running,
    desiredCount: desired,
    taskDefinition: deployments[0]?.taskDefinition,
  };
}

function tracked(deploymentId: string, state: RolloutStatus['state']): RolloutStatus {
  return { deploymentId, taskDefinitionArn: TD2, generation: 2, state };
}

describe('isServiceStable', () => {
  it.each([
    ['one deployment, running == desired', service([dep('a', 'PRIMARY', TD1)]), true],
    ['two deployments', service([dep('b', 'PRIMARY', TD2), dep('a', 'ACTIVE', TD1)]), false],
    ['running < desired', service([dep('a', 'PRIMARY', TD1)], 1, 2), false],
  ])('%s → %s', (_name, svc, stable) => expect(isServiceStable(svc)).toBe(stable));
});

/** A row's expectation; `reason: undefined` says the rollout must carry no reason. */
type Expected = Omit<Partial<RolloutStatus>, 'reason'> & { readonly reason?: string | undefined };

describe('trackRollout', () => {
  it.each<[string, Parameters<typeof trackRollout>[0], Expected | undefined]>([
    [
      'a write follows the new PRIMARY',
      {
        previous: tracked('a', 'Completed'),
        service: service([
          dep('b', 'PRIMARY', TD2, { rolloutState: 'IN_PROGRESS' }),
          dep('a', 'ACTIVE', TD1),
        ]),
        started: origin,
        current: origin,
      },
      { deploymentId: 'b', state: 'InProgress', generation: 2 },
    ],
    [
      'nothing tracked yet: follow the PRIMARY',
      {
        previous: undefined,
        service: service([dep('a', 'PRIMARY', TD2, { rolloutState: 'COMPLETED' })]),
        current: origin,
      },
      { deploymentId: 'a', state: 'Completed' },
    ],
    [
      'IN_PROGRESS stays in progress',
      {
        previous: tracked('b', 'InProgress'),
        service: service([
          dep('b', 'PRIMARY', TD2, { rolloutState: 'IN_PROGRESS' }),
          dep('a', 'ACTIVE', TD1),
        ]),
        current: origin,
      },
      { deploymentId: 'b', state: 'InProgress' },
    ],
    [
      'COMPLETED completes',
      {
        previous: tracked('b', 'InProgress'),
        service: service([dep('b', 'PRIMARY', TD2, { rolloutState: 'COMPLETED' })]),
        current: origin,
      },
      { deploymentId: 'b', state: 'Completed' },
    ],
    [
      'FAILED fails with ECS reason',
      {
        previous: tracked('b', 'InProgress'),
        service: service([
          dep('b', 'PRIMARY', TD2, {
            rolloutState: 'FAILED',
            rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
          }),
        ]),
        current: origin,
      },
      {
        deploymentId: 'b',
        state: 'Failed',
        reason: 'ECS deployment circuit breaker: tasks failed to start.',
      },
    ],
    [
      'rolled back: ours is FAILED and ACTIVE, the old revision PRIMARY again',
      {
        previous: tracked('b', 'InProgress'),
        service: service([
          dep('c', 'PRIMARY', TD1, { rolloutState: 'COMPLETED' }),
          dep('b', 'ACTIVE', TD2, { rolloutState: 'FAILED', rolloutStateReason: 'rolled back' }),
        ]),
        current: origin,
      },
      { deploymentId: 'b', state: 'Failed', reason: 'rolled back' },
    ],
    [
      'gone before completing, service stable on the old revision: failed (rollback)',
      {
        previous: tracked('b', 'InProgress'),
        service: service([dep('c', 'PRIMARY', TD1, { rolloutState: 'COMPLETED' })]),
        current: origin,
      },
      { deploymentId: 'b', state: 'Failed' },
    ],
    [
      'gone before completing, rolled back: ECS reason from the failure event',
      {
        previous: tracked('b', 'InProgress'),
        service: {
          ...service([dep('c', 'PRIMARY', TD1, { rolloutState: 'COMPLETED' })]),
          events: [
            { id: '3', message: '(service web) has reached a steady state.' },
            { id: '2', message: '(service web) rolling back to deployment a.' },
            {
              id: '1',
              message:
                '(service web) (deployment b) deployment failed: ECS deployment circuit breaker: tasks failed to start.',
            },
          ],
        },
        current: origin,
      },
      {
        deploymentId: 'b',
        state: 'Failed',
        reason:
          'ECS deployment circuit breaker: tasks failed to start. (ECS rolled back; the service now runs web:1)',
      },
    ],
    [
      'gone before completing, rolled back, only another deployment failure listed: no borrowed reason',
      {
        previous: tracked('b', 'InProgress'),
        service: {
          ...service([dep('c', 'PRIMARY', TD1, { rolloutState: 'COMPLETED' })]),
          events: [{ id: '1', message: '(service web) (deployment z) deployment failed: alarm detected.' }],
        },
        current: origin,
      },
      {
        deploymentId: 'b',
        state: 'Failed',
        reason:
          'ECS deployment b disappeared before it completed and the service now runs web:1 (rolled back)',
      },
    ],
    [
      'gone before completing, replaced by a deployment of the same revision: follow it',
      {
        previous: tracked('b', 'InProgress'),
        service: service([dep('c', 'PRIMARY', TD2, { rolloutState: 'IN_PROGRESS' })]),
        current: origin,
      },
      { deploymentId: 'c', state: 'InProgress' },
    ],
    [
      'gone before completing, replaced by a deployment of the revision desired now (the status write of that deployment was lost): follow it',
      {
        previous: { deploymentId: 'b', taskDefinitionArn: TD1, generation: 2, state: 'InProgress' },
        service: service([dep('c', 'PRIMARY', TD2, { rolloutState: 'IN_PROGRESS' })]),
        current: origin,
      },
      { deploymentId: 'c', taskDefinitionArn: TD2, state: 'InProgress', reason: undefined },
    ],
    [
      'gone after completing (someone deployed since): follow the new PRIMARY',
      {
        previous: tracked('b', 'Completed'),
        service: service([dep('c', 'PRIMARY', TD1, { rolloutState: 'COMPLETED' })]),
        current: origin,
      },
      { deploymentId: 'c', state: 'Completed' },
    ],
    [
      'superseded while running by another deployment: follow it',
      {
        previous: tracked('b', 'InProgress'),
        service: service([
          dep('c', 'PRIMARY', TD2, { rolloutState: 'IN_PROGRESS' }),
          dep('b', 'ACTIVE', TD2, { rolloutState: 'IN_PROGRESS' }),
        ]),
        current: origin,
      },
      { deploymentId: 'c', state: 'InProgress' },
    ],
    [
      'failed stays failed until a new write',
      {
        previous: { ...tracked('b', 'Failed'), reason: 'x' },
        service: service([dep('c', 'PRIMARY', TD1, { rolloutState: 'COMPLETED' })]),
        current: origin,
      },
      { deploymentId: 'b', state: 'Failed', reason: 'x' },
    ],
    [
      'failed, then ECS shows a completed deployment of the same revision: recovered',
      {
        previous: { ...tracked('b', 'Failed'), reason: 'x' },
        service: service([dep('c', 'PRIMARY', TD2, { rolloutState: 'COMPLETED' })]),
        current: origin,
      },
      { deploymentId: 'c', state: 'Completed', generation: 2, taskDefinitionArn: TD2, reason: undefined },
    ],
    [
      'failed from a view ECS contradicts: our deployment is PRIMARY and completed',
      {
        previous: { ...tracked('b', 'Failed'), reason: 'disappeared' },
        service: service([dep('b', 'PRIMARY', TD2, { rolloutState: 'COMPLETED' })]),
        current: origin,
      },
      { deploymentId: 'b', state: 'Completed', reason: undefined },
    ],
    [
      'failed from a view ECS contradicts: our deployment is PRIMARY and still rolling out',
      {
        previous: { ...tracked('b', 'Failed'), reason: 'disappeared' },
        service: service([
          dep('b', 'PRIMARY', TD2, { rolloutState: 'IN_PROGRESS' }),
          dep('a', 'ACTIVE', TD1),
        ]),
        current: origin,
      },
      { deploymentId: 'b', state: 'InProgress', reason: undefined },
    ],
    [
      'failed, same revision PRIMARY but not completed yet: still failed',
      {
        previous: { ...tracked('b', 'Failed'), reason: 'x' },
        service: service([
          dep('c', 'PRIMARY', TD2, { rolloutState: 'IN_PROGRESS' }),
          dep('a', 'ACTIVE', TD1),
        ]),
        current: origin,
      },
      { deploymentId: 'b', state: 'Failed', reason: 'x' },
    ],
    [
      'failed, ours still listed FAILED next to a completed PRIMARY of the old revision: still failed',
      {
        previous: { ...tracked('b', 'Failed'), reason: 'x' },
        service: service([
          dep('c', 'PRIMARY', TD1, { rolloutState: 'COMPLETED' }),
          dep('b', 'ACTIVE', TD2, { rolloutState: 'FAILED', rolloutStateReason: 'rolled back' }),
        ]),
        current: origin,
      },
      { deploymentId: 'b', state: 'Failed', reason: 'rolled back' },
    ],
    [
      'no rolloutState (moto): a stable PRIMARY is complete',
      { previous: tracked('a', 'InProgress'), service: service([dep('a', 'PRIMARY', TD2)]), current: origin },
      { deploymentId: 'a', state: 'Completed' },
    ],
    [
      'no rolloutState (moto): an unstable PRIMARY is in progress',
      {
        previous: tracked('a', 'InProgress'),
        service: service([dep('a', 'PRIMARY', TD2)], 0, 2),
        current: origin,
      },
      { deploymentId: 'a', state: 'InProgress' },
    ],
    ['no deployments at all', { previous: undefined, service: service([]), current: origin }, undefined],
  ])('%s', (_name, input, expected) => {
    const r = trackRollout(input);
    if (expected === undefined) {
      expect(r).toBeUndefined();
    } else {
      // `reason: undefined` in a row means "no reason": a recovered rollout drops the failure's.
      const { reason, ...rest } = expected;
      expect(r).toMatchObject(rest);
      if ('reason' in expected) expect(r?.reason).toBe(reason);
    }
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
      service([dep('a', 'PRIMARY', TD2)], 1, 3),
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
      { ...tracked('b', 'Failed'), reason: 'circuit breaker' },
      service([dep('c', 'PRIMARY', TD1)]),
    );
    expect(r.message).toContain('web:2');
    expect(r.message).toContain('circuit breaker');
  });
});
