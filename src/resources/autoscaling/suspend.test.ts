/**
 * `spec.autoscaling.suspend` end to end in the pure pieces: desired (flags filled), observe (AWS's
 * omitted flags are false), plan (a register only when the state differs, and only when the spec
 * states it), apply (every flag sent), status and drift, and the stateful fake's reconcile.
 */
import { describe, expect, it } from 'vitest';
import { applyAutoscalingAction, suspendedStateInput } from './apply.js';
import type { DesiredAutoscaling, DesiredPolicy, SuspendedFlags } from './desired.js';
import { desiredAutoscalingIntent, isInvalidAutoscaling, NOT_SUSPENDED } from './desired.js';
import { autoscalingDriftChanges } from './drift.js';
import type { ObservedAutoscaling } from './observe.js';
import { normaliseScalableTarget } from './observe.js';
import { planAutoscaling } from './plan.js';
import { reconcileAutoscaling } from './reconcile-autoscaling.js';
import { autoscalingStatus } from './status.js';
import { FakeAwsAutoscaling } from './testing/fake-apis.js';
import { desiredCpuPolicy } from './testing/policy-fixtures.js';

const RID = 'service/prod/api';
const cpu: DesiredPolicy = desiredCpuPolicy(50);
const IN_ONLY: SuspendedFlags = { dynamicScalingIn: true, dynamicScalingOut: false, scheduledScaling: false };
const ALL: SuspendedFlags = { dynamicScalingIn: true, dynamicScalingOut: true, scheduledScaling: true };

const desired = (suspendedState?: SuspendedFlags): DesiredAutoscaling => ({
  resourceId: RID,
  minCapacity: 1,
  maxCapacity: 4,
  ...(suspendedState === undefined ? {} : { suspendedState }),
  policies: [cpu],
});
const observed = (suspendedState?: SuspendedFlags): ObservedAutoscaling => ({
  resourceId: RID,
  target: { minCapacity: 1, maxCapacity: 4, ...(suspendedState === undefined ? {} : { suspendedState }) },
  policies: [
    {
      ...cpu,
      policyType: 'TargetTrackingScaling',
      customizedMetric: false,
      alarmNames: [],
    },
  ],
});

describe('desired suspended state', () => {
  it.each([
    ['left out: not managed', undefined, undefined],
    ['an empty block: nothing suspended', {}, NOT_SUSPENDED],
    ['one flag: the others false', { dynamicScalingIn: true }, IN_ONLY],
    ['every flag', { dynamicScalingIn: true, dynamicScalingOut: true, scheduledScaling: true }, ALL],
  ] as const)('%s', (_name, suspend, want) => {
    const intent = desiredAutoscalingIntent(
      {
        minCapacity: 1,
        maxCapacity: 4,
        cpu: { targetValue: 50 },
        ...(suspend === undefined ? {} : { suspend }),
      },
      { cluster: 'prod', serviceName: 'api' },
    );
    if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
    expect(intent.suspendedState).toEqual(want);
  });
});

describe('observed suspended state', () => {
  it.each([
    ['AWS leaves SuspendedState out', undefined, NOT_SUSPENDED],
    ['moto answers a null state', null, NOT_SUSPENDED],
    ['one flag set, others omitted', { DynamicScalingInSuspended: true }, IN_ONLY],
    [
      'every flag',
      { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: true, ScheduledScalingSuspended: true },
      ALL,
    ],
  ] as const)('%s', (_name, state, want) => {
    const t = normaliseScalableTarget({
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 1,
      MaxCapacity: 4,
      RoleARN: 'r',
      CreationTime: new Date(0),
      // moto's JSON null reaches us as null; the SDK type says undefined.
      SuspendedState: state as never,
    });
    expect(t.suspendedState).toEqual(want);
  });
});

describe('planning the suspended state', () => {
  it.each([
    ['spec silent, AWS suspended by hand: left alone', undefined, ALL, 0],
    ['spec silent, nothing suspended', undefined, undefined, 0],
    ['spec and AWS agree', IN_ONLY, IN_ONLY, 0],
    ['spec all false, AWS never had a state', NOT_SUSPENDED, undefined, 0],
    ['suspend scale-in', IN_ONLY, undefined, 1],
    ['resume everything', NOT_SUSPENDED, ALL, 1],
    ['suspend more', ALL, IN_ONLY, 1],
  ] as const)('%s', (_name, want, has, writes) => {
    const plan = planAutoscaling({ desired: desired(want), observed: observed(has) });
    expect(plan.actions).toHaveLength(writes);
    if (writes === 1) {
      expect(plan.actions[0]).toEqual({
        type: 'registerScalableTarget',
        resourceId: RID,
        minCapacity: 1,
        maxCapacity: 4,
        suspendedState: want,
      });
      expect(plan.reasons[0]).toMatch(/^suspended state is .+, the spec says .+$/);
    }
  });

  it('a capacity change with the spec silent sends no SuspendedState (AWS keeps it)', () => {
    const plan = planAutoscaling({
      desired: { ...desired(), maxCapacity: 8 },
      observed: observed(ALL),
    });
    expect(plan.actions).toEqual([
      { type: 'registerScalableTarget', resourceId: RID, minCapacity: 1, maxCapacity: 8 },
    ]);
  });

  it('says both reasons when capacity and suspended state differ', () => {
    const plan = planAutoscaling({
      desired: { ...desired(IN_ONLY), minCapacity: 2 },
      observed: observed(),
    });
    expect(plan.reasons).toEqual([
      'capacity is [1, 4], the spec says [2, 4]; suspended state is nothing suspended, the spec says scale-in suspended',
    ]);
  });
});

