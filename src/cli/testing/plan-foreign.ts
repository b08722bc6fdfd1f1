/**
 * Planning entries that name someone else's autoscaling object (`policyName`,
 * `scheduledActionName`): the section `plan` shows for service demo/web with 1 to 4 tasks, and the
 * check that a referenced object that differs is a NotOwned note with no operation.
 */
import { expect } from 'vitest';
import type { ObservedAlarm } from '../../resources/autoscaling/alarms.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import type { AutoscalingSpec } from '../../resources/service/types.js';
import { planAutoscalingSection, type AutoscalingSection } from '../plan/plan-autoscaling.js';

/** The service every foreign-entry plan is about. */
export const FOREIGN_SERVICE = { cluster: 'demo', serviceName: 'web' };
/** Its Application Auto Scaling resource id. */
export const FOREIGN_RID = 'service/demo/web';

/** Plans 1 to 4 tasks with `entries` against `observed` (and the step policies' `alarms`, when read). */
export function planForeign(
  entries: Omit<AutoscalingSpec, 'minCapacity' | 'maxCapacity'>,
  observed: ObservedAutoscaling,
  alarms?: ReadonlyMap<string, ObservedAlarm>,
): AutoscalingSection {
  return planAutoscalingSection({
    spec: { minCapacity: 1, maxCapacity: 4, ...entries },
    ...FOREIGN_SERVICE,
    loadBalancers: undefined,
    observed,
    alarms,
    label: undefined,
  });
}

/**
 * Asserts `section` writes nothing and has one note, NotOwned, saying `differs`; returns that note
 * for what else a test expects of it.
 */
export function expectOnlyNotOwned(section: AutoscalingSection, differs: string): string {
  expect(section.operations).toEqual([]);
  expect(section.notes).toHaveLength(1);
  const note = section.notes[0] ?? '';
  expect(note).toContain('NotOwned');
  expect(note).toContain(differs);
  return note;
}
