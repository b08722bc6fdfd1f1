import type { Target } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import {
  desiredTrigger,
  TRIGGER_TARGET_ID,
  type DesiredRuleTrigger,
  type DesiredScheduleTrigger,
} from './desired.js';
import {
  planTrigger,
  planTriggerDeletion,
  SCHEDULER_DEFAULT_RETRY_POLICY,
  type ObservedTrigger,
  type TriggerAction,
} from './plan.js';
import type { EcsTaskTriggerSpec } from './types.js';

const resolution = {
  name: 'ecsb-media-thumbnail',
  clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/jobs',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/thumbnail:3',
  scheduleGroup: 'ecs-bridge',
  description: 'ecs-bridge EcsTaskTrigger media/thumbnail',
};

const seed: EcsTaskTriggerSpec = {
  template: {
    cluster: 'jobs',
    taskDefinition: 'thumbnail',
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-b', 'subnet-a'], securityGroups: ['sg-1'] },
    },
    overrides: { containerOverrides: [{ name: 'app', environment: [{ name: 'TABLE', value: 'metadata' }] }] },
  },
  event: { s3: { bucket: 'uploads', keyPrefix: 'incoming/', keySuffix: '.jpg' } },
  inputTransformer: {
    containerName: 'app',
    environment: [
      { name: 'BUCKET', path: '$.detail.bucket.name' },
      { name: 'KEY', path: '$.detail.object.key' },
    ],
  },
  roleArn: 'arn:aws:iam::123456789012:role/events-run-task',
  retryPolicy: { maximumRetryAttempts: 3 },
};

/** `spec` without its event source and transformer: the base of a schedule. */
function scheduled(schedule: NonNullable<EcsTaskTriggerSpec['schedule']>): EcsTaskTriggerSpec {
  const { event: _event, inputTransformer: _transformer, ...rest } = seed;
  return { ...rest, schedule };
}

/** AWS after the plan's writes, as a fake would keep it. */
function applied(observed: ObservedTrigger, actions: readonly TriggerAction[]): ObservedTrigger {
  let state = observed;
  for (const action of actions) {
    if (state.kind === 'rule') {
      if (action.type === 'putRule')
        state = {
          ...state,
          rule: { ...action.rule, Arn: `arn:aws:events:us-east-1:123456789012:rule/${action.rule.Name}` },
        };
      if (action.type === 'putTargets')
        state = {
          ...state,
          targets: [
            ...state.targets.filter((t) => !action.targets.some((n) => n.Id === t.Id)),
            ...action.targets,
          ],
        };
      if (action.type === 'removeTargets')
        state = { ...state, targets: state.targets.filter((t) => !action.ids.includes(t.Id ?? '')) };
    } else if (action.type === 'createSchedule' || action.type === 'updateSchedule') {
      state = { ...state, schedule: { ...action.schedule, Arn: 'arn:aws:scheduler:::schedule/x' } };
    }
  }
  return state;
}

describe('desiredTrigger', () => {
  it('makes the s3 shorthand a pattern and the transformer an input into the named container', () => {
    const desired = desiredTrigger(seed, resolution) as DesiredRuleTrigger;
    expect(JSON.parse(desired.rule.EventPattern)).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['uploads'] }, object: { key: [{ wildcard: 'incoming/*.jpg' }] } },
    });
    expect(desired.rule.State).toBe('ENABLED');
    expect(desired.target.EcsParameters?.NetworkConfiguration?.awsvpcConfiguration?.Subnets).toEqual([
      'subnet-a',
      'subnet-b',
    ]);
    expect(desired.target.InputTransformer?.InputPathsMap).toEqual({
      env0: '$.detail.bucket.name',
      env1: '$.detail.object.key',
    });
    expect(JSON.parse(desired.target.InputTransformer?.InputTemplate ?? '')).toEqual({
      containerOverrides: [
        {
          name: 'app',
          environment: [
            { name: 'TABLE', value: 'metadata' },
            { name: 'BUCKET', value: '<env0>' },
            { name: 'KEY', value: '<env1>' },
          ],
        },
      ],
    });
    expect(desired.target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3 });
  });

  it('suspends as DISABLED, and makes a schedule with its time zone and window', () => {
    expect((desiredTrigger({ ...seed, suspend: true }, resolution) as DesiredRuleTrigger).rule.State).toBe(
      'DISABLED',
    );
    const schedule = desiredTrigger(
      scheduled({
        expression: 'cron(0 3 * * ? *)',
        timezone: 'Europe/Paris',
        flexibleTimeWindowMinutes: 15,
      }),
      resolution,
    ) as DesiredScheduleTrigger;
    expect(schedule.schedule).toMatchObject({
      Name: resolution.name,
      GroupName: 'ecs-bridge',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      State: 'ENABLED',
      Target: { Arn: resolution.clusterArn, Input: JSON.stringify(seed.template.overrides) },
    });
  });
});

