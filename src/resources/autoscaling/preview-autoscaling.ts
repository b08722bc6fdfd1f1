/**
 * The read-only twin of {@link reconcileAutoscaling}: the same desired → observe → pure plan, with
 * nothing applied. It answers what the sub-reconciler would write, as drift an observed EcsService
 * reports (managementPolicy Observe, ADR 0018). Reads: DescribeTargetGroups when an ALB policy is
 * configured, DescribeScalableTargets and DescribeScalingPolicies. Never a write.
 *
 * AWS errors are thrown (wrapped, with the AWS error as `cause`) so the caller judges them as it
 * judges its other reads.
 */
import type { ConditionInput } from '../../k8s/conditions.js';
import type { FieldChange } from '../field-diff.js';
import { isInvalidAutoscaling, scalableResourceId } from './desired.js';
import { autoscalingDriftChanges } from './drift.js';
import type { AutoscalingAction, NotOwnedEntry } from './plan.js';
import type { ReconcileAutoscalingInput } from './reconcile-autoscaling.js';
import { AutoscalingReason } from './reasons.js';
import { autoscalingReadyCondition } from './status.js';
import { intentOf, planFromReads } from './plan-from-reads.js';
import { hasScalableTarget } from './observe.js';

/** What {@link previewAutoscaling} needs: the reconcile's input, less its retry pacing. */
export type PreviewAutoscalingInput = Omit<ReconcileAutoscalingInput, 'recheckAfterMs'>;

/** What the autoscaling sub-reconciler would do now. */
export interface AutoscalingPreview {
  /** The writes it would make, in order; empty when AWS matches the spec. */
  readonly actions: readonly AutoscalingAction[];
  /**
   * The same, as field changes under `autoscaling` (drift.ts), and the differences of the policies
   * the spec names without adopting them, which no write would make.
   */
  readonly changes: readonly FieldChange[];
  /** True when Application Auto Scaling would own desiredCount after those writes. */
  readonly ownsDesiredCount: boolean;
  /** Set when `spec.autoscaling` is one the operator refuses (the message names the field). */
  readonly invalid?: string | undefined;
  /**
   * With `invalid`: the `AutoscalingReady` condition the sub-reconciler sets for the same spec under
   * Manage (reason `InvalidAutoscaling`), so an observed object reports the same error.
   */
  readonly refused?: ConditionInput | undefined;
}

const NOTHING: AutoscalingPreview = { actions: [], changes: [], ownsDesiredCount: false };

/** Plans the autoscaling of one existing service from reads only (see the file comment). */
export async function previewAutoscaling(input: PreviewAutoscalingInput): Promise<AutoscalingPreview> {
  const { service, spec } = input;
  const resourceId = scalableResourceId(service.clusterName, service.serviceName);
  const options = input.signal === undefined ? {} : { signal: input.signal };
  // As reconcileAutoscaling: with no spec, AWS says whether a target may need cleaning up.
  if (spec === undefined && input.assumeManaged !== true) {
    try {
      if (!(await hasScalableTarget(input.api, resourceId, options))) return NOTHING;
    } catch (err) {
      throw new Error(`reading autoscaling of ${resourceId}`, { cause: err });
    }
  }
  const intent = intentOf(spec, service);
  if (intent !== undefined && isInvalidAutoscaling(intent)) {
    const refused = autoscalingReadyCondition({
      state: 'notReady',
      reason: AutoscalingReason.InvalidAutoscaling,
      message: intent.invalid,
    });
    return { actions: [], changes: [], ownsDesiredCount: true, invalid: intent.invalid, refused };
  }
  try {
    // A label problem holds the ALB policy, as when reconciling: it is not reported as drift.
    const { observed, plan, resolved } = await planFromReads(
      input,
      intent,
      resourceId,
      options,
      input.assumeManaged === true,
    );
    // A policy or scheduled action the spec names but does not adopt is never written, yet differs
    // from the spec: it is drift all the same, shown as the put it would take (ADR 0041).
    const notOwned = (kind: NotOwnedEntry['kind']): Set<string> =>
      new Set(plan.notOwned.filter((n) => n.kind === kind).map((n) => n.name));
    const policies = notOwned('policy');
    const scheduled = notOwned('scheduled action');
    const referenced: AutoscalingAction[] = [
      ...(resolved?.desired.policies ?? [])
        .filter((p) => policies.has(p.policyName))
        .map((policy) => ({ type: 'putScalingPolicy' as const, resourceId, policy })),
      ...(resolved?.desired.stepScaling?.policies ?? [])
        .filter((p) => policies.has(p.policyName))
        .map((policy) => ({ type: 'putStepScalingPolicy' as const, resourceId, policy })),
      ...(resolved?.desired.scheduledActions ?? [])
        .filter((a) => scheduled.has(a.scheduledActionName))
        .map((scheduledAction) => ({ type: 'putScheduledAction' as const, resourceId, scheduledAction })),
    ];
    return {
      actions: plan.actions,
      changes: autoscalingDriftChanges([...plan.actions, ...referenced], observed),
      ownsDesiredCount: plan.ownsDesiredCount,
    };
  } catch (err) {
    throw new Error(`reading autoscaling of ${resourceId}`, { cause: err });
  }
}
