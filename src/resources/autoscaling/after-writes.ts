/**
 * What Application Auto Scaling holds after a plan's writes answered, derived from what was read
 * before them and what each write sent and answered: the status after a create or an update then
 * needs no read-back (two calls per service saved: every call counts against the account-wide rate limits). Pure.
 *
 * Only the calls whose effect is fully known are derived: RegisterScalableTarget (an upsert of the
 * capacities sent; a `SuspendedState` left out keeps the target's, false for a new one),
 * PutScalingPolicy (an upsert by name of the body sent, with the alarms it answered: normalised
 * exactly as a DescribeScalingPolicies entry is), DeleteScalingPolicy, and DeregisterScalableTarget
 * (AWS deletes the target's policies and scheduled actions with it). After a scheduled action
 * write the caller reads back instead (`undefined` here). The next resync reads AWS again, so a
 * value AWS changed on its side (it adds nothing to what we compare) is reported then.
 */
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { putScalingPolicyInput } from './apply.js';
import { normaliseScalingPolicy, type ObservedAutoscaling, type ObservedPolicy } from './observe.js';
import type { AutoscalingAction } from './plan.js';

/** One write that answered, and what it answered (the alarms of a PutScalingPolicy). */
export interface AnsweredWrite {
  readonly action: AutoscalingAction;
  /** PutScalingPolicy's `Alarms`, by name. */
  readonly alarmNames?: readonly string[] | undefined;
}

const NOT_SUSPENDED = { dynamicScalingIn: false, dynamicScalingOut: false, scheduledScaling: false };

/** `seen` with `writes` applied in order; undefined when one of them cannot be derived. */
export function observedAfterWrites(
  seen: ObservedAutoscaling,
  writes: readonly AnsweredWrite[],
): ObservedAutoscaling | undefined {
  let target = seen.target;
  let scheduled = seen.scheduledActions;
  // Step policies (with the ARNs their alarms act on) stay as read unless a write removes them: a
  // RegisterScalableTarget (a suspend, a capacity change) leaves them as they are.
  let stepPolicies = seen.stepPolicies;
  const policies = new Map<string, ObservedPolicy>(seen.policies.map((p) => [p.policyName, p]));
  for (const { action, alarmNames } of writes) {
    switch (action.type) {
      case 'registerScalableTarget':
        target = {
          minCapacity: action.minCapacity,
          maxCapacity: action.maxCapacity,
          suspendedState: action.suspendedState ?? target?.suspendedState ?? NOT_SUSPENDED,
          ...(target?.arn === undefined ? {} : { arn: target.arn }),
        };
        break;
      // Tags are not part of the observed model (they are read apart, target-ownership.ts).
      case 'tagScalableTarget':
        break;
      case 'putScalingPolicy': {
        const sent = putScalingPolicyInput(action.resourceId, action.policy) as ScalingPolicy;
        const answered = {
          ...sent,
          Alarms: (alarmNames ?? []).map((AlarmName) => ({ AlarmName, AlarmARN: '' })),
        };
        policies.set(action.policy.policyName, normaliseScalingPolicy(answered));
        break;
      }
      case 'deleteScalingPolicy':
        policies.delete(action.policyName);
        stepPolicies = stepPolicies?.filter((s) => s.policyName !== action.policyName);
        break;
      case 'deregisterScalableTarget':
        target = undefined;
        policies.clear();
        stepPolicies = undefined;
        scheduled = scheduled === undefined ? undefined : [];
        break;
      // A step policy's alarms need the ARN AWS gave it, which only a read shows (moto gives a new
      // one on every put); scheduled actions are read back as well.
      case 'putStepScalingPolicy':
      case 'putScheduledAction':
      case 'deleteScheduledAction':
        return undefined;
    }
  }
  return {
    ...(stepPolicies === undefined || stepPolicies.length === 0 ? {} : { stepPolicies }),
    resourceId: seen.resourceId,
    target,
    policies: [...policies.values()].sort((a, b) =>
      a.policyName < b.policyName ? -1 : a.policyName > b.policyName ? 1 : 0,
    ),
    ...(scheduled === undefined ? {} : { scheduledActions: scheduled }),
  };
}
