/**
 * `ecs-bridge plan` for a step scaling policy named by `policyName` (ADR 0041 addendum): a
 * referenced one that differs is a NotOwned note and no operation; an adopted one is a put under
 * its own name; neither is listed as a policy ecs-bridge did not create.
 */
import { describe, expect, it } from 'vitest';
import type { StepScalingPolicySpec } from '../../resources/service/types.js';
import {
  addTasksAboveThreshold,
  alarmActingOn,
  handMadeStepPolicy,
  observedWith,
  stepPolicyArn,
} from '../../resources/autoscaling/testing/hand-made-step.js';
import { expectOnlyNotOwned, FOREIGN_RID as RID, planForeign } from '../testing/plan-foreign.js';

const observed = observedWith(RID, [handMadeStepPolicy(RID, 'steps-by-hand', addTasksAboveThreshold(2))]);

const busy = alarmActingOn('busy', stepPolicyArn(RID, 'steps-by-hand'));

function plan(scalingAdjustment: number, adopt?: boolean) {
  const entry: StepScalingPolicySpec = {
    name: 'steps',
    policyName: 'steps-by-hand',
    ...(adopt === undefined ? {} : { adopt }),
    stepAdjustments: [{ lowerBound: 0, scalingAdjustment }],
    alarmName: 'busy',
  };
  // The referenced alarm as CloudWatch has it: never written, so no alarm operation is planned.
  return planForeign({ stepScaling: [entry] }, observed, new Map([['busy', busy]]));
}

describe('plan: step scaling policies named by policyName', () => {
  it('plans nothing and notes nothing when the named step policy matches', () => {
    const section = plan(2);
    expect(section.operations).toEqual([]);
    expect(section.notes).toEqual([]);
  });

  it('writes nothing to a referenced step policy that differs, and says NotOwned with the fix', () => {
    const section = plan(5);
    expectOnlyNotOwned(section, 'steps-by-hand differs from its entry');
  });

  it('puts an adopted step policy under its own name', () => {
    const section = plan(5, true);
    expect(section.operations.map((o) => `${o.symbol} ${o.call} ${o.title}`)).toEqual([
      expect.stringContaining('steps-by-hand'),
    ]);
    expect(section.notes).toEqual([]);
  });
});
