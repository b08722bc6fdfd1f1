/**
 * Pure status of a service's autoscaling: `status.autoscaling` as users read it with kubectl, and
 * the `AutoscalingReady` condition the EcsService's `Ready` condition folds in.
 */
import type { ConditionInput } from '../../k8s/conditions.js';
import { NOT_SUSPENDED } from './desired.js';
import type { ObservedAutoscaling } from './observe.js';
import type { AutoscalingReasonValue } from './reasons.js';
import { AUTOSCALING_READY, AutoscalingReason } from './reasons.js';
import type {
  AutoscalingPolicyStatus,
  AutoscalingScheduledActionStatus,
  AutoscalingSuspendedStatus,
} from '../service/types.js';
import { scheduledActionStatus } from './scheduled-actions.js';
import { describeCustomMetric } from './customized-metric.js';

import type { AutoscalingActivityStatus, AutoscalingAlarmStatus } from '../service/types.js';

export type { AutoscalingPolicyStatus };

/** `status.autoscaling` of an EcsService. Present while a scalable target is registered. */
export interface AutoscalingStatus {
  /** `service/<cluster-name>/<service-name>`. */
  readonly resourceId: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** The service's desired count as autoscaling last set it (the count ecs-bridge leaves alone). */
  readonly desiredCount?: number;
  /** The target's suspended state as AWS has it (absent in a status written before it was reported). */
  readonly suspended?: AutoscalingSuspendedStatus;
  /** Every policy on the target, ours and others', by name. */
  readonly policies: readonly AutoscalingPolicyStatus[];
  /** Every scheduled action on the target, ours and others', by name (absent when there are none). */
  readonly scheduledActions?: readonly AutoscalingScheduledActionStatus[];
  /** The alarm of each step scaling policy, owned or referenced (absent when there are none). */
  readonly alarms?: readonly AutoscalingAlarmStatus[];
  /** The newest scaling activities, newest first (absent when none is recent; scaling-activities.ts). */
  readonly activities?: readonly AutoscalingActivityStatus[];
}

/**
 * `status.autoscaling` from what AWS has: undefined when no scalable target is registered.
 * `desiredCount` is the service's current desired count, which autoscaling chose.
 */
export function autoscalingStatus(
  observed: ObservedAutoscaling,
  desiredCount: number | undefined,
): AutoscalingStatus | undefined {
  if (observed.target === undefined) return undefined;
  return {
    resourceId: observed.resourceId,
    minCapacity: observed.target.minCapacity,
    maxCapacity: observed.target.maxCapacity,
    ...(desiredCount === undefined ? {} : { desiredCount }),
    suspended: observed.target.suspendedState ?? NOT_SUSPENDED,
    ...(observed.scheduledActions === undefined || observed.scheduledActions.length === 0
      ? {}
      : { scheduledActions: observed.scheduledActions.map(scheduledActionStatus) }),
    policies: observed.policies.map((p) => ({
      name: p.policyName,
      ...(p.metricType === undefined ? {} : { metricType: p.metricType }),
      ...(p.customMetrics === undefined ? {} : { customMetric: describeCustomMetric(p.customMetrics) }),
      ...(p.predictive === undefined ? {} : { metricType: p.predictive.metricPair, mode: p.predictive.mode }),
      ...(p.targetValue === undefined ? {} : { targetValue: p.targetValue }),
      alarms: p.alarmNames,
    })),
  };
}

/** Where a service's autoscaling stands, as the condition reports it. */
export type AutoscalingState =
  | { readonly state: 'notConfigured' }
  | {
      readonly state: 'ready';
      readonly resourceId: string;
      readonly minCapacity: number;
      readonly maxCapacity: number;
      readonly policyNames: readonly string[];
      /** The target's suspended state after the writes, when known; named in the message when anything is paused. */
      readonly suspended?: AutoscalingSuspendedStatus | undefined;
    }
  | { readonly state: 'notReady'; readonly reason: AutoscalingReasonValue; readonly message: string };

function suspendedNote(s: AutoscalingSuspendedStatus | undefined): string {
  if (s === undefined) return '';
  const names = [
    ...(s.dynamicScalingIn ? ['scale-in'] : []),
    ...(s.dynamicScalingOut ? ['scale-out'] : []),
    ...(s.scheduledScaling ? ['scheduled scaling'] : []),
  ];
  return names.length === 0 ? '' : ` (suspended: ${names.join(', ')})`;
}

/**
 * The `AutoscalingReady` condition (without `observedGeneration` and timestamps; the service
 * reconciler adds those when it writes conditions with `setConditions`).
 */
export function autoscalingReadyCondition(s: AutoscalingState): ConditionInput {
  switch (s.state) {
    case 'notConfigured':
      return {
        type: AUTOSCALING_READY,
        status: 'True',
        reason: AutoscalingReason.NotConfigured,
        message: 'spec.autoscaling is not set; the spec owns desiredCount',
      };
    case 'ready':
      return {
        type: AUTOSCALING_READY,
        status: 'True',
        reason: AutoscalingReason.TargetRegistered,
        message: `scalable target ${s.resourceId} registered with capacity [${s.minCapacity}, ${s.maxCapacity}] and policies ${s.policyNames.join(', ')}${suspendedNote(s.suspended)}; autoscaling owns desiredCount`,
      };
    case 'notReady':
      return { type: AUTOSCALING_READY, status: 'False', reason: s.reason, message: s.message };
  }
}
