import { describe, expect, it } from 'vitest';
import type { AutoscalingSpec, PredictiveScalingSpec } from '../service/types.js';
import { putScalingPolicyInput } from './apply.js';
import { desiredAutoscalingIntent, isInvalidAutoscaling, type AutoscalingIntent } from './desired.js';
import { isSamePolicy, planAutoscaling } from './plan.js';
import { desiredPredictive, normalisePredictive } from './predictive-scaling.js';
import { autoscalingStatus } from './status.js';
import { describedAfterPut as describedAfterPutOn, validIntent } from './testing/intent-fixtures.js';

const RID = 'service/prod/daily';
const FORECAST: PredictiveScalingSpec = { metricPair: 'ECSServiceCPUUtilization', targetValue: 50 };

const intentOf = (spec: Partial<AutoscalingSpec>): AutoscalingIntent =>
  validIntent({ minCapacity: 2, maxCapacity: 12, ...spec }, { cluster: 'prod', serviceName: 'daily' });
const describedAfterPut = (policy: AutoscalingIntent['policies'][number]) => describedAfterPutOn(RID, policy);

describe('spec.autoscaling.predictive', () => {
  it('is the policy ecs-bridge-predictive, sent with every AWS default explicit', () => {
    const policy = intentOf({ predictive: FORECAST }).policies[0]!;
    expect(policy.policyName).toBe('ecs-bridge-predictive');
    const input = putScalingPolicyInput(RID, policy);
    expect(input.PolicyType).toBe('PredictiveScaling');
    expect(input.TargetTrackingScalingPolicyConfiguration).toBeUndefined();
    expect(input.PredictiveScalingPolicyConfiguration).toEqual({
      MetricSpecifications: [
        {
          TargetValue: 50,
          PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' },
        },
      ],
      Mode: 'ForecastOnly',
      SchedulingBufferTime: 300,
      MaxCapacityBreachBehavior: 'HonorMaxCapacity',
    });
  });

  it('reads back equal to what was put, so a resync writes nothing', () => {
    const policy = intentOf({ predictive: FORECAST }).policies[0]!;
    expect(isSamePolicy(policy, describedAfterPut(policy))).toBe(true);
  });

  it('treats AWS leaving its defaults out as the defaults', () => {
    const policy = intentOf({ predictive: FORECAST }).policies[0]!;
    const bare = normalisePredictive({
      MetricSpecifications: [
        {
          TargetValue: 50,
          PredefinedMetricPairSpecification: { PredefinedMetricType: 'ECSServiceCPUUtilization' },
        },
      ],
    });
    expect(bare).toEqual(policy.predictive);
  });

  it.each([
    ['the mode', { mode: 'ForecastAndScale' as const }],
    ['the metric pair', { metricPair: 'ECSServiceMemoryUtilization' }],
    ['the target', { targetValue: 40 }],
    ['the scheduling buffer', { schedulingBufferTime: 600 }],
    [
      'the max capacity behaviour',
      { maxCapacityBreachBehavior: 'IncreaseMaxCapacity' as const, maxCapacityBuffer: 10 },
    ],
  ])('is put again when %s changes', (_what, change) => {
    const before = describedAfterPut(intentOf({ predictive: FORECAST }).policies[0]!);
    const after = intentOf({ predictive: { ...FORECAST, ...change } });
    const plan = planAutoscaling({
      desired: after,
      observed: { resourceId: RID, target: { minCapacity: 2, maxCapacity: 12 }, policies: [before] },
    });
    expect(plan.actions.map((a) => a.type)).toEqual(['putScalingPolicy']);
  });

  it('never equals a target-tracking policy of the same name, either way round', () => {
    const predictive = intentOf({ predictive: FORECAST }).policies[0]!;
    const cpu = intentOf({ cpu: { targetValue: 50 } }).policies[0]!;
    expect(isSamePolicy(predictive, describedAfterPut({ ...cpu, policyName: predictive.policyName }))).toBe(
      false,
    );
    expect(isSamePolicy(cpu, describedAfterPut({ ...predictive, policyName: cpu.policyName }))).toBe(false);
  });

  it('deletes ours when it leaves the spec, never a predictive policy by hand', () => {
    const ours = describedAfterPut(intentOf({ predictive: FORECAST }).policies[0]!);
    const theirs = { ...ours, policyName: 'forecast-by-hand' };
    const plan = planAutoscaling({
      desired: intentOf({ cpu: { targetValue: 60 } }),
      observed: { resourceId: RID, target: { minCapacity: 2, maxCapacity: 12 }, policies: [ours, theirs] },
    });
    expect(plan.actions.filter((a) => a.type === 'deleteScalingPolicy')).toEqual([
      { type: 'deleteScalingPolicy', resourceId: RID, policyName: 'ecs-bridge-predictive' },
    ]);
    expect(JSON.stringify(plan.actions)).not.toContain('forecast-by-hand');
  });

  it('shows the metric pair and mode in status', () => {
    const s = autoscalingStatus(
      {
        resourceId: RID,
        target: { minCapacity: 2, maxCapacity: 12 },
        policies: [describedAfterPut(intentOf({ predictive: FORECAST }).policies[0]!)],
      },
      2,
    );
    expect(s?.policies[0]).toEqual({
      name: 'ecs-bridge-predictive',
      metricType: 'ECSServiceCPUUtilization',
      mode: 'ForecastOnly',
      targetValue: 50,
      alarms: [],
    });
  });

  it.each([
    [{ metricPair: 'ALBRequestCount' }, 'metricPair "ALBRequestCount" must be one of'],
    [{ targetValue: 0 }, 'targetValue 0 must be a utilisation percentage'],
    [{ schedulingBufferTime: 3600 }, 'schedulingBufferTime 3600 must be whole seconds in [0, 3600)'],
    [{ maxCapacityBreachBehavior: 'IncreaseMaxCapacity' as const }, 'maxCapacityBuffer is required'],
    [{ maxCapacityBuffer: 10 }, 'maxCapacityBuffer is allowed only with'],
  ])('refuses %o with a message naming the field', (change, message) => {
    expect(desiredPredictive({ ...FORECAST, ...change })).toEqual(
      expect.stringContaining(`spec.autoscaling.predictive.`),
    );
    expect(desiredPredictive({ ...FORECAST, ...change })).toEqual(expect.stringContaining(message));
    const i = desiredAutoscalingIntent(
      { minCapacity: 2, maxCapacity: 12, predictive: { ...FORECAST, ...change } },
      { cluster: 'prod', serviceName: 'daily' },
    );
    expect(isInvalidAutoscaling(i) ? i.invalid : '').toContain(message);
  });
});
