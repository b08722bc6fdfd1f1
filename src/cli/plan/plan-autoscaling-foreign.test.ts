/**
 * `ecs-bridge plan` for policies named by `policyName` (ADR 0041): a referenced policy that differs is
 * a NotOwned note and no operation; an adopted one is a put under its own name.
 */
import { describe, expect, it } from 'vitest';
import type { ObservedAutoscaling, ObservedPolicy } from '../../resources/autoscaling/observe.js';
import type { AutoscalingSpec } from '../../resources/service/types.js';
import { observedPolicy } from '../../resources/autoscaling/testing/policy-fixtures.js';
import { expectOnlyNotOwned, FOREIGN_RID as RID, planForeign } from '../testing/plan-foreign.js';

const handMade: ObservedPolicy = observedPolicy({
  policyName: 'memory-by-hand',
  metricType: 'ECSServiceAverageMemoryUtilization',
  targetValue: 70,
});
const observed: ObservedAutoscaling = {
  resourceId: RID,
  target: { minCapacity: 1, maxCapacity: 4 },
  policies: [handMade],
};

function plan(memory: NonNullable<AutoscalingSpec['memory']>) {
  return planForeign({ memory }, observed);
}

describe('plan: policies named by policyName', () => {
  it('plans nothing and notes nothing foreign when the named policy matches', () => {
    const section = plan({ targetValue: 70, policyName: 'memory-by-hand' });
    expect(section.operations).toEqual([]);
    expect(section.notes).toEqual([]);
  });

  it('writes nothing to a referenced policy that differs, and says NotOwned with the fix', () => {
    const section = plan({ targetValue: 60, policyName: 'memory-by-hand' });
    expect(expectOnlyNotOwned(section, 'memory-by-hand differs from its entry')).toContain('adopt: true');
  });

  it('puts an adopted policy under its own name', () => {
    const section = plan({ targetValue: 60, policyName: 'memory-by-hand', adopt: true });
    expect(section.operations.map((o) => `${o.symbol} ${o.call} ${o.title}`)).toEqual([
      expect.stringContaining('memory-by-hand'),
    ]);
    expect(section.notes).toEqual([]);
  });
});
