import { describe, expect, it } from 'vitest';
import {
  planAlarmPuts,
  planAlarmRemovals,
  observeAlarm,
  desiredAlarm,
  type DesiredOwnedAlarm,
} from './alarms.js';
import { desiredStepScaling } from './step-scaling-intent.js';
import { isSameStepPolicy, observeStepPolicy, putStepPolicyInput, stepsProblem } from './step-scaling.js';
import { referencedAlarmProblem } from './step-alarms.js';

const SERVICE = { cluster: 'arn:aws:ecs:eu-west-1:1:cluster/prod', serviceName: 'web' };
const OUT = {
  name: 'out',
  stepAdjustments: [
    { lowerBound: 0, upperBound: 20, scalingAdjustment: 1 },
    { lowerBound: 20, scalingAdjustment: 3 },
  ],
  alarm: { metricName: 'CPUUtilization', threshold: 70, comparisonOperator: 'GreaterThanOrEqualToThreshold' },
};

describe('step intervals (AWS: no overlap, no gap, one open end each way)', () => {
  it.each([
    [
      [
        { lowerBound: 0, upperBound: 10, scalingAdjustment: 1 },
        { lowerBound: 5, scalingAdjustment: 2 },
      ],
      /overlap/,
    ],
    [
      [
        { lowerBound: 0, upperBound: 10, scalingAdjustment: 1 },
        { lowerBound: 15, scalingAdjustment: 2 },
      ],
      /gap/,
    ],
    [
      [
        { scalingAdjustment: 1, upperBound: 0 },
        { scalingAdjustment: 2, upperBound: -5 },
      ],
      /at most one step may leave out lowerBound/,
    ],
    [[{ lowerBound: 0, upperBound: 10, scalingAdjustment: 1 }], /ends above 0/],
    [[{ lowerBound: -10, upperBound: 0, scalingAdjustment: -1 }], /starts below 0/],
    [[{ lowerBound: 10, upperBound: 5, scalingAdjustment: 1 }], /greater than lowerBound/],
    [[], /at least one step/],
  ])('refuses %j', (steps, message) => {
    expect(stepsProblem(steps, 'p')).toMatch(message);
  });

  it.each([
    [
      [
        { lowerBound: 20, scalingAdjustment: 3 },
        { lowerBound: 0, upperBound: 20, scalingAdjustment: 1 },
      ],
    ],
    [
      [
        { upperBound: -10, scalingAdjustment: -2 },
        { lowerBound: -10, upperBound: 0, scalingAdjustment: -1 },
      ],
    ],
    [[{ scalingAdjustment: 1 }]],
  ])('accepts %j', (steps) => {
    expect(stepsProblem(steps, 'p')).toBeUndefined();
  });
});

describe('desiredStepScaling', () => {
  it('fills defaults, names the policy and the owned alarm, and defaults the dimensions to the service', () => {
    const d = desiredStepScaling([OUT], SERVICE);
    if (typeof d === 'string') throw new Error(d);
    expect(d.policies[0]).toMatchObject({
      policyName: 'ecs-bridge-step-out',
      adjustmentType: 'ChangeInCapacity',
      cooldown: 300,
      metricAggregationType: 'Average',
    });
    expect(d.alarms[0]).toMatchObject({
      ownership: 'owned',
      alarmName: 'ecs-bridge-prod-web-out',
      namespace: 'AWS/ECS',
      statistic: 'Average',
      period: 60,
      evaluationPeriods: 1,
      dimensions: [
        { name: 'ClusterName', value: 'prod' },
        { name: 'ServiceName', value: 'web' },
      ],
    });
  });

  it.each([
    [{ ...OUT, alarmName: 'team-alarm' }, /exactly one of alarm/],
    [
      { name: OUT.name, stepAdjustments: OUT.stepAdjustments, alarmName: 'ecs-bridge-x' },
      /must name an existing alarm not starting with ecs-bridge-/,
    ],
    [{ ...OUT, minAdjustmentMagnitude: 2 }, /only with adjustmentType PercentChangeInCapacity/],
    [{ ...OUT, alarm: { ...OUT.alarm, period: 45 } }, /period must be 10, 20, 30 or a multiple of 60/],
    [{ ...OUT, cooldown: -1 }, /cooldown/],
  ])('refuses %j naming the field', (spec, message) => {
    expect(desiredStepScaling([spec], SERVICE)).toMatch(message);
  });

  it('refuses a name used twice', () => {
    expect(desiredStepScaling([OUT, OUT], SERVICE)).toMatch(/used twice/);
  });
});

