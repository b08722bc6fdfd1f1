/**
 * The derived state after writes keeps the step policies read before them: a suspend or a capacity
 * change (one RegisterScalableTarget) must not lose the ARNs that the alarms' status is judged by.
 */
import { describe, expect, it } from 'vitest';
import { observedAfterWrites } from './after-writes.js';
import { addTasksAboveThreshold, handMadeStepPolicy, observedWith } from './testing/hand-made-step.js';

const RID = 'service/prod/api';
const policy = handMadeStepPolicy(RID, 'steps-by-hand', addTasksAboveThreshold(2));
const seen = observedWith(RID, [policy]);
const SUSPEND_ALL = { dynamicScalingIn: true, dynamicScalingOut: true, scheduledScaling: true };

describe('observedAfterWrites: step policies', () => {
  it('keeps the step policies and their ARNs across a RegisterScalableTarget', () => {
    const after = observedAfterWrites(seen, [
      {
        action: {
          type: 'registerScalableTarget',
          resourceId: RID,
          minCapacity: 1,
          maxCapacity: 4,
          suspendedState: SUSPEND_ALL,
        },
      },
    ]);
    expect(after?.target?.suspendedState).toEqual(SUSPEND_ALL);
    expect(after?.stepPolicies?.map((s) => [s.policyName, s.policyArn])).toEqual([
      ['steps-by-hand', policy.PolicyARN],
    ]);
  });

  it('drops a deleted step policy, and every one with the target', () => {
    const deleted = observedAfterWrites(seen, [
      { action: { type: 'deleteScalingPolicy', resourceId: RID, policyName: 'steps-by-hand' } },
    ]);
    expect(deleted?.stepPolicies).toBeUndefined();
    const gone = observedAfterWrites(seen, [
      { action: { type: 'deregisterScalableTarget', resourceId: RID } },
    ]);
    expect(gone?.stepPolicies).toBeUndefined();
  });
});
