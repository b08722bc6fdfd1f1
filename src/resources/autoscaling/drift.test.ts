import { describe, expect, it } from 'vitest';
import type { DesiredPolicy } from './desired.js';
import { autoscalingDriftChanges } from './drift.js';
import type { ObservedAutoscaling, ObservedPolicy } from './observe.js';
import { desiredCpuPolicy } from './testing/policy-fixtures.js';

const RID = 'service/prod/api';

const cpu: DesiredPolicy = desiredCpuPolicy(60);

function observedPolicy(p: DesiredPolicy, extra: Partial<ObservedPolicy> = {}): ObservedPolicy {
  return { ...p, policyType: 'TargetTrackingScaling', customizedMetric: false, alarmNames: [], ...extra };
}

const observed = (o: Partial<ObservedAutoscaling> = {}): ObservedAutoscaling => ({
  resourceId: RID,
  target: { minCapacity: 1, maxCapacity: 4 },
  policies: [],
  ...o,
});

describe('autoscalingDriftChanges', () => {
  it('shows a capacity change as the bounds that differ', () => {
    expect(
      autoscalingDriftChanges(
        [{ type: 'registerScalableTarget', resourceId: RID, minCapacity: 1, maxCapacity: 6 }],
        observed(),
      ),
    ).toEqual([{ path: 'autoscaling.maxCapacity', before: 4, after: 6 }]);
  });

  it('shows an unregistered target as both bounds missing', () => {
    expect(
      autoscalingDriftChanges(
        [{ type: 'registerScalableTarget', resourceId: RID, minCapacity: 1, maxCapacity: 6 }],
        observed({ target: undefined }),
      ),
    ).toEqual([
      { path: 'autoscaling.minCapacity', after: 1 },
      { path: 'autoscaling.maxCapacity', after: 6 },
    ]);
  });

  it('shows a differing policy setting by name and field', () => {
    const o = observedPolicy(cpu, { targetValue: 80 });
    expect(
      autoscalingDriftChanges(
        [{ type: 'putScalingPolicy', resourceId: RID, policy: cpu }],
        observed({ policies: [o] }),
      ),
    ).toEqual([{ path: 'autoscaling.policies[ecs-bridge-cpu].targetValue', before: 80, after: 60 }]);
  });

  it('shows a policy of another type whole', () => {
    const o = observedPolicy(cpu, { policyType: 'StepScaling' });
    const [change] = autoscalingDriftChanges(
      [{ type: 'putScalingPolicy', resourceId: RID, policy: cpu }],
      observed({ policies: [o] }),
    );
    expect(change).toMatchObject({ path: 'autoscaling.policies[ecs-bridge-cpu]', before: 'StepScaling' });
  });

  it('shows a policy or target to remove as present in AWS and absent from the spec', () => {
    const changes = autoscalingDriftChanges(
      [
        { type: 'deleteScalingPolicy', resourceId: RID, policyName: 'ecs-bridge-cpu' },
        { type: 'deregisterScalableTarget', resourceId: RID },
      ],
      observed({ policies: [observedPolicy(cpu)] }),
    );
    expect(changes).toEqual([
      {
        path: 'autoscaling.policies[ecs-bridge-cpu]',
        before: {
          metricType: 'ECSServiceAverageCPUUtilization',
          targetValue: 60,
          scaleOutCooldown: 300,
          scaleInCooldown: 300,
          disableScaleIn: false,
        },
      },
      { path: 'autoscaling', before: { minCapacity: 1, maxCapacity: 4 } },
    ]);
  });
});
