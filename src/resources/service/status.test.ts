import type { Service, TaskSet } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { classifyAwsError } from '../../aws/errors.js';
import { buildServiceStatus, isSameStatus, type ServiceOutcome, type ServiceStatusInput } from './status.js';
import { awsError } from '../../aws/testing/fake-ecs.js';
import { dep } from './testing/fixtures.js';
import { serviceObject } from './testing/harness.js';
import type { EcsService, RolloutStatus } from './types.js';

const now = new Date('2026-03-01T12:00:00Z');
const later = new Date('2026-03-01T12:05:00Z');
const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2';
const obj = serviceObject({ cluster: 'demo', taskDefinition: 'web:2' });

const stable: Service = {
  serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/demo/web',
  serviceName: 'web',
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
  taskDefinition: TD,
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deployments: [dep('ecs-svc/1', 'PRIMARY', TD, { rolloutState: 'COMPLETED', updatedAt: new Date() })],
};
const completed: RolloutStatus = {
  deploymentId: 'ecs-svc/1',
  taskDefinitionArn: TD,
  generation: 1,
  state: 'Completed',
};

/** A steady task set of `status` (running == computed desired). */
function taskSet(id: string, status: string): TaskSet {
  return { id, status, stabilityStatus: 'STEADY_STATE', computedDesiredCount: 2, runningCount: 2 };
}

/** {@link stable} under CODE_DEPLOY: ECS reports task sets and no deployment. */
function delegated(taskSets: TaskSet[]): Service {
  return { ...stable, deploymentController: { type: 'CODE_DEPLOY' }, deployments: [], taskSets };
}

/** The outcome of a reconcile that found the service as desired and changed nothing. */
const unchanged: ServiceOutcome = { kind: 'converged', created: false, updated: false };

/** The outcome of a reconcile whose AWS call failed with `error` while it was `during`. */
function failed(
  error: Error,
  terminal: boolean,
  during: Extract<ServiceOutcome, { kind: 'awsError' }>['during'],
): { outcome: ServiceOutcome } {
  return { outcome: { kind: 'awsError', error: classifyAwsError(error), terminal, during } };
}

/** {@link obj} with the status of a stable, completed rollout: Ready. */
const readyObj = (): EcsService & { status: NonNullable<EcsService['status']> } => ({
  ...obj,
  status: buildServiceStatus({ obj, now, outcome: unchanged, service: stable, rollout: completed }),
});

