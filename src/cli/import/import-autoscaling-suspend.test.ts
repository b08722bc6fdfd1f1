import { describe, expect, it } from 'vitest';
import type { SuspendedFlags } from '../../resources/autoscaling/desired.js';
import { desiredAutoscalingIntent, isInvalidAutoscaling } from '../../resources/autoscaling/desired.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { observedPolicy } from '../../resources/autoscaling/testing/policy-fixtures.js';
import { planAutoscaling } from '../../resources/autoscaling/plan.js';
import { importAutoscaling } from './import-autoscaling.js';

const RID = 'service/prod/api';
const observed = (suspendedState: SuspendedFlags): ObservedAutoscaling => ({
  resourceId: RID,
  target: { minCapacity: 1, maxCapacity: 4, suspendedState },
  policies: [observedPolicy()],
});

describe('importAutoscaling: the suspended state', () => {
  it.each([
    ['nothing suspended: no suspend block', false, false, false, undefined],
    ['scale-in suspended: only that flag', true, false, false, { dynamicScalingIn: true }],
    [
      'everything suspended',
      true,
      true,
      true,
      { dynamicScalingIn: true, dynamicScalingOut: true, scheduledScaling: true },
    ],
  ] as const)('%s, and the planner then writes nothing', (_name, i, o, s, want) => {
    const obs = observed({ dynamicScalingIn: i, dynamicScalingOut: o, scheduledScaling: s });
    const imported = importAutoscaling(obs, { loadBalancers: undefined, elbArnPrefix: undefined });
    expect(imported.spec?.suspend).toEqual(want);
    const intent = desiredAutoscalingIntent(imported.spec!, { cluster: 'prod', serviceName: 'api' });
    if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
    expect(planAutoscaling({ desired: { ...intent }, observed: obs }).actions).toEqual([]);
  });
});

describe('importAutoscaling: scheduled actions', () => {
  it('expresses ours, and theirs by scheduledActionName without adopt, so the planner writes nothing', () => {
    const obs: ObservedAutoscaling = {
      ...observed({ dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false }),
      scheduledActions: [
        {
          scheduledActionName: 'ecs-bridge-night',
          schedule: 'cron(0 22 * * ? *)',
          timezone: 'UTC',
          startTime: 1893456000,
          minCapacity: 0,
          maxCapacity: 2,
        },
        { scheduledActionName: 'team-weekend', schedule: 'rate(7 days)', timezone: 'UTC', minCapacity: 0 },
      ],
    };
    const imported = importAutoscaling(obs, { loadBalancers: undefined, elbArnPrefix: undefined });
    expect(imported.spec?.scheduledActions).toEqual([
      {
        name: 'night',
        schedule: 'cron(0 22 * * ? *)',
        startTime: '2030-01-01T00:00:00Z',
        minCapacity: 0,
        maxCapacity: 2,
      },
      { name: 'team-weekend', scheduledActionName: 'team-weekend', schedule: 'rate(7 days)', minCapacity: 0 },
    ]);
    expect(imported.notes.map((n) => JSON.stringify(n)).join('\n')).toContain('team-weekend');
    const intent = desiredAutoscalingIntent(imported.spec!, { cluster: 'prod', serviceName: 'api' });
    if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
    const plan = planAutoscaling({ desired: { ...intent }, observed: obs });
    expect(plan.actions).toEqual([]);
    expect(plan.notOwned).toEqual([]);
  });
});