describe('step policy round trip', () => {
  it('what PutScalingPolicy sends reads back as the same policy; a changed step is not the same', () => {
    const d = desiredStepScaling([OUT], SERVICE);
    if (typeof d === 'string') throw new Error(d);
    const p = d.policies[0];
    if (p === undefined) throw new Error('no policy');
    const input = putStepPolicyInput('service/prod/web', p);
    const o = observeStepPolicy({
      PolicyName: input.PolicyName,
      PolicyARN: 'arn:p',
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: input.StepScalingPolicyConfiguration,
    } as never);
    expect(o?.policyArn).toBe('arn:p');
    expect(o !== undefined && isSameStepPolicy(p, o)).toBe(true);
    const changed = { ...p, steps: [p.steps[0], { lowerBound: 20, scalingAdjustment: 4 }] } as typeof p;
    expect(o !== undefined && isSameStepPolicy(changed, o)).toBe(false);
  });
});

describe('alarm plan', () => {
  const alarm = desiredAlarm(OUT, 0, 'ecs-bridge-step-out', SERVICE) as DesiredOwnedAlarm;
  const tags = [{ key: 'ecs-bridge.dev/instance', value: 'default' }];

  it('creates the owned alarm once its policy has an ARN, tagged, acting on the policy; then leaves it', () => {
    expect(planAlarmPuts([alarm], new Map(), new Map(), tags).actions).toEqual([]);
    const arns = new Map([['ecs-bridge-step-out', 'arn:p']]);
    const { actions } = planAlarmPuts([alarm], arns, new Map(), tags);
    expect(actions).toHaveLength(1);
    const input = actions[0]?.type === 'putMetricAlarm' ? actions[0].input : undefined;
    expect(input).toMatchObject({
      AlarmName: 'ecs-bridge-prod-web-out',
      AlarmActions: ['arn:p'],
      Tags: [{ Key: 'ecs-bridge.dev/instance', Value: 'default' }],
    });
    const seen = new Map([[alarm.alarmName, observeAlarm({ ...input, StateValue: 'OK' })]]);
    expect(planAlarmPuts([alarm], arns, seen, tags).actions).toEqual([]);
    // A new threshold (or a new policy ARN) is one put.
    expect(planAlarmPuts([{ ...alarm, threshold: 80 }], arns, seen, tags).actions).toHaveLength(1);
    expect(
      planAlarmPuts([alarm], new Map([['ecs-bridge-step-out', 'arn:q']]), seen, tags).actions,
    ).toHaveLength(1);
  });

  it('deletes only the owned alarms of our step policies that go, and never a referenced one', () => {
    const seen = new Map([
      ['ecs-bridge-prod-web-out', observeAlarm({ AlarmName: 'ecs-bridge-prod-web-out' })],
      ['team-alarm', observeAlarm({ AlarmName: 'team-alarm' })],
    ]);
    const ownedOf = (p: string): string => `ecs-bridge-prod-web-${p.slice('ecs-bridge-step-'.length)}`;
    expect(planAlarmRemovals([alarm], ownedOf, ['ecs-bridge-step-out'], seen)).toEqual([]);
    expect(planAlarmRemovals([], ownedOf, ['ecs-bridge-step-out'], seen)).toEqual([
      { type: 'deleteAlarms', alarmNames: ['ecs-bridge-prod-web-out'] },
    ]);
    const referenced = {
      ownership: 'referenced' as const,
      alarmName: 'team-alarm',
      policyName: 'ecs-bridge-step-in',
    };
    expect(planAlarmRemovals([referenced], ownedOf, ['ecs-bridge-step-in'], seen)).toEqual([]);
    expect(
      planAlarmPuts([referenced], new Map([['ecs-bridge-step-in', 'arn:p']]), seen, tags).actions,
    ).toEqual([]);
  });

  it('a referenced alarm that is missing or does not act on the policy is named with the fix', () => {
    expect(
      referencedAlarmProblem([
        { name: 'a', policyName: 'p', ownership: 'referenced', pointsAtPolicy: false },
      ]),
    ).toMatchObject({ reason: 'AlarmNotFound' });
    expect(
      referencedAlarmProblem([
        {
          name: 'a',
          policyName: 'p',
          policyArn: 'arn:p',
          ownership: 'referenced',
          state: 'OK',
          pointsAtPolicy: false,
        },
      ]),
    ).toMatchObject({ reason: 'AlarmNotPointingAtPolicy', message: expect.stringContaining('add arn:p') });
    expect(
      referencedAlarmProblem([
        { name: 'a', policyName: 'p', ownership: 'referenced', state: 'OK', pointsAtPolicy: true },
      ]),
    ).toBeUndefined();
  });
});

describe('names', () => {
  it('step policies are inside the prefix every policy of ours has', async () => {
    const { POLICY_NAME_PREFIX } = await import('./desired.js');
    const { STEP_POLICY_PREFIX } = await import('./step-scaling.js');
    expect(STEP_POLICY_PREFIX.startsWith(POLICY_NAME_PREFIX)).toBe(true);
  });
});
