import { describe, expect, it } from 'vitest';
import type { ObservedAutoscaling, ObservedPolicy } from './observe.js';
import { autoscalingReadyCondition, autoscalingStatus } from './status.js';
import { observedPolicy } from './testing/policy-fixtures.js';

const RID = 'service/prod/api';
const cpu: ObservedPolicy = observedPolicy({
  policyName: 'ecs-bridge-cpu',
  alarmNames: ['TargetTracking-service/prod/api-AlarmHigh-1', 'TargetTracking-service/prod/api-AlarmLow-2'],
});
const step: ObservedPolicy = {
  ...cpu,
  policyName: 'by-hand',
  policyType: 'StepScaling',
  metricType: undefined,
  targetValue: undefined,
  alarmNames: [],
};

describe('autoscalingStatus', () => {
  it('is absent without a target', () => {
    expect(autoscalingStatus({ resourceId: RID, target: undefined, policies: [cpu] }, 3)).toBeUndefined();
  });

  it('reports capacity, the count autoscaling chose and every policy with its alarms', () => {
    const observed: ObservedAutoscaling = {
      resourceId: RID,
      target: { minCapacity: 2, maxCapacity: 10 },
      policies: [step, cpu],
    };
    expect(autoscalingStatus(observed, 7)).toEqual({
      resourceId: RID,
      minCapacity: 2,
      maxCapacity: 10,
      desiredCount: 7,
      suspended: { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false },
      policies: [
        { name: 'by-hand', alarms: [] },
        {
          name: 'ecs-bridge-cpu',
          metricType: 'ECSServiceAverageCPUUtilization',
          targetValue: 50,
          alarms: [
            'TargetTracking-service/prod/api-AlarmHigh-1',
            'TargetTracking-service/prod/api-AlarmLow-2',
          ],
        },
      ],
    });
  });

  it('leaves desiredCount out when the service did not report one', () => {
    expect(
      autoscalingStatus(
        { resourceId: RID, target: { minCapacity: 1, maxCapacity: 1 }, policies: [] },
        undefined,
      ),
    ).not.toHaveProperty('desiredCount');
  });
});

describe('autoscalingReadyCondition', () => {
  it.each([
    [{ state: 'notConfigured' } as const, 'True', 'NotConfigured', /not set/],
    [
      {
        state: 'ready',
        resourceId: RID,
        minCapacity: 1,
        maxCapacity: 4,
        policyNames: ['ecs-bridge-cpu'],
      } as const,
      'True',
      'TargetRegistered',
      /service\/prod\/api.*\[1, 4\].*ecs-bridge-cpu/,
    ],
    [
      { state: 'notReady', reason: 'QuotaExceeded', message: 'quota used up' } as const,
      'False',
      'QuotaExceeded',
      /quota used up/,
    ],
  ])('%j → %s %s', (state, status, reason, message) => {
    const c = autoscalingReadyCondition(state);
    expect(c.type).toBe('AutoscalingReady');
    expect(c.status).toBe(status);
    expect(c.reason).toBe(reason);
    expect(c.message).toMatch(message);
  });
});
