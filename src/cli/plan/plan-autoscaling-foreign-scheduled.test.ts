/**
 * `ecs-bridge plan` for scheduled actions named by `scheduledActionName` (ADR 0041 addendum): a
 * referenced action that differs is a NotOwned note and no operation; an adopted one is a put under
 * its own name.
 */
import { describe, expect, it } from 'vitest';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import type { ScheduledActionSpec } from '../../resources/service/types.js';
import { planAutoscalingSection } from './plan-autoscaling.js';

const observed: ObservedAutoscaling = {
  resourceId: 'service/demo/web',
  target: { minCapacity: 1, maxCapacity: 4 },
  policies: [],
  scheduledActions: [
    { scheduledActionName: 'night-by-hand', schedule: 'cron(0 22 * * ? *)', timezone: 'UTC', minCapacity: 1 },
  ],
};

function plan(entry: Omit<ScheduledActionSpec, 'name' | 'schedule'>) {
  return planAutoscalingSection({
    spec: {
      minCapacity: 1,
      maxCapacity: 4,
      scheduledActions: [{ name: 'night', schedule: 'cron(0 22 * * ? *)', ...entry }],
    },
    cluster: 'demo',
    serviceName: 'web',
    loadBalancers: undefined,
    observed,
    label: undefined,
  });
}

describe('plan: scheduled actions named by scheduledActionName', () => {
  it('plans nothing and notes nothing when the named action matches', () => {
    const section = plan({ scheduledActionName: 'night-by-hand', minCapacity: 1 });
    expect(section.operations).toEqual([]);
    expect(section.notes).toEqual([]);
  });

  it('writes nothing to a referenced action that differs, and says NotOwned with the fix', () => {
    const section = plan({ scheduledActionName: 'night-by-hand', minCapacity: 2 });
    expect(section.operations).toEqual([]);
    expect(section.notes).toHaveLength(1);
    expect(section.notes[0]).toContain('NotOwned');
    expect(section.notes[0]).toContain('scheduled action night-by-hand differs from its entry');
    expect(section.notes[0]).toContain('adopt: true');
  });

  it('puts an adopted action under its own name', () => {
    const section = plan({ scheduledActionName: 'night-by-hand', minCapacity: 2, adopt: true });
    expect(section.operations.map((o) => `${o.symbol} ${o.call} ${o.title}`)).toEqual([
      expect.stringMatching(/PutScheduledAction scheduled action night-by-hand$/),
    ]);
    expect(section.notes).toEqual([]);
  });
});