describe('planTrigger', () => {
  const desired = desiredTrigger(seed, resolution) as DesiredRuleTrigger;

  it('creates the rule and its target when nothing exists, and then plans nothing', () => {
    const nothing: ObservedTrigger = { kind: 'rule', rule: undefined, targets: [] };
    const plan = planTrigger(desired, nothing);
    expect(plan.actions.map((a) => a.type)).toEqual(['putRule', 'putTargets']);
    expect(planTrigger(desired, applied(nothing, plan.actions)).actions).toEqual([]);
  });

  it('writes only what differs: a pattern with other spacing and key order is the same', () => {
    const converged = applied(
      { kind: 'rule', rule: undefined, targets: [] },
      planTrigger(desired, { kind: 'rule', rule: undefined, targets: [] }).actions,
    );
    if (converged.kind !== 'rule' || converged.rule === undefined) throw new Error('not converged');
    const reordered = JSON.stringify(JSON.parse(converged.rule.EventPattern ?? '{}'), null, 2);
    expect(
      planTrigger(desired, { ...converged, rule: { ...converged.rule, EventPattern: reordered } }).actions,
    ).toEqual([]);
    const disabled = planTrigger(desired, { ...converged, rule: { ...converged.rule, State: 'DISABLED' } });
    expect(disabled.actions.map((a) => a.type)).toEqual(['putRule']);
    expect(disabled.reasons[0]).toMatch(/state \(DISABLED → ENABLED\)/);
  });

  it('corrects a drifted target and removes targets it did not put', () => {
    const converged = applied(
      { kind: 'rule', rule: undefined, targets: [] },
      planTrigger(desired, { kind: 'rule', rule: undefined, targets: [] }).actions,
    );
    if (converged.kind !== 'rule') throw new Error('not a rule');
    const drifted: Target = { ...desired.target, RoleArn: 'arn:aws:iam::123456789012:role/other' };
    const extra: Target = { Id: 'added-by-hand', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' };
    const plan = planTrigger(desired, { ...converged, targets: [drifted, extra] });
    expect(plan.actions).toEqual([
      { type: 'putTargets', rule: resolution.name, eventBusName: 'default', targets: [desired.target] },
      { type: 'removeTargets', rule: resolution.name, eventBusName: 'default', ids: ['added-by-hand'] },
    ]);
  });

  it('creates, then leaves alone, then updates a schedule', () => {
    const spec = scheduled({ expression: 'rate(1 day)' });
    const schedule = desiredTrigger(spec, resolution);
    const first = planTrigger(schedule, { kind: 'schedule', schedule: undefined });
    expect(first.actions.map((a) => a.type)).toEqual(['createSchedule']);
    const converged = applied({ kind: 'schedule', schedule: undefined }, first.actions);
    expect(planTrigger(schedule, converged).actions).toEqual([]);
    const changed = desiredTrigger(scheduled({ expression: 'rate(2 days)' }), resolution);
    expect(planTrigger(changed, converged).actions.map((a) => a.type)).toEqual(['updateSchedule']);
  });
});

describe('a schedule as Scheduler echoes it', () => {
  // GetSchedule answers a schedule created without a retry policy with Scheduler's default one.
  const echoed = (spec: EcsTaskTriggerSpec): ObservedTrigger => {
    const created = applied({ kind: 'schedule', schedule: undefined }, [
      ...planTrigger(desiredTrigger(spec, resolution), { kind: 'schedule', schedule: undefined }).actions,
    ]);
    if (created.kind !== 'schedule' || created.schedule?.Target === undefined) throw new Error('no schedule');
    const sent = created.schedule.Target.RetryPolicy ?? {};
    return {
      ...created,
      schedule: {
        ...created.schedule,
        Target: { ...created.schedule.Target, RetryPolicy: { ...SCHEDULER_DEFAULT_RETRY_POLICY, ...sent } },
      },
    };
  };

  it('leaves a schedule alone whose retry policy Scheduler filled in with its defaults', () => {
    const spec = scheduled({ expression: 'cron(0 2 * * ? *)' });
    expect(planTrigger(desiredTrigger(spec, resolution), echoed(spec)).actions).toEqual([]);
    const partial = { ...spec, retryPolicy: { maximumRetryAttempts: 3 } };
    expect(planTrigger(desiredTrigger(partial, resolution), echoed(partial)).actions).toEqual([]);
  });

  it('updates a schedule whose retry policy someone changed from the one the spec leaves to Scheduler', () => {
    const spec = scheduled({ expression: 'cron(0 2 * * ? *)' });
    const observed = echoed(spec);
    if (observed.kind !== 'schedule' || observed.schedule?.Target === undefined)
      throw new Error('no schedule');
    const drifted: ObservedTrigger = {
      ...observed,
      schedule: {
        ...observed.schedule,
        Target: {
          ...observed.schedule.Target,
          RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 },
        },
      },
    };
    expect(planTrigger(desiredTrigger(spec, resolution), drifted).actions.map((a) => a.type)).toEqual([
      'updateSchedule',
    ]);
  });
});

describe('planTriggerDeletion', () => {
  it('removes the targets before the rule, and deletes nothing that is gone', () => {
    const names = { name: resolution.name, eventBusName: 'default', groupName: 'ecs-bridge' };
    const observed: ObservedTrigger = {
      kind: 'rule',
      rule: { Name: resolution.name },
      targets: [{ Id: TRIGGER_TARGET_ID, Arn: resolution.clusterArn }],
    };
    expect(planTriggerDeletion(observed, names).actions).toEqual([
      { type: 'removeTargets', rule: resolution.name, eventBusName: 'default', ids: [TRIGGER_TARGET_ID] },
      { type: 'deleteRule', rule: resolution.name, eventBusName: 'default' },
    ]);
    expect(planTriggerDeletion({ kind: 'rule', rule: undefined, targets: [] }, names).actions).toEqual([]);
    expect(planTriggerDeletion({ kind: 'schedule', schedule: undefined }, names).actions).toEqual([]);
  });
});
