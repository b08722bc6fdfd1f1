/**
 * Who owns an ECS service's `desiredCount`, as pure rules the service planner applies (see
 * docs/adr/0005-desired-count-ownership.md):
 *
 * - no `spec.autoscaling`: the spec owns it; CreateService and UpdateService send `spec.desiredCount`;
 * - `spec.autoscaling` set: Application Auto Scaling owns it; `spec.desiredCount` is sent only at
 *   CreateService, clamped into [minCapacity, maxCapacity], never in UpdateService, and a different
 *   running count is not drift.
 */
import type { AutoscalingSpec } from './desired.js';

/**
 * True when the spec hands `desiredCount` to Application Auto Scaling. The service planner must not
 * put `desiredCount` in an UpdateService while this holds (or while `reconcileAutoscaling` reports
 * `ownsDesiredCount`, which also covers a target not yet deregistered after removal).
 */
export function autoscalingOwnsDesiredCount(autoscaling: AutoscalingSpec | undefined): boolean {
  return autoscaling !== undefined;
}

/** `desired` clamped into `[min, max]`. */
export function clampDesiredCount(desired: number, min: number, max: number): number {
  return Math.min(Math.max(desired, min), max);
}

/**
 * The `desiredCount` to send in CreateService: the spec's, clamped into [min, max] when autoscaling
 * owns the count (so the first tasks already respect the bounds the scalable target will enforce);
 * with autoscaling and no spec count, `minCapacity`. Without autoscaling: the spec's, unchanged.
 */
export function desiredCountAtCreate(
  specDesiredCount: number | undefined,
  autoscaling: AutoscalingSpec | undefined,
): number | undefined {
  if (autoscaling === undefined) return specDesiredCount;
  return clampDesiredCount(
    specDesiredCount ?? autoscaling.minCapacity,
    autoscaling.minCapacity,
    autoscaling.maxCapacity,
  );
}
