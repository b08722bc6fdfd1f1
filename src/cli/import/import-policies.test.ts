import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { planAlarmPuts, planAlarmRemovals } from '../../resources/autoscaling/alarms.js';
import { predictiveInput } from '../../resources/autoscaling/predictive-scaling.js';
import {
  desiredAutoscalingIntent,
  isInvalidAutoscaling,
  resolveDesiredAutoscaling,
} from '../../resources/autoscaling/desired.js';
import { normaliseScalingPolicy, type ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { planAutoscaling } from '../../resources/autoscaling/plan.js';
import { observeStepPolicy } from '../../resources/autoscaling/step-scaling.js';
import { backlogPerTaskPolicy } from '../../resources/autoscaling/testing/custom-metric-fixtures.js';
import type { AutoscalingSpec } from '../../resources/service/types.js';
import { importAutoscaling } from './import-autoscaling.js';
import { stepAlarmNamesToRead } from './import-policies.js';
import { alarmsByName } from '../plan/plan-alarms.js';
import { convergedAutoscaling, policyArnOf } from '../testing/converged-autoscaling.js';

const CLUSTER = 'demo-fargate';
const SERVICE = 'jobs-worker';
const RID = `service/${CLUSTER}/${SERVICE}`;
const SERVICE_REF = { cluster: CLUSTER, serviceName: SERVICE };
const arnOf = (name: string): string => policyArnOf(RID, name);

/** The scenario-4 queue worker's autoscaling (examples/services/scenario-4-sqs-worker.yaml). */
const SQS_WORKER: AutoscalingSpec = {
  minCapacity: 1,
  maxCapacity: 20,
  customMetrics: [{ ...backlogPerTaskPolicy(SERVICE_REF), scaleOutCooldown: 60 }],
};

/** The steps of the scenario-4 step service's cpu-high policy, as written and as imported back. */
const CPU_HIGH_STEPS = [
  { lowerBound: 0, upperBound: 15, scalingAdjustment: 1 },
  { lowerBound: 15, scalingAdjustment: 3 },
];

/** The scenario-4 step service (examples/services/scenario-4-step-scaling.yaml), and a predictive policy. */
const STEPS: AutoscalingSpec = {
  minCapacity: 2,
  maxCapacity: 12,
  predictive: { metricPair: 'ECSServiceCPUUtilization', targetValue: 40, mode: 'ForecastAndScale' },
  stepScaling: [
    {
      name: 'cpu-high',
      adjustmentType: 'ChangeInCapacity',
      cooldown: 60,
      stepAdjustments: CPU_HIGH_STEPS,
      alarm: {
        metricName: 'CPUUtilization',
        statistic: 'Average',
        threshold: 70,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 2,
        period: 60,
      },
    },
    {
      name: 'cpu-low',
      stepAdjustments: [{ upperBound: 0, scalingAdjustment: -1 }],
      alarm: {
        metricName: 'CPUUtilization',
        threshold: 30,
        comparisonOperator: 'LessThanThreshold',
        evaluationPeriods: 10,
        period: 300,
        dimensions: [{ name: 'ClusterName', value: CLUSTER }],
      },
    },
    {
      name: 'queue',
      stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 2 }],
      alarmName: 'team-queue-deep',
    },
  ],
};

const converged = (spec: AutoscalingSpec): ReturnType<typeof convergedAutoscaling> =>
  convergedAutoscaling(spec, SERVICE_REF);

/** Imports, then plans the imported spec against the same AWS state: every write it would make. */
function roundTrip(observed: ObservedAutoscaling, rawAlarms: MetricAlarm[]) {
  const names = stepAlarmNamesToRead(observed, SERVICE_REF);
  const alarms = alarmsByName(rawAlarms, names);
  const imported = importAutoscaling(observed, {
    loadBalancers: undefined,
    elbArnPrefix: undefined,
    ...SERVICE_REF,
    alarms,
  });
  if (imported.spec === undefined) return { imported, writes: ['(nothing expressed)'] };
  const intent = desiredAutoscalingIntent(imported.spec, SERVICE_REF);
  if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
  const { desired } = resolveDesiredAutoscaling(intent, undefined);
  const plan = planAutoscaling({ desired, observed });
  const wanted = desired.stepScaling?.alarms ?? [];
  const arns = new Map((observed.stepPolicies ?? []).map((p) => [p.policyName, p.policyArn ?? '']));
  const ours = (observed.stepPolicies ?? []).map((p) => p.policyName);
  const removals = planAlarmRemovals(
    wanted,
    (policy) => `ecs-bridge-${CLUSTER}-${SERVICE}-${policy.slice('ecs-bridge-step-'.length)}`,
    ours,
    alarms,
  );
  const puts = planAlarmPuts(wanted, arns, alarms, []);
  return {
    imported,
    writes: [...plan.reasons, ...removals.map((r) => JSON.stringify(r)), ...puts.reasons],
  };
}

