/**
 * Pure verdicts of the autoscaling sub-reconciler: the outcome of a visit from what its writes made
 * and what stands in the way, and the outcome of a terminal AWS error. No AWS call here.
 */
import { TerminalError } from '../../controller/reconciler.js';
import type { TerminalAwsErrorKind } from '../failure-table.js';
import type { resolveDesiredAutoscaling } from './desired.js';
import { notOwnedMessage, type AutoscalingAction, type AutoscalingPlan } from './plan.js';
import { AutoscalingReason, type AutoscalingReasonValue } from './reasons.js';
import type { AutoscalingOutcome } from './reconcile-types.js';
import type { ScalingActivityNotice } from './scaling-activities.js';
import type { AutoscalingState, AutoscalingStatus } from './status.js';
import { autoscalingReadyCondition } from './status.js';
import type { LabelProblem } from './target-group-label.js';

/** The TerminalError the caller throws, after writing status, for a terminal outcome; else undefined. */
export function terminalErrorOf(outcome: AutoscalingOutcome): TerminalError | undefined {
  return outcome.terminal
    ? new TerminalError(outcome.condition.reason, outcome.condition.message)
    : undefined;
}

/** The condition message of a terminal AWS error: what happened to which target, and the fix. */
export function terminalMessage(kind: TerminalAwsErrorKind, resourceId: string, aws: string): string {
  switch (kind) {
    case 'quota':
      return `an Application Auto Scaling quota is used up for ${resourceId} (${aws}); raise it in Service Quotas or remove unused scalable targets or policies, then change the object to retry`;
    case 'accessDenied':
      return `the operator may not manage autoscaling of ${resourceId} (${aws}); grant it the application-autoscaling actions and elasticloadbalancing:DescribeTargetGroups (see the IAM notes), then change the object to retry`;
    case 'invalid':
      return `AWS rejected the autoscaling of ${resourceId} (${aws}); correct spec.autoscaling`;
  }
}

/** An outcome retrying cannot change: the caller writes status, then stops the key. */
export function terminalOutcome(
  reason: AutoscalingState & { state: 'notReady' },
  status: AutoscalingStatus | undefined,
  ownsDesiredCount: boolean,
  applied: readonly AutoscalingAction[],
): AutoscalingOutcome {
  return { status, condition: autoscalingReadyCondition(reason), ownsDesiredCount, terminal: true, applied };
}

/** What a visit's writes made, and what may stand in the way of a Ready autoscaling. */
export interface SettledInput {
  readonly resourceId: string;
  readonly status: AutoscalingStatus | undefined;
  readonly plan: AutoscalingPlan;
  readonly resolved: ReturnType<typeof resolveDesiredAutoscaling> | undefined;
  /** The ALB policy's target group cannot give a label. */
  readonly labelProblem: LabelProblem | undefined;
  /** A referenced alarm is missing or does not point at its policy. */
  readonly alarmProblem: { readonly reason: AutoscalingReasonValue; readonly message: string } | undefined;
  readonly recheckAfterMs: number;
  readonly applied: readonly AutoscalingAction[];
  readonly activities: readonly ScalingActivityNotice[];
}

/**
 * The outcome of a visit whose calls all answered, first problem first: an invalid label is
 * terminal; a target group, a referenced alarm, a policy not ours or someone else's policies left
 * on a target we would remove are rechecked slowly; otherwise not configured, or Ready.
 */
export function settledOutcome(input: SettledInput): AutoscalingOutcome {
  const { status, plan, resolved, labelProblem, applied, activities } = input;
  const ownsDesiredCount = plan.ownsDesiredCount;
  const recheck = (problem: { reason: AutoscalingReasonValue; message: string }): AutoscalingOutcome => ({
    status,
    condition: autoscalingReadyCondition({ state: 'notReady', ...problem }),
    ownsDesiredCount,
    requeueAfterMs: input.recheckAfterMs,
    terminal: false,
    applied,
    activities,
  });
  if (labelProblem?.reason === AutoscalingReason.InvalidAutoscaling)
    return {
      ...terminalOutcome({ state: 'notReady', ...labelProblem }, status, ownsDesiredCount, applied),
      activities,
    };
  if (labelProblem !== undefined) return recheck(labelProblem);
  if (input.alarmProblem !== undefined) return recheck(input.alarmProblem);
  if (plan.notOwned.length > 0)
    return recheck({ reason: AutoscalingReason.NotOwned, message: notOwnedMessage(plan.notOwned) });
  if (plan.foreignPolicies.length > 0) {
    return recheck({
      reason: AutoscalingReason.ForeignPoliciesRemain,
      message: `autoscaling was removed from the spec, but scalable target ${input.resourceId} also carries policies ecs-bridge did not create (${plan.foreignPolicies.join(', ')}); it stays registered and keeps owning desiredCount until they are deleted`,
    });
  }
  if (resolved === undefined) {
    const condition = autoscalingReadyCondition({ state: 'notConfigured' });
    return { status, condition, ownsDesiredCount, terminal: false, applied, activities };
  }
  const condition = autoscalingReadyCondition({
    state: 'ready',
    resourceId: input.resourceId,
    minCapacity: resolved.desired.minCapacity,
    maxCapacity: resolved.desired.maxCapacity,
    policyNames: [
      ...resolved.desired.policies.map((p) => p.policyName),
      ...(resolved.desired.stepScaling?.policies ?? []).map((p) => p.policyName),
    ],
    suspended: status?.suspended,
  });
  return { status, condition, ownsDesiredCount, terminal: false, applied, activities };
}