function conditions(input: Partial<ServiceStatusInput> & { outcome: ServiceOutcome }, o: EcsService = obj) {
  const status = buildServiceStatus({ obj: o, now, ...input });
  return Object.fromEntries((status.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason}`]));
}

describe('buildServiceStatus', () => {
  it.each<[string, Partial<ServiceStatusInput> & { outcome: ServiceOutcome }, Record<string, string>]>([
    [
      'first visit, creating',
      {
        outcome: { kind: 'converged', created: true, updated: false },
        service: {
          ...stable,
          runningCount: 0,
          deployments: [{ ...stable.deployments![0]!, rolloutState: 'IN_PROGRESS' }],
        },
        rollout: { ...completed, state: 'InProgress' },
      },
      { Ready: 'Unknown/Creating', Reconciling: 'True/Creating', Stalled: 'False/Creating' },
    ],
    [
      'rollout complete and stable',
      { outcome: unchanged, service: stable, rollout: completed },
      {
        Ready: 'True/RolloutComplete',
        Reconciling: 'False/RolloutComplete',
        Stalled: 'False/RolloutComplete',
      },
    ],
    [
      'rollout failed',
      {
        outcome: unchanged,
        service: stable,
        rollout: { ...completed, state: 'Failed', reason: 'circuit breaker' },
      },
      { Ready: 'False/RolloutFailed', Reconciling: 'False/RolloutFailed', Stalled: 'True/RolloutFailed' },
    ],
    [
      'under CODE_DEPLOY, one steady PRIMARY task set (and no deployment, as ECS lists none)',
      { outcome: unchanged, service: delegated([taskSet('ecs-svc/1', 'PRIMARY')]) },
      {
        Ready: 'True/RolloutComplete',
        Reconciling: 'False/RolloutComplete',
        Stalled: 'False/RolloutComplete',
        DeploymentsDelegated: 'True/CodeDeployController',
      },
    ],
    [
      'under CODE_DEPLOY, a second task set: the other controller rolls out, never stalled',
      {
        outcome: unchanged,
        service: delegated([taskSet('ecs-svc/1', 'PRIMARY'), taskSet('ecs-svc/2', 'ACTIVE')]),
      },
      {
        Ready: 'Unknown/RollingOut',
        Reconciling: 'True/RollingOut',
        Stalled: 'False/RollingOut',
        DeploymentsDelegated: 'True/CodeDeployController',
      },
    ],
    [
      'conflict',
      { outcome: { kind: 'conflict', message: 'not ours' } },
      { Ready: 'False/Conflict', Reconciling: 'False/Conflict', Stalled: 'True/Conflict' },
    ],
    [
      'refused',
      { outcome: { kind: 'refused', message: 'immutable' } },
      {
        Ready: 'False/ImmutableFieldChanged',
        Reconciling: 'False/ImmutableFieldChanged',
        Stalled: 'True/ImmutableFieldChanged',
      },
    ],
    [
      'waiting for a task definition',
      { outcome: { kind: 'waiting', reason: 'TaskDefinitionNotReady', message: 'x' } },
      {
        Ready: 'Unknown/TaskDefinitionNotReady',
        Reconciling: 'True/TaskDefinitionNotReady',
        Stalled: 'False/TaskDefinitionNotReady',
      },
    ],
    [
      'suspended',
      { outcome: { kind: 'suspended' } },
      { Ready: 'Unknown/Suspended', Reconciling: 'False/Suspended', Stalled: 'False/Suspended' },
    ],
    [
      'terminal AWS error',
      failed(awsError('AccessDeniedException'), true, 'creating'),
      { Ready: 'False/AccessDenied', Reconciling: 'False/AccessDenied', Stalled: 'True/AccessDenied' },
    ],
    [
      'retryable AWS error on a first visit',
      failed(awsError('ThrottlingException'), false, 'describing'),
      { Ready: 'Unknown/Throttled', Reconciling: 'True/Throttled', Stalled: 'False/Throttled' },
    ],
    [
      'autoscaling not ready folds into Ready',
      {
        outcome: unchanged,
        service: stable,
        rollout: completed,
        autoscaling: {
          status: undefined,
          ownsDesiredCount: true,
          terminal: false,
          condition: {
            type: 'AutoscalingReady',
            status: 'False',
            reason: 'TargetGroupNotOnAlb',
            message: 'x',
          },
        },
      },
      {
        Ready: 'Unknown/TargetGroupNotOnAlb',
        Reconciling: 'True/TargetGroupNotOnAlb',
        Stalled: 'False/TargetGroupNotOnAlb',
        AutoscalingReady: 'False/TargetGroupNotOnAlb',
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(conditions(input)).toEqual(expected);
  });

  it('keeps Ready as it was on a retryable error of a ready service', () => {
    const ready = readyObj();
    const c = conditions(
      failed(awsError('ServiceUnavailableException', 'down', 503), false, 'describing'),
      ready,
    );
    expect(c).toEqual({
      Ready: 'True/RolloutComplete',
      Reconciling: 'True/AwsUnavailable',
      Stalled: 'False/AwsUnavailable',
    });
  });

  it('keeps Ready as it was on an answer not believed yet, and keeps the last believed service fields', () => {
    const ready = readyObj();
    const c = conditions({ outcome: { kind: 'unconfirmedRead', message: 'reading again' } }, ready);
    expect(c).toEqual({
      Ready: 'True/RolloutComplete',
      Reconciling: 'True/UnconfirmedRead',
      Stalled: 'False/UnconfirmedRead',
    });
    const next = buildServiceStatus({
      obj: ready,
      now,
      outcome: { kind: 'unconfirmedRead', message: 'reading again' },
    });
    expect(next.deployments).toEqual(ready.status.deployments);
    expect(next.rollout).toEqual(ready.status.rollout);
    expect(conditions({ outcome: { kind: 'unconfirmedRead', message: 'reading again' } })).toEqual({
      Ready: 'Unknown/UnconfirmedRead',
      Reconciling: 'True/UnconfirmedRead',
      Stalled: 'False/UnconfirmedRead',
    });
  });

  it('reports the service, the counts and a deployment summary without moving timestamps', () => {
    const status = buildServiceStatus({
      obj,
      now,
      region: 'us-east-1',
      outcome: unchanged,
      service: stable,
      rollout: completed,
      managedTagKeys: ['b', 'a'],
    });
    expect(status).toMatchObject({
      observedGeneration: 1,
      serviceArn: stable.serviceArn,
      cluster: stable.clusterArn,
      region: 'us-east-1',
      taskDefinitionArn: TD,
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      rolloutState: 'COMPLETED',
      rollout: completed,
      managedTagKeys: ['a', 'b'],
      deployments: [
        {
          id: 'ecs-svc/1',
          status: 'PRIMARY',
          taskDefinition: TD,
          desiredCount: 2,
          runningCount: 2,
          pendingCount: 0,
          failedTasks: 0,
          rolloutState: 'COMPLETED',
        },
      ],
    });
    expect(JSON.stringify(status)).not.toContain('updatedAt');
  });

  it('is equal on a second identical visit (no write), and keeps lastTransitionTime', () => {
    const input = {
      outcome: unchanged,
      service: stable,
      rollout: completed,
    };
    const first = buildServiceStatus({ obj, now, ...input });
    const second = buildServiceStatus({
      obj: { ...obj, status: JSON.parse(JSON.stringify(first)) },
      now: later,
      ...input,
    });
    expect(isSameStatus(first, second)).toBe(true);
    const moved = buildServiceStatus({
      obj: { ...obj, status: first },
      now: later,
      ...input,
      service: { ...stable, runningCount: 1 },
    });
    expect(isSameStatus(first, moved)).toBe(false);
    expect(moved.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe(later.toISOString());
  });

  it('writes status.autoscaling from the sub-reconciler and drops it when it reports none', () => {
    const scaling = { resourceId: 'service/demo/web', minCapacity: 1, maxCapacity: 4, policies: [] };
    const condition = {
      type: 'AutoscalingReady',
      status: 'True' as const,
      reason: 'TargetRegistered',
      message: 'ok',
    };
    const withIt = buildServiceStatus({
      obj,
      now,
      outcome: unchanged,
      service: stable,
      rollout: completed,
      autoscaling: { status: scaling, condition, ownsDesiredCount: true, terminal: false },
    });
    expect(withIt.autoscaling).toEqual(scaling);
    const gone = buildServiceStatus({
      obj: { ...obj, status: withIt },
      now,
      outcome: unchanged,
      service: stable,
      rollout: completed,
      autoscaling: { status: undefined, condition, ownsDesiredCount: false, terminal: false },
    });
    expect(gone.autoscaling).toBeUndefined();
  });
});