describe('import: customized-metric target tracking', () => {
  it('expresses metric math as the user wrote it, and applying it writes nothing', () => {
    const { observed, alarms } = converged(SQS_WORKER);
    const { imported, writes } = roundTrip(observed, alarms);
    expect(writes).toEqual([]);
    const entry = imported.spec?.customMetrics?.[0];
    expect(entry?.name).toBe('backlog');
    expect(entry?.scaleOutCooldown).toBe(60);
    // The default cooldown is left out, as users write it.
    expect(entry).not.toHaveProperty('scaleInCooldown');
    expect(entry?.metrics.map((m) => m.id)).toEqual(['visible', 'tasks', 'backlog']);
    expect(entry?.metrics[2]).toEqual({
      id: 'backlog',
      expression: 'visible / tasks',
      label: 'backlog per task',
    });
  });

  it('an AWS answer in the single-metric form reads back as one query and plans no write', () => {
    const single: ScalingPolicy = {
      PolicyName: 'ecs-bridge-custom-depth',
      PolicyARN: arnOf('ecs-bridge-custom-depth'),
      ServiceNamespace: 'ecs',
      ResourceId: RID,
      ScalableDimension: 'ecs:service:DesiredCount',
      PolicyType: 'TargetTrackingScaling',
      CreationTime: new Date(),
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 5,
        CustomizedMetricSpecification: { Namespace: 'Jobs', MetricName: 'Depth', Statistic: 'Average' },
      },
    };
    const observed: ObservedAutoscaling = {
      resourceId: RID,
      target: { minCapacity: 1, maxCapacity: 3 },
      policies: [normaliseScalingPolicy(single)],
    };
    const { imported, writes } = roundTrip(observed, []);
    expect(imported.spec?.customMetrics?.[0]?.metrics).toEqual([
      { id: 'm1', metricStat: { namespace: 'Jobs', metricName: 'Depth', stat: 'Average' } },
    ]);
    // The single form and the one-query list are the same metric: the planner sees no difference.
    expect(writes).toEqual([]);
  });
});

