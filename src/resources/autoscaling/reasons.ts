/**
 * The `AutoscalingReady` condition type and its PascalCase reasons, in one place so status,
 * Kubernetes Events and tests agree on the spelling.
 */

/** The condition type the EcsService's `Ready` condition folds in. */
export const AUTOSCALING_READY = 'AutoscalingReady';

/** Reasons of the `AutoscalingReady` condition. */
export const AutoscalingReason = {
  /** True: the scalable target and every configured policy match the spec. */
  TargetRegistered: 'TargetRegistered',
  /** True: `spec.autoscaling` is not set and no target of ours is left; the spec owns desiredCount. */
  NotConfigured: 'NotConfigured',
  /** False, waiting: the ALB policy's target group is attached to no load balancer. */
  TargetGroupNotAttached: 'TargetGroupNotAttached',
  /** False, waiting: the ALB policy's target group belongs to a network or gateway load balancer. */
  TargetGroupNotOnApplicationLoadBalancer: 'TargetGroupNotOnApplicationLoadBalancer',
  /** False, waiting: the ALB policy's target group does not exist. */
  TargetGroupNotFound: 'TargetGroupNotFound',
  /** False, waiting: autoscaling was removed but policies or scheduled actions ecs-bridge did not create remain on the target. */
  ForeignPoliciesRemain: 'ForeignPoliciesRemain',
  /** False, waiting: the alarm a step scaling policy references (`alarmName`) does not exist. */
  AlarmNotFound: 'AlarmNotFound',
  /** False, waiting: a referenced alarm's actions do not include its step scaling policy's ARN (ecs-bridge never changes it). */
  AlarmNotPointingAtPolicy: 'AlarmNotPointingAtPolicy',
  /** False, waiting: a policy an entry names with `policyName` but does not adopt differs or is missing; nothing is written to it (ADR 0041). */
  NotOwned: 'NotOwned',
  /** False, terminal: the spec cannot be acted on (the CRD's rules normally catch this first). */
  InvalidAutoscaling: 'InvalidAutoscaling',
  /** False, terminal: an Application Auto Scaling quota (`LimitExceededException`) is used up. */
  QuotaExceeded: 'QuotaExceeded',
  /** False, terminal: the operator's IAM role lacks a permission. */
  AccessDenied: 'AccessDenied',
} as const;

/** One of {@link AutoscalingReason}. */
export type AutoscalingReasonValue = (typeof AutoscalingReason)[keyof typeof AutoscalingReason];
