/**
 * Import's round trip for autoscaling tests: what `importAutoscaling` writes for an observation is
 * resolved as the operator would and planned against that same observation; an import that adopts
 * quietly plans no write, adds no `adopt`, and says each name it chose as a decision.
 */
import { expect } from 'vitest';
import type { ObservedAlarm } from '../../resources/autoscaling/alarms.js';
import {
  desiredAutoscalingIntent,
  isInvalidAutoscaling,
  resolveDesiredAutoscaling,
} from '../../resources/autoscaling/desired.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { planAutoscaling } from '../../resources/autoscaling/plan.js';
import { importAutoscaling } from '../import/import-autoscaling.js';

/** The service the round trips are about: `service/demo/worker`. */
export const SERVICE_REF = { cluster: 'demo', serviceName: 'worker' };
/** Its Application Auto Scaling resource id. */
export const RID = 'service/demo/worker';

/** Imports `observed` (with the step policies' `alarms`), resolves the spec, and plans it against `observed`. */
export function importRoundTrip(observed: ObservedAutoscaling, alarms: readonly ObservedAlarm[] = []) {
  const imported = importAutoscaling(observed, {
    loadBalancers: undefined,
    elbArnPrefix: undefined,
    alarms: new Map(alarms.map((a) => [a.alarmName, a])),
    ...SERVICE_REF,
  });
  if (imported.spec === undefined) throw new Error('nothing expressed');
  const intent = desiredAutoscalingIntent(imported.spec, SERVICE_REF);
  if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
  const { desired } = resolveDesiredAutoscaling(intent, undefined);
  return { imported, spec: imported.spec, desired, plan: planAutoscaling({ desired, observed }) };
}

/**
 * Asserts an import that adopts quietly: no `adopt` in the spec, no write and nothing not owned in
 * the plan, each of `decisions` noted as a decision, and nothing noted as unexpressed.
 */
export function expectQuietImport(
  { imported, spec, plan }: Pick<ReturnType<typeof importRoundTrip>, 'imported' | 'spec' | 'plan'>,
  decisions: readonly string[],
): void {
  expect(JSON.stringify(spec)).not.toContain('adopt');
  expect(plan.actions).toEqual([]);
  expect(plan.notOwned).toEqual([]);
  const noted = imported.notes.filter((n) => n.kind === 'decision').map((n) => n.field);
  for (const field of decisions) expect(noted).toContain(field);
  expect(imported.notes.filter((n) => n.kind === 'unexpressed')).toEqual([]);
}