describe('import: step scaling with its alarms, and predictive scaling', () => {
  it('expresses owned alarms as alarm, anyone else’s as alarmName, the predictive policy, and applying writes nothing', () => {
    const { observed, alarms } = converged(STEPS);
    const { imported, writes } = roundTrip(observed, alarms);
    expect(writes).toEqual([]);
    const steps = imported.spec?.stepScaling ?? [];
    expect(steps.map((s) => s.name)).toEqual(['cpu-high', 'cpu-low', 'queue']);
    expect(steps[0]).toEqual({
      name: 'cpu-high',
      cooldown: 60,
      stepAdjustments: CPU_HIGH_STEPS,
      // Defaults (AWS/ECS, Average, a period of 60 s, the service's dimensions) are left out.
      alarm: {
        metricName: 'CPUUtilization',
        threshold: 70,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        evaluationPeriods: 2,
      },
    });
    expect(steps[1]?.alarm).toMatchObject({
      period: 300,
      dimensions: [{ name: 'ClusterName', value: CLUSTER }],
    });
    // Never owned: the user's alarm is named, so ecs-bridge reads it and never writes it.
    expect(steps[2]).toMatchObject({ name: 'queue', alarmName: 'team-queue-deep' });
    expect(steps[2]).not.toHaveProperty('alarm');
    expect(imported.spec?.predictive).toEqual({
      metricPair: 'ECSServiceCPUUtilization',
      targetValue: 40,
      mode: 'ForecastAndScale',
    });
    expect(imported.notes.map((n) => n.message).join('\n')).toContain(
      'alarm team-queue-deep drives policy ecs-bridge-step-queue: referenced by name',
    );
  });

  it('an owned alarm changed by hand is still expressed, and the note says applying rewrites it', () => {
    const { observed, alarms } = converged(STEPS);
    const edited = alarms.map((a) =>
      a.AlarmName === `ecs-bridge-${CLUSTER}-${SERVICE}-cpu-high`
        ? { ...a, AlarmActions: [...(a.AlarmActions ?? []), 'arn:aws:sns:eu-west-1:123456789012:pager'] }
        : a,
    );
    const { imported, writes } = roundTrip(observed, edited);
    expect(writes).toEqual([`alarm ecs-bridge-${CLUSTER}-${SERVICE}-cpu-high differs from the spec`]);
    expect(imported.notes.map((n) => n.message).join('\n')).toMatch(/rewrites it with PutMetricAlarm/);
  });

  it('a step policy of ours with no alarm to name is noted: applying would delete it', () => {
    const { predictive: _none, ...noPredictive } = STEPS;
    const { observed } = converged({ ...noPredictive, stepScaling: STEPS.stepScaling?.slice(0, 1) ?? [] });
    const { imported, writes } = roundTrip(observed, []);
    expect(imported.spec).toBeUndefined();
    expect(writes).toEqual(['(nothing expressed)']);
    expect(imported.notes.map((n) => `${n.kind} ${n.message}`).join('\n')).toMatch(
      /unexpressed step scaling policy ecs-bridge-step-cpu-high has no alarm acting on it/,
    );
  });
});

describe('import: policies whose names ecs-bridge did not choose', () => {
  it('notes each kind by what it is and leaves it out: ecs-bridge never adopts a policy by renaming it', () => {
    const { observed, alarms } = converged(STEPS);
    const renamed = (p: Omit<ScalingPolicy, 'PolicyName' | 'PolicyARN'>, name: string): ScalingPolicy => ({
      ...p,
      PolicyName: name,
      PolicyARN: arnOf(name),
    });
    const foreign: ScalingPolicy[] = [
      renamed(
        {
          PolicyType: 'StepScaling',
          StepScalingPolicyConfiguration: {
            AdjustmentType: 'ChangeInCapacity',
            StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
          },
          Alarms: [{ AlarmName: 'their-alarm', AlarmARN: 'arn:alarm:their-alarm' }],
          ServiceNamespace: 'ecs',
          ResourceId: RID,
          ScalableDimension: 'ecs:service:DesiredCount',
          CreationTime: new Date(),
        },
        'team-step',
      ),
      renamed(
        {
          PolicyType: 'PredictiveScaling',
          PredictiveScalingPolicyConfiguration: predictiveInput({
            metricPair: 'ECSServiceMemoryUtilization',
            targetValue: 50,
            mode: 'ForecastOnly',
            schedulingBufferTime: 300,
            maxCapacityBreachBehavior: 'HonorMaxCapacity',
          }),
          ServiceNamespace: 'ecs',
          ResourceId: RID,
          ScalableDimension: 'ecs:service:DesiredCount',
          CreationTime: new Date(),
        },
        'team-predictive',
      ),
    ];
    const withForeign: ObservedAutoscaling = {
      ...observed,
      policies: [...observed.policies, ...foreign.map(normaliseScalingPolicy)],
      stepPolicies: [...(observed.stepPolicies ?? []), ...foreign.flatMap((p) => observeStepPolicy(p) ?? [])],
    };
    const { imported, writes } = roundTrip(withForeign, alarms);
    // Ours round-trip; theirs are never in a write.
    expect(writes).toEqual([]);
    const text = imported.notes.map((n) => `${n.field}: ${n.message}`).join('\n');
    // A step policy ecs-bridge did not name is expressed only with an alarm acting on it (none read here).
    expect(text).toContain(
      'autoscaling.policies.team-step: step scaling policy team-step has no alarm acting on it that the spec can name',
    );
    expect(text).toContain(
      'autoscaling.policies.team-predictive: policy team-predictive (PredictiveScaling on metric pair ECSServiceMemoryUtilization',
    );
    expect(JSON.stringify(imported.spec)).not.toMatch(/team-step|team-predictive/);
  });
});
