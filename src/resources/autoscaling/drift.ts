/**
 * How a service's autoscaling differs from `spec.autoscaling`, as field changes under
 * `autoscaling`, from the actions the autoscaling planner would take: the autoscaling part of the
 * drift an observed EcsService reports (ADR 0018). Pure.
 *
 * Paths people can match to their manifest: `autoscaling.minCapacity`, `autoscaling.maxCapacity`,
 * `autoscaling.suspend.<flag>`,
 * `autoscaling.policies[<policy name>]` (a missing or extra policy) and
 * `autoscaling.policies[<policy name>].targetValue` (one setting that differs).
 */
import { diffFields, type FieldChange } from '../field-diff.js';
import { NOT_SUSPENDED, type DesiredPolicy } from './desired.js';
import type { ObservedAutoscaling, ObservedPolicy } from './observe.js';
import type { AutoscalingAction } from './plan.js';
import { describeCustomMetric } from './customized-metric.js';
import { scheduledActionStatus } from './scheduled-actions.js';
import { shownStepPolicy } from './step-scaling.js';

/** The settings of a policy the spec controls, as compared and shown (here and by `ecs-bridge plan`). */
export function shownPolicy(p: DesiredPolicy | ObservedPolicy): Record<string, unknown> {
  return {
    metricType: p.metricType,
    targetValue: p.targetValue,
    scaleOutCooldown: p.scaleOutCooldown,
    scaleInCooldown: p.scaleInCooldown,
    disableScaleIn: p.disableScaleIn,
    ...(p.resourceLabel === undefined ? {} : { resourceLabel: p.resourceLabel }),
    ...(p.customMetrics === undefined ? {} : { customMetric: describeCustomMetric(p.customMetrics) }),
    ...(p.predictive === undefined ? {} : { predictive: p.predictive }),
  };
}

type RegisterTarget = Extract<AutoscalingAction, { type: 'registerScalableTarget' }>;

/**
 * The settings of the scalable target as observed (`{}` when there is none) and as `action` would
 * register them, compared and shown (here and by `ecs-bridge plan`). The suspended state is
 * compared only when the spec states it: else AWS keeps the target's state.
 */
export function shownTarget(
  action: RegisterTarget,
  t: ObservedAutoscaling['target'],
): [Record<string, unknown>, Record<string, unknown>] {
  const stated = action.suspendedState !== undefined;
  return [
    t === undefined
      ? {}
      : {
          minCapacity: t.minCapacity,
          maxCapacity: t.maxCapacity,
          ...(stated ? { suspend: t.suspendedState ?? NOT_SUSPENDED } : {}),
        },
    {
      minCapacity: action.minCapacity,
      maxCapacity: action.maxCapacity,
      ...(stated ? { suspend: action.suspendedState } : {}),
    },
  ];
}

function policyPath(name: string): string {
  return `autoscaling.policies[${name}]`;
}

/** The field changes `actions` would make to `observed`, in plan order. */
export function autoscalingDriftChanges(
  actions: readonly AutoscalingAction[],
  observed: ObservedAutoscaling,
): FieldChange[] {
  const t = observed.target;
  return actions.flatMap((action): FieldChange[] => {
    switch (action.type) {
      case 'registerScalableTarget':
        return diffFields(...shownTarget(action, t), 'autoscaling');
      // Ownership tags are the operator's, not a field of the spec: no drift to show.
      case 'tagScalableTarget':
        return [];
      case 'putScalingPolicy': {
        const name = action.policy.policyName;
        const o = observed.policies.find((p) => p.policyName === name);
        // A policy of another type (step scaling, a custom metric for a predefined one) is shown whole.
        if (
          o === undefined ||
          o.policyType !==
            (action.policy.predictive === undefined ? 'TargetTrackingScaling' : 'PredictiveScaling') ||
          o.customizedMetric !== (action.policy.customMetrics !== undefined)
        )
          return [
            {
              path: policyPath(name),
              ...(o === undefined ? {} : { before: o.policyType }),
              after: shownPolicy(action.policy),
            },
          ];
        return diffFields(shownPolicy(o), shownPolicy(action.policy), policyPath(name));
      }
      case 'putStepScalingPolicy': {
        const name = action.policy.policyName;
        const o = observed.stepPolicies?.find((p) => p.policyName === name);
        return o === undefined
          ? [{ path: policyPath(name), after: shownStepPolicy(action.policy) }]
          : diffFields(shownStepPolicy(o), shownStepPolicy(action.policy), policyPath(name));
      }
      case 'deleteScalingPolicy': {
        const o = observed.policies.find((p) => p.policyName === action.policyName);
        return [
          {
            path: policyPath(action.policyName),
            before: o === undefined ? action.policyName : shownPolicy(o),
          },
        ];
      }
      case 'putScheduledAction': {
        const name = action.scheduledAction.scheduledActionName;
        const o = observed.scheduledActions?.find((a) => a.scheduledActionName === name);
        const path = `autoscaling.scheduledActions[${name}]`;
        return o === undefined
          ? [{ path, after: scheduledActionStatus(action.scheduledAction) }]
          : diffFields(scheduledActionStatus(o), scheduledActionStatus(action.scheduledAction), path);
      }
      case 'deleteScheduledAction': {
        const o = observed.scheduledActions?.find(
          (a) => a.scheduledActionName === action.scheduledActionName,
        );
        return [
          {
            path: `autoscaling.scheduledActions[${action.scheduledActionName}]`,
            before: o === undefined ? action.scheduledActionName : scheduledActionStatus(o),
          },
        ];
      }
      case 'deregisterScalableTarget':
        return [
          {
            path: 'autoscaling',
            before:
              t === undefined
                ? action.resourceId
                : { minCapacity: t.minCapacity, maxCapacity: t.maxCapacity },
          },
        ];
    }
  });
}