describe('applying and reporting the suspended state', () => {
  it('sends every flag, so false resumes', () => {
    expect(suspendedStateInput(IN_ONLY)).toEqual({
      DynamicScalingInSuspended: true,
      DynamicScalingOutSuspended: false,
      ScheduledScalingSuspended: false,
    });
  });

  it('a register without the state leaves the fake target as it was', async () => {
    const aws = new FakeAwsAutoscaling();
    const base = { type: 'registerScalableTarget', resourceId: RID, minCapacity: 1 } as const;
    await applyAutoscalingAction(aws, { ...base, maxCapacity: 4, suspendedState: ALL });
    await applyAutoscalingAction(aws, { ...base, maxCapacity: 6 });
    const [t] = await aws.describeScalableTargets([RID]);
    expect(normaliseScalableTarget(t!)).toEqual({
      minCapacity: 1,
      maxCapacity: 6,
      suspendedState: ALL,
      arn: t?.ScalableTargetARN,
    });
  });

  it('status shows the state AWS has', () => {
    expect(autoscalingStatus(observed(IN_ONLY), 3)?.suspended).toEqual(IN_ONLY);
    expect(autoscalingStatus(observed(), 3)?.suspended).toEqual(NOT_SUSPENDED);
  });

  it('drift shows each flag that differs under autoscaling.suspend', () => {
    const plan = planAutoscaling({ desired: desired(ALL), observed: observed(IN_ONLY) });
    expect(autoscalingDriftChanges(plan.actions, observed(IN_ONLY))).toEqual([
      { path: 'autoscaling.suspend.dynamicScalingOut', before: false, after: true },
      { path: 'autoscaling.suspend.scheduledScaling', before: false, after: true },
    ]);
  });
});

describe('reconciling a suspend and a resume against the stateful fake', () => {
  const service = { clusterName: 'prod', serviceName: 'api', desiredCount: 2 };
  const spec = { minCapacity: 1, maxCapacity: 4, cpu: { targetValue: 50 } };

  it('suspends with one register, then writes nothing, then resumes, and the condition says so', async () => {
    const aws = new FakeAwsAutoscaling();
    const run = (s: object) =>
      reconcileAutoscaling({ api: aws, loadBalancing: aws, service, spec: { ...spec, ...s } });
    await run({});
    const before = aws.writes().length;

    const suspended = await run({ suspend: { dynamicScalingIn: true } });
    expect(
      aws
        .writes()
        .slice(before)
        .map((c) => c.op),
    ).toEqual(['registerScalableTarget']);
    expect(suspended.status?.suspended).toEqual(IN_ONLY);
    expect(suspended.condition.message).toContain('(suspended: scale-in)');

    const again = await run({ suspend: { dynamicScalingIn: true } });
    expect(again.applied).toEqual([]);

    const resumed = await run({ suspend: {} });
    expect(resumed.applied.map((a) => a.type)).toEqual(['registerScalableTarget']);
    expect(resumed.status?.suspended).toEqual(NOT_SUSPENDED);
    expect(resumed.condition.message).not.toContain('suspended');
  });
});

describe('suspend and resume leave every kind of policy and scheduled action as it is', () => {
  const service = { clusterName: 'prod', serviceName: 'api', desiredCount: 2 };
  const spec = {
    minCapacity: 1,
    maxCapacity: 4,
    cpu: { targetValue: 50 },
    customMetrics: [
      {
        name: 'backlog',
        targetValue: 10,
        metrics: [{ id: 'm', metricStat: { namespace: 'N', metricName: 'M', stat: 'Sum' } }],
      },
    ],
    predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 40, mode: 'ForecastOnly' },
    scheduledActions: [{ name: 'night', schedule: 'cron(0 22 * * ? *)', minCapacity: 1 }],
  };

  it('suspends all and resumes with one register each; predefined, customized, predictive and scheduled untouched', async () => {
    const aws = new FakeAwsAutoscaling();
    let last: Awaited<ReturnType<typeof reconcileAutoscaling>> | undefined;
    const run = async (s: object) => {
      last = await reconcileAutoscaling({
        api: aws,
        loadBalancing: aws,
        service,
        spec: { ...spec, ...s } as Parameters<typeof reconcileAutoscaling>[0]['spec'],
        previousStatus: last?.status,
      });
      return last;
    };
    const created = await run({});
    aws.calls.length = 0;
    await run({});
    expect(aws.writes()).toEqual([]);
    expect(created.condition).toMatchObject({ status: 'True' });
    const policies = JSON.stringify(aws.policiesOf(RID));
    const scheduled = JSON.stringify(await aws.describeScheduledActions(RID));
    expect(aws.policiesOf(RID).map((p) => p.PolicyName)).toEqual([
      'ecs-bridge-cpu',
      'ecs-bridge-custom-backlog',
      'ecs-bridge-predictive',
    ]);

    for (const suspend of [{ dynamicScalingIn: true, dynamicScalingOut: true, scheduledScaling: true }, {}]) {
      aws.calls.length = 0;
      const out = await run({ suspend });
      expect(aws.writes().map((c) => c.op)).toEqual(['registerScalableTarget']);
      expect(out.condition).toMatchObject({ status: 'True' });
      expect(JSON.stringify(aws.policiesOf(RID))).toBe(policies);
      expect(JSON.stringify(await aws.describeScheduledActions(RID))).toBe(scheduled);
    }
  });
});
