/**
 * The scalable target's suspended state as ecs-bridge compares it: every flag explicit, from
 * `spec.autoscaling.suspend` or from what AWS reports.
 */
import type { AutoscalingSuspendedStatus, AutoscalingSuspendSpec } from '../service/types.js';

/**
 * The scalable target's suspended state, every flag explicit (AWS's default for each is false):
 * RegisterScalableTarget's `SuspendedState`,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_SuspendedState.html
 */
export type SuspendedFlags = AutoscalingSuspendedStatus;

/** Nothing suspended: what AWS has when `SuspendedState` was never sent. */
export const NOT_SUSPENDED: SuspendedFlags = {
  dynamicScalingIn: false,
  dynamicScalingOut: false,
  scheduledScaling: false,
};

/** `spec.autoscaling.suspend` with every flag filled in (a flag left out is false). */
export function suspendedFlagsOf(spec: AutoscalingSuspendSpec): SuspendedFlags {
  return {
    dynamicScalingIn: spec.dynamicScalingIn ?? false,
    dynamicScalingOut: spec.dynamicScalingOut ?? false,
    scheduledScaling: spec.scheduledScaling ?? false,
  };
}

/** True when both have the same three flags. */
export function isSameSuspendedState(a: SuspendedFlags, b: SuspendedFlags): boolean {
  return (
    a.dynamicScalingIn === b.dynamicScalingIn &&
    a.dynamicScalingOut === b.dynamicScalingOut &&
    a.scheduledScaling === b.scheduledScaling
  );
}
