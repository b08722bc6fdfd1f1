import { describe, expect, it } from 'vitest';
import type { ScheduledActionSpec } from '../service/types.js';
import type { ObservedAutoscaling } from './observe.js';
import { planAutoscaling } from './plan.js';
import { reconcileAutoscaling } from './reconcile-autoscaling.js';
import type { NormalScheduledAction } from './scheduled-actions.js';
import {
  desiredScheduledActions,
  normaliseScheduledAction,
  putScheduledActionInput,
  scheduledActionStatus,
} from './scheduled-actions.js';
import { FakeAwsAutoscaling } from './testing/fake-apis.js';

const RID = 'service/prod/worker';
const NIGHT: ScheduledActionSpec = {
  name: 'night',
  schedule: 'cron(0 22 * * ? *)',
  timezone: 'Europe/Berlin',
  minCapacity: 0,
  maxCapacity: 2,
};
const nightNormal: NormalScheduledAction = {
  scheduledActionName: 'ecs-bridge-night',
  schedule: 'cron(0 22 * * ? *)',
  timezone: 'Europe/Berlin',
  startTime: undefined,
  endTime: undefined,
  minCapacity: 0,
  maxCapacity: 2,
};

describe('desiredScheduledActions', () => {
  it('names ours with the prefix, fills UTC, keeps times as whole epoch seconds, sorts by name', () => {
    expect(
      desiredScheduledActions([
        NIGHT,
        {
          name: 'launch',
          schedule: 'at(2030-01-01T08:00:00)',
          startTime: '2029-12-31T00:00:00.900Z',
          minCapacity: 10,
        },
      ]),
    ).toEqual([
      {
        scheduledActionName: 'ecs-bridge-launch',
        schedule: 'at(2030-01-01T08:00:00)',
        timezone: 'UTC',
        startTime: Date.parse('2029-12-31T00:00:00Z') / 1000,
        endTime: undefined,
        minCapacity: 10,
        maxCapacity: undefined,
      },
      nightNormal,
    ]);
  });

  it.each([
    [{ ...NIGHT, name: 'bad/name' }, 'scheduledActions[0].name "bad/name"'],
    [{ ...NIGHT, schedule: 'every night' }, 'scheduledActions[0].schedule "every night" must be at('],
    [{ name: 'x', schedule: 'rate(1 hour)' }, 'must set minCapacity, maxCapacity or both'],
    [{ ...NIGHT, minCapacity: 5, maxCapacity: 2 }, 'minCapacity (5) must not exceed maxCapacity (2)'],
    [{ ...NIGHT, startTime: 'tomorrow' }, 'startTime "tomorrow" is not an RFC 3339 time'],
    [
      { ...NIGHT, startTime: '2030-01-02T00:00:00Z', endTime: '2030-01-01T00:00:00Z' },
      'startTime (2030-01-02T00:00:00Z) must be before endTime',
    ],
  ] as const)('refuses %j naming the field', (spec, message) => {
    const out = desiredScheduledActions([spec]);
    expect(typeof out).toBe('string');
    expect(out).toContain(message);
  });

  it('refuses a name used twice', () => {
    expect(desiredScheduledActions([NIGHT, NIGHT])).toContain('"night" is used twice');
  });
});

describe('normaliseScheduledAction', () => {
  it.each([
    ['the SDK Date', new Date('2030-01-01T00:00:00Z')],
    ['a number of seconds', 1893456000],
  ] as const)('reads %s as the same whole second; no Timezone is UTC', (_what, t) => {
    expect(
      normaliseScheduledAction({
        ScheduledActionName: 'ecs-bridge-x',
        ScheduledActionARN: 'arn',
        ServiceNamespace: 'ecs',
        ResourceId: RID,
        Schedule: 'rate(1 day)',
        StartTime: t as Date,
        ScalableTargetAction: { MaxCapacity: 3 },
        CreationTime: new Date(0),
      }),
    ).toEqual({
      scheduledActionName: 'ecs-bridge-x',
      schedule: 'rate(1 day)',
      timezone: 'UTC',
      startTime: 1893456000,
      endTime: undefined,
      minCapacity: undefined,
      maxCapacity: 3,
    });
  });

  it('round-trips through the request and the status', () => {
    const a = { ...nightNormal, startTime: 1893456000 };
    const input = putScheduledActionInput(RID, a);
    expect(input).toMatchObject({
      ScheduledActionName: 'ecs-bridge-night',
      Timezone: 'Europe/Berlin',
      StartTime: new Date('2030-01-01T00:00:00Z'),
      ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 2 },
    });
    expect(input).not.toHaveProperty('EndTime');
    expect(scheduledActionStatus(a)).toEqual({
      name: 'ecs-bridge-night',
      schedule: 'cron(0 22 * * ? *)',
      timezone: 'Europe/Berlin',
      startTime: '2030-01-01T00:00:00Z',
      minCapacity: 0,
      maxCapacity: 2,
    });
  });
});

