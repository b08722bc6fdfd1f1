import type { Service, TaskSet } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { rolloutReadiness } from './rollout.js';
import { describeTaskSet, taskSetReadiness } from './task-set-readiness.js';

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3';

function set(id: string, over: Partial<TaskSet> = {}): TaskSet {
  return {
    id,
    status: 'PRIMARY',
    stabilityStatus: 'STEADY_STATE',
    computedDesiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    taskDefinition: TD,
    ...over,
  };
}

/** A service as ECS describes one under CODE_DEPLOY or EXTERNAL: task sets and no deployments. */
function service(type: 'CODE_DEPLOY' | 'EXTERNAL', taskSets: TaskSet[] | undefined): Service {
  return {
    serviceName: 'web',
    desiredCount: 2,
    runningCount: 2,
    deploymentController: { type },
    deployments: [],
    ...(taskSets === undefined ? {} : { taskSets }),
  };
}

describe('taskSetReadiness', () => {
  it.each<[string, TaskSet[] | undefined, 'complete' | 'progressing']>([
    ['one PRIMARY task set, steady, all running', [set('ecs-svc/1')], 'complete'],
    ['no task set listed', undefined, 'progressing'],
    ['an empty task set list', [], 'progressing'],
    [
      'the PRIMARY task set stabilizing',
      [set('ecs-svc/1', { stabilityStatus: 'STABILIZING' })],
      'progressing',
    ],
    ['fewer running than computed', [set('ecs-svc/1', { runningCount: 1 })], 'progressing'],
    ['the only task set ACTIVE, none PRIMARY', [set('ecs-svc/1', { status: 'ACTIVE' })], 'progressing'],
    ['a second, ACTIVE task set', [set('ecs-svc/1'), set('ecs-svc/2', { status: 'ACTIVE' })], 'progressing'],
    [
      'a second, DRAINING task set',
      [set('ecs-svc/2'), set('ecs-svc/1', { status: 'DRAINING' })],
      'progressing',
    ],
    ['no stability status', [set('ecs-svc/1', { stabilityStatus: undefined })], 'progressing'],
  ])('%s → %s', (_name, sets, phase) => {
    expect(taskSetReadiness(service('CODE_DEPLOY', sets), 'CODE_DEPLOY').phase).toBe(phase);
  });

  it('names the controller and the task set when ready', () => {
    expect(taskSetReadiness(service('EXTERNAL', [set('ecs-svc/1')]), 'EXTERNAL').message).toBe(
      'the service is stable under the EXTERNAL deployment controller: task set ecs-svc/1 (PRIMARY, STEADY_STATE, 2/2 running, web:3)',
    );
  });

  it('names every task set while another controller rolls out', () => {
    const sets = [
      set('ecs-svc/1'),
      set('ecs-svc/2', { status: 'ACTIVE', stabilityStatus: 'STABILIZING', runningCount: 0 }),
    ];
    expect(taskSetReadiness(service('CODE_DEPLOY', sets), 'CODE_DEPLOY').message).toBe(
      'the CODE_DEPLOY deployment controller is rolling out: 2 task sets: ecs-svc/1 (PRIMARY, STEADY_STATE, 2/2 running, web:3); ecs-svc/2 (ACTIVE, STABILIZING, 0/2 running, web:3); ready when only the PRIMARY one is left, in a steady state',
    );
  });

  it('says what it waits for when there is no task set', () => {
    expect(taskSetReadiness(service('EXTERNAL', []), 'EXTERNAL').message).toBe(
      'waiting for the EXTERNAL deployment controller: ECS reports no task set for the service',
    );
  });

  it('describes a task set with missing fields without inventing them', () => {
    expect(describeTaskSet({ taskSetArn: 'arn:aws:ecs:us-east-1:1:task-set/c/s/ecs-svc/9' })).toBe(
      'arn:aws:ecs:us-east-1:1:task-set/c/s/ecs-svc/9 (no status, no stability status, 0/0 running)',
    );
  });
});

describe('rolloutReadiness under another deployment controller', () => {
  it('reads the task sets, not the (empty) deployment list', () => {
    const r = rolloutReadiness(undefined, service('CODE_DEPLOY', [set('ecs-svc/1')]));
    expect(r.phase).toBe('complete');
  });

  it('is never failed for the other controller: a rollout of two task sets progresses', () => {
    const r = rolloutReadiness(undefined, service('EXTERNAL', [set('a'), set('b', { status: 'ACTIVE' })]));
    expect(r.phase).toBe('progressing');
  });

  it('keeps the ECS verdict for a service under ECS: one deployment, running == desired', () => {
    const ecs: Service = { desiredCount: 1, runningCount: 1, deployments: [{ id: 'd', status: 'PRIMARY' }] };
    expect(rolloutReadiness(undefined, ecs).phase).toBe('complete');
    expect(rolloutReadiness(undefined, { ...ecs, taskSets: [set('x', { status: 'ACTIVE' })] }).phase).toBe(
      'complete',
    );
  });
});
