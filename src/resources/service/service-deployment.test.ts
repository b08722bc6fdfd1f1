import type { Service, ServiceDeployment } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  bakeTimeLeftMs,
  newestOpen,
  summariseServiceDeployment,
  wantsServiceDeploymentRead,
} from './service-deployment.js';
import { buildServiceStatus } from './status.js';
import { serviceObject } from './testing/harness.js';
import type { RolloutStatus } from './types.js';

const inProgress: RolloutStatus = { deploymentId: 'ecs-svc/1', state: 'InProgress' };
const completed: RolloutStatus = { deploymentId: 'ecs-svc/1', state: 'Completed' };
const svc = (strategy?: string): Service => ({
  serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/web',
  ...(strategy === undefined ? {} : { deploymentConfiguration: { strategy: strategy as 'ROLLING' } }),
});

describe('when the service deployment APIs are read', () => {
  it.each([
    ['a blue/green rollout in progress', inProgress, svc('BLUE_GREEN'), true],
    ['a linear rollout in progress', inProgress, svc('LINEAR'), true],
    ['a canary rollout in progress', inProgress, svc('CANARY'), true],
    ['a rolling rollout in progress', inProgress, svc('ROLLING'), false],
    ['a service that names no strategy', inProgress, svc(), false],
    ['a blue/green rollout already judged', completed, svc('BLUE_GREEN'), false],
    ['no rollout followed', undefined, svc('BLUE_GREEN'), false],
  ] as const)('%s: %s', (_name, rollout, service, expected) => {
    expect(wantsServiceDeploymentRead(rollout, service)).toBe(expected);
  });
});

describe('summariseServiceDeployment', () => {
  it('names the hooks the deployment waits on, not those that finished', () => {
    const d: ServiceDeployment = {
      serviceDeploymentArn: 'arn:sd/2',
      status: 'IN_PROGRESS',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      lifecycleHookDetails: [
        { targetType: 'AWS_LAMBDA', targetArn: 'arn:fn:check', status: 'IN_PROGRESS' },
        { targetType: 'AWS_LAMBDA', targetArn: 'arn:fn:done', status: 'SUCCEEDED' },
        {
          targetType: 'PAUSE',
          hookId: 'h-1',
          status: 'AWAITING_ACTION',
          expiresAt: new Date('2026-12-06T01:00:00Z'),
        },
      ],
    };
    expect(summariseServiceDeployment(d, 'BLUE_GREEN').waitingOnHooks).toEqual([
      { targetType: 'AWS_LAMBDA', targetArn: 'arn:fn:check', status: 'IN_PROGRESS' },
      {
        targetType: 'PAUSE',
        hookId: 'h-1',
        status: 'AWAITING_ACTION',
        expiresAt: '2026-12-06T01:00:00.000Z',
      },
    ]);
    expect(summariseServiceDeployment({ ...d, lifecycleHookDetails: [] }, 'BLUE_GREEN')).not.toHaveProperty(
      'waitingOnHooks',
    );
  });

  it('reports strategy, stage, traffic, bake time and ECS’s reasons', () => {
    const d: ServiceDeployment = {
      serviceDeploymentArn: 'arn:sd/1',
      status: 'ROLLBACK_IN_PROGRESS',
      statusReason: 'tasks failed',
      lifecycleStage: 'SCALE_UP',
      deploymentConfiguration: { strategy: 'CANARY', bakeTimeInMinutes: 3 },
      targetServiceRevision: { requestedProductionTrafficWeight: 5, requestedTestTrafficWeight: 100 },
      rollback: { reason: 'tasks failed' },
    };
    expect(summariseServiceDeployment(d, 'ROLLING')).toEqual({
      arn: 'arn:sd/1',
      strategy: 'CANARY',
      status: 'ROLLBACK_IN_PROGRESS',
      lifecycleStage: 'SCALE_UP',
      productionTrafficPercent: 5,
      testTrafficPercent: 100,
      bakeTimeInMinutes: 3,
      reason: 'tasks failed',
      rollbackReason: 'tasks failed',
    });
    expect(summariseServiceDeployment({ serviceDeploymentArn: 'a' }, 'LINEAR')).toEqual({
      arn: 'a',
      strategy: 'LINEAR',
      status: 'IN_PROGRESS',
    });
  });

  it('in BAKE_TIME, reports when the bake ends at the latest: updatedAt plus the bake time', () => {
    const baking: ServiceDeployment = {
      serviceDeploymentArn: 'arn:sd/1',
      status: 'IN_PROGRESS',
      lifecycleStage: 'BAKE_TIME',
      updatedAt: new Date('2026-12-06T03:00:00Z'),
      deploymentConfiguration: { strategy: 'CANARY', bakeTimeInMinutes: 15 },
    };
    const summary = summariseServiceDeployment(baking, 'CANARY');
    expect(summary.bakeEndsBy).toBe('2026-12-06T03:15:00.000Z');
    expect(bakeTimeLeftMs(summary, new Date('2026-12-06T03:10:30Z'))).toBe(270_000);
    // Past the end (ECS has not moved on yet): nothing left, never negative.
    expect(bakeTimeLeftMs(summary, new Date('2026-12-06T03:20:00Z'))).toBe(0);
    // Another stage, no bake time or no updatedAt: no bake end is claimed.
    expect(
      summariseServiceDeployment({ ...baking, lifecycleStage: 'CLEAN_UP' }, 'CANARY'),
    ).not.toHaveProperty('bakeEndsBy');
    expect(
      summariseServiceDeployment({ ...baking, deploymentConfiguration: { strategy: 'CANARY' } }, 'CANARY'),
    ).not.toHaveProperty('bakeEndsBy');
    expect(summariseServiceDeployment({ ...baking, updatedAt: undefined }, 'CANARY')).not.toHaveProperty(
      'bakeEndsBy',
    );
    expect(bakeTimeLeftMs({}, new Date(0))).toBeUndefined();
  });

  it('picks the newest open deployment whatever order the list comes in', () => {
    expect(
      newestOpen([
        { serviceDeploymentArn: 'old', createdAt: new Date(1000) },
        { serviceDeploymentArn: 'new', createdAt: new Date(2000) },
        { createdAt: new Date(3000) },
      ])?.serviceDeploymentArn,
    ).toBe('new');
    expect(newestOpen([])).toBeUndefined();
  });
});