describe('planning scheduled actions', () => {
  const target = { minCapacity: 1, maxCapacity: 4 };
  const theirs: NormalScheduledAction = { ...nightNormal, scheduledActionName: 'team-weekend' };
  const observed = (scheduledActions?: NormalScheduledAction[]): ObservedAutoscaling => ({
    resourceId: RID,
    target,
    policies: [],
    ...(scheduledActions === undefined ? {} : { scheduledActions }),
  });
  const desired = (scheduledActions: NormalScheduledAction[]) => ({
    resourceId: RID,
    ...target,
    policies: [],
    scheduledActions,
  });
  const ops = (o: ObservedAutoscaling, d: ReturnType<typeof desired> | undefined): string[] =>
    planAutoscaling({ desired: d, observed: o }).actions.map((a) =>
      a.type === 'putScheduledAction'
        ? `put ${a.scheduledAction.scheduledActionName}`
        : a.type === 'deleteScheduledAction'
          ? `delete ${a.scheduledActionName}`
          : a.type,
    );

  it.each([
    ['missing: put', [], [nightNormal], ['put ecs-bridge-night']],
    ['identical: nothing', [nightNormal], [nightNormal], []],
    ['different bounds: put', [nightNormal], [{ ...nightNormal, maxCapacity: 3 }], ['put ecs-bridge-night']],
    ['different zone: put', [nightNormal], [{ ...nightNormal, timezone: 'UTC' }], ['put ecs-bridge-night']],
    [
      'a start time dropped: delete then put',
      [{ ...nightNormal, startTime: 1893456000 }],
      [nightNormal],
      ['delete ecs-bridge-night', 'put ecs-bridge-night'],
    ],
    ['dropped from the spec: delete', [nightNormal], [], ['delete ecs-bridge-night']],
    ['theirs is never touched', [theirs], [], []],
  ] as const)('%s', (_name, has, wants, want) => {
    expect(ops(observed([...has]), desired([...wants]))).toEqual(want);
  });

  it('on removal deletes ours, and theirs keeps the target registered', () => {
    const plan = planAutoscaling({ desired: undefined, observed: observed([nightNormal, theirs]) });
    expect(plan.actions.map((a) => a.type)).toEqual(['deleteScheduledAction']);
    expect(plan.foreignPolicies).toEqual(['scheduled action team-weekend']);
    expect(plan.ownsDesiredCount).toBe(true);
  });
});

describe('reconciling scheduled actions against the stateful fake', () => {
  const service = { clusterName: 'prod', serviceName: 'worker', desiredCount: 1 };
  const base = { minCapacity: 1, maxCapacity: 4, cpu: { targetValue: 50 } };

  it('creates, leaves alone, updates, deletes only ours, and reads them on every visit', async () => {
    const aws = new FakeAwsAutoscaling();
    const run = (scheduledActions?: ScheduledActionSpec[], previousStatus?: object) =>
      reconcileAutoscaling({
        api: aws,
        loadBalancing: aws,
        service,
        spec: { ...base, ...(scheduledActions === undefined ? {} : { scheduledActions }) },
        ...(previousStatus === undefined ? {} : { previousStatus: previousStatus as never }),
      });
    const plain = await run();
    // Read whatever status says (the operator answers it from a shared listing); none: none reported.
    expect(aws.calls.map((c) => c.op)).toContain('describeScheduledActions');
    expect(plain.status?.scheduledActions).toBeUndefined();

    const created = await run([NIGHT]);
    expect(created.applied.map((a) => a.type)).toEqual(['putScheduledAction']);
    expect(created.status?.scheduledActions).toEqual([scheduledActionStatus(nightNormal)]);

    // Someone else's action on the same target.
    await aws.putScheduledAction({
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      ScheduledActionName: 'team-weekend',
      Schedule: 'cron(0 0 ? * SAT *)',
      ScalableTargetAction: { MinCapacity: 0 },
    });
    expect((await run([NIGHT], created.status)).applied).toEqual([]);

    const updated = await run([{ ...NIGHT, maxCapacity: 3 }], created.status);
    expect(updated.applied.map((a) => a.type)).toEqual(['putScheduledAction']);

    // No status hint: the visit that drops the last one reads them all the same.
    const dropped = await run([]);
    expect(dropped.applied).toEqual([
      { type: 'deleteScheduledAction', resourceId: RID, scheduledActionName: 'ecs-bridge-night' },
    ]);
    expect((await aws.describeScheduledActions(RID)).map((a) => a.ScheduledActionName)).toEqual([
      'team-weekend',
    ]);
    expect(
      aws
        .writes()
        .filter((c) => (c.input as { ScheduledActionName?: string }).ScheduledActionName === 'team-weekend'),
    ).toHaveLength(1); // only the put above, by "the other team"
  });
});
