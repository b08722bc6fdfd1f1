/**
 * `ecs-bridge plan` for scheduled actions named by `scheduledActionName` (ADR 0041 addendum): a
 * referenced action that differs is a NotOwned note and no operation; an adopted one is a put under
 * its own name.
 */
import { describe, expect, it } from 'vitest';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import type { ScheduledActionSpec } from '../../resources/service/types.js';
import { expectOnlyNotOwned, FOREIGN_RID, planForeign } from '../testing/plan-foreign.js';

const observed: ObservedAutoscaling = {
  resourceId: FOREIGN_RID,
  target: { minCapacity: 1, maxCapacity: 4 },
  policies: [],
  scheduledActions: [
    { scheduledActionName: 'night-by-hand', schedule: 'cron(0 22 * * ? *)', timezone: 'UTC', minCapacity: 1 },
  ],
};

function plan(entry: Omit<ScheduledActionSpec, 'name' | 'schedule'>) {
  return planForeign(
    { scheduledActions: [{ name: 'night', schedule: 'cron(0 22 * * ? *)', ...entry }] },
    observed,
  );
}

describe('plan: scheduled actions named by scheduledActionName', () => {
  it('plans nothing and notes nothing when the named action matches', () => {
    const section = plan({ scheduledActionName: 'night-by-hand', minCapacity: 1 });
    expect(section.operations).toEqual([]);
    expect(section.notes).toEqual([]);
  });

  it('writes nothing to a referenced action that differs, and says NotOwned with the fix', () => {
    const section = plan({ scheduledActionName: 'night-by-hand', minCapacity: 2 });
    expect(expectOnlyNotOwned(section, 'scheduled action night-by-hand differs from its entry')).toContain(
      'adopt: true',
    );
  });

  it('puts an adopted action under its own name', () => {
    const section = plan({ scheduledActionName: 'night-by-hand', minCapacity: 2, adopt: true });
    expect(section.operations.map((o) => `${o.symbol} ${o.call} ${o.title}`)).toEqual([
      expect.stringMatching(/PutScheduledAction scheduled action night-by-hand$/),
    ]);
    expect(section.notes).toEqual([]);
  });
});