describe('status.serviceDeployment', () => {
  const obj = serviceObject({ cluster: 'demo', taskDefinition: 'web:1' });
  const sd = { arn: 'arn:sd/1', strategy: 'BLUE_GREEN', status: 'IN_PROGRESS', lifecycleStage: 'BAKE_TIME' };
  const converged = { kind: 'converged', created: false, updated: false } as const;

  it('is written by a converged visit that read it, and dropped by one that did not', () => {
    const first = buildServiceStatus({ obj, outcome: converged, serviceDeployment: sd, now: new Date(0) });
    expect(first.serviceDeployment).toEqual(sd);
    const next = buildServiceStatus({ obj: { ...obj, status: first }, outcome: converged, now: new Date(1) });
    expect(next.serviceDeployment).toBeUndefined();
  });

  it('says in the Reconciling message what the rollout is doing, while every task already runs', () => {
    const td = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1';
    const primary = { id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: td, desiredCount: 2 };
    const baking: Service = {
      ...svc('BLUE_GREEN'),
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      deployments: [{ ...primary, runningCount: 2, pendingCount: 0, rolloutState: 'IN_PROGRESS' }],
    };
    const status = buildServiceStatus({
      obj,
      outcome: converged,
      service: baking,
      rollout: inProgress,
      serviceDeployment: {
        ...sd,
        productionTrafficPercent: 100,
        bakeTimeInMinutes: 10,
        bakeEndsBy: '2026-12-06T03:15:00.000Z',
      },
      now: new Date(0),
    });
    const reconciling = status.conditions?.find((c) => c.type === 'Reconciling');
    expect(reconciling?.status).toBe('True');
    expect(reconciling?.message).toMatch(
      /\(BLUE_GREEN BAKE_TIME, 100 % production traffic, bake ends by 2026-12-06T03:15:00.000Z\)$/,
    );
    expect(status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('Unknown');
  });

  it('stays as it was through a visit that did not converge', () => {
    const first = buildServiceStatus({ obj, outcome: converged, serviceDeployment: sd, now: new Date(0) });
    const waiting = buildServiceStatus({
      obj: { ...obj, status: first },
      outcome: { kind: 'unconfirmedRead', message: 'x' },
      now: new Date(1),
    });
    expect(waiting.serviceDeployment).toEqual(sd);
  });
});
