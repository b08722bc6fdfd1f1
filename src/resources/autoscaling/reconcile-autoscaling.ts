/**
 * Converges the autoscaling of one existing ECS service: desired → observe → plan → apply →
 * status, in two halves the EcsService reconciler calls in its own order: {@link planAutoscalingWrites}
 * (reads only) before it plans its UpdateService (whose `desiredCount` depends on
 * {@link PlannedAutoscaling.ownsDesiredCount}), and the plan's `apply` after its write guards allowed
 * the visit's writes. {@link reconcileAutoscaling} runs both at once.
 *
 * Error contract:
 * - throttling, `ConcurrentUpdateException`, 5xx and network errors are thrown (wrapped, with the
 *   AWS error as `cause`), so the work queue retries with backoff;
 * - quota (`LimitExceededException`), access denied and invalid input come back as an outcome with
 *   `terminal: true` and a False `AutoscalingReady` condition: the caller writes status, then throws
 *   {@link terminalErrorOf}'s TerminalError so the key waits for the object to change;
 * - a target group the user must fix (not attached, not on an ALB, not found) comes back as a False
 *   condition with `requeueAfterMs` (a slow recheck), not as an error.
 */
import type { ScalingActivity } from '@aws-sdk/client-application-auto-scaling';
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';
import { judgePartAwsError } from '../failure-table.js';
import { applyAutoscalingAction } from './apply.js';
import { observedAfterWrites, type AnsweredWrite } from './after-writes.js';
import { settledOutcome, terminalMessage, terminalOutcome } from './autoscaling-outcome.js';
import { convergeStepAlarms, planStepAlarms, type StepAlarmsPlan } from './converge-step-alarms.js';
import { AUTOSCALING_FAILURES } from './failure-table.js';
import type { resolveDesiredAutoscaling } from './desired.js';
import { isInvalidAutoscaling, scalableResourceId } from './desired.js';
import type { ObservedAutoscaling } from './observe.js';
import { hasScalableTarget, observeAutoscaling } from './observe.js';
import type { AutoscalingAction, AutoscalingPlan } from './plan.js';
import { intentOf, planFromReads } from './plan-from-reads.js';
import { AutoscalingReason } from './reasons.js';
import type { AutoscalingOutcome, PlannedAutoscaling, ReconcileAutoscalingInput } from './reconcile-types.js';
import { scalingActivityNotices, scalingActivityStatus } from './scaling-activities.js';
import { autoscalingReadyCondition, autoscalingStatus } from './status.js';
import { applyAlarmAction, referencedAlarmProblem } from './step-alarms.js';
import type { LabelProblem } from './target-group-label.js';

export type { AutoscalingOutcome, PlannedAutoscaling, ReconcileAutoscalingInput } from './reconcile-types.js';
export { terminalErrorOf } from './autoscaling-outcome.js';

/** How long to wait before looking at a target group again after a problem the user must fix. */
export const DEFAULT_RECHECK_AFTER_MS = 5 * 60_000;

/**
 * The target's recent scaling activities (a shared namespace listing, scaling-activity-listing.ts),
 * or undefined when the API has none or the read failed: activities are a report, so a throttled or
 * refused read (an IAM policy without DescribeScalingActivities) costs the report, never the visit.
 */
async function readActivities(
  api: AutoscalingApi,
  resourceId: string,
  options: { signal?: AbortSignal },
): Promise<ScalingActivity[] | undefined> {
  if (api.describeScalingActivities === undefined) return undefined;
  try {
    return await api.describeScalingActivities(resourceId, options);
  } catch {
    return undefined;
  }
}

/** A plan whose outcome is known without a write. */
function concluded(outcome: AutoscalingOutcome): PlannedAutoscaling {
  return { ownsDesiredCount: outcome.ownsDesiredCount, actions: [], apply: () => Promise.resolve(outcome) };
}

/**
 * Converges the scalable target and target-tracking policies of one existing ECS service to
 * `spec.autoscaling` (see the file comment for the error contract): {@link planAutoscalingWrites}
 * then its `apply`, in one call (the deletion path, and callers that guard nothing).
 */
export async function reconcileAutoscaling(input: ReconcileAutoscalingInput): Promise<AutoscalingOutcome> {
  return (await planAutoscalingWrites(input)).apply();
}

/**
 * The reads and the plan of {@link reconcileAutoscaling}, no write: DescribeTargetGroups when an
 * ALB policy is configured, DescribeScalableTargets and DescribeScalingPolicies. Retryable read
 * errors are thrown; terminal ones come back as a plan that writes nothing.
 */
export async function planAutoscalingWrites(input: ReconcileAutoscalingInput): Promise<PlannedAutoscaling> {
  const { service, spec, previousStatus } = input;
  const resourceId = scalableResourceId(service.clusterName, service.serviceName);
  const options = input.signal === undefined ? {} : { signal: input.signal };

  // Without a spec, AWS (never status) says whether there may be anything to clean up: one shared
  // listing read (ADR 0029) finds no target for a service that never had autoscaling.
  if (spec === undefined && input.assumeManaged !== true) {
    try {
      if (!(await hasScalableTarget(input.api, resourceId, options))) {
        return concluded({
          status: undefined,
          condition: autoscalingReadyCondition({ state: 'notConfigured' }),
          ownsDesiredCount: false,
          terminal: false,
          applied: [],
        });
      }
    } catch (err) {
      return concluded(await failedOutcome(input, err, resourceId, undefined, [], false));
    }
  }

  const intent = intentOf(spec, service);
  if (intent !== undefined && isInvalidAutoscaling(intent)) {
    return concluded(
      terminalOutcome(
        { state: 'notReady', reason: AutoscalingReason.InvalidAutoscaling, message: intent.invalid },
        previousStatus,
        true,
        [],
      ),
    );
  }

  try {
    const { labelProblem, resolved, observed, plan } = await planFromReads(
      input,
      intent,
      resourceId,
      options,
      input.assumeManaged === true,
    );
    const steps = await planStepAlarms(input, resolved, observed, options);
    return {
      ownsDesiredCount: plan.ownsDesiredCount,
      actions: plan.actions,
      apply: () =>
        applyPlanned(input, {
          resourceId,
          seen: observed,
          plan,
          resolved,
          labelProblem,
          steps,
        }),
    };
  } catch (err) {
    // Nothing was seen: the reads are what failed. Without a spec, a target was found registered
    // (or the deleted spec claimed one), so the count stays autoscaling's.
    return concluded(await failedOutcome(input, err, resourceId, undefined, [], true));
  }
}

/** What {@link applyPlanned} works from: the plan and what its reads found. */
interface PlannedWrites {
  readonly resourceId: string;
  readonly seen: ObservedAutoscaling;
  readonly plan: AutoscalingPlan;
  readonly resolved: ReturnType<typeof resolveDesiredAutoscaling> | undefined;
  readonly labelProblem: LabelProblem | undefined;
  /** The step policies' alarms; undefined when there is no step scaling to converge. */
  readonly steps: StepAlarmsPlan | undefined;
}

/** The writes of a plan, one at a time, then the outcome from what they made (after-writes.ts). */
async function applyPlanned(input: ReconcileAutoscalingInput, p: PlannedWrites): Promise<AutoscalingOutcome> {
  const { api, service } = input;
  const { resourceId, plan, resolved, labelProblem } = p;
  const recheckAfterMs = input.recheckAfterMs ?? DEFAULT_RECHECK_AFTER_MS;
  const options = input.signal === undefined ? {} : { signal: input.signal };
  const applied: AutoscalingAction[] = [];
  const answered: AnsweredWrite[] = [];
  try {
    // The owned alarms of step policies that go are deleted before the policies: a failure in
    // between leaves the policy, whose name leads the next visit to its alarm.
    if (p.steps !== undefined)
      for (const action of p.steps.removals) await applyAlarmAction(p.steps.cloudwatch, action, options);
    // One at a time, in plan order: deletes must land before the deregister, the target before its policies.
    for (const action of plan.actions) {
      const alarmNames = await applyAutoscalingAction(api, action, options);
      applied.push(action);
      answered.push({ action, alarmNames });
    }
    // What the writes made, from what they sent and answered: no read-back (after-writes.ts),
    // except after scheduled action writes.
    const after =
      applied.length === 0
        ? p.seen
        : (observedAfterWrites(p.seen, answered) ??
          (await observeAutoscaling(api, resourceId, options, true)));
    const alarms = await convergeStepAlarms(input, p.steps, resolved, after, options);
    const baseStatus = autoscalingStatus(after, service.desiredCount);
    const withAlarms =
      baseStatus === undefined || alarms === undefined || alarms.length === 0
        ? baseStatus
        : { ...baseStatus, alarms };
    // Activities only while a target is registered: without one there is nothing of ours to scale.
    const activities = withAlarms === undefined ? undefined : await readActivities(api, resourceId, options);
    const status =
      withAlarms === undefined || activities === undefined || activities.length === 0
        ? withAlarms
        : { ...withAlarms, activities: scalingActivityStatus(activities) };
    const notices = activities === undefined ? [] : scalingActivityNotices(activities);
    const alarmProblem = alarms === undefined ? undefined : referencedAlarmProblem(alarms);

    return settledOutcome({
      resourceId,
      status,
      plan,
      resolved,
      labelProblem,
      alarmProblem,
      recheckAfterMs,
      applied,
      activities: notices,
    });
  } catch (err) {
    return failedOutcome(input, err, resourceId, p.seen, applied);
  }
}

/**
 * A failed call, judged by the autoscaling failure table: terminal errors come back as an outcome
 * (after a read-back when writes landed), retried ones are thrown wrapped.
 */
async function failedOutcome(
  input: ReconcileAutoscalingInput,
  err: unknown,
  resourceId: string,
  observed: ObservedAutoscaling | undefined,
  applied: readonly AutoscalingAction[],
  /** Whether AWS showed a target registered, when `observed` is undefined (nothing else was read). */
  targetRegistered = false,
): Promise<AutoscalingOutcome> {
  const { api, service, spec, previousStatus } = input;
  const options = input.signal === undefined ? {} : { signal: input.signal };
  const judged = judgePartAwsError(err, AUTOSCALING_FAILURES);
  if (!judged.terminal) throw new Error(`reconciling autoscaling of ${resourceId}`, { cause: err });
  const c = judged.error;
  // The report shows a target this reconcile registered before failing.
  let seen = observed;
  if (applied.length > 0) {
    try {
      seen = await observeAutoscaling(api, resourceId, options, true);
    } catch {
      // Keep what was seen before the writes; the next reconcile observes again.
    }
  }
  // While a target may still be registered, the count stays autoscaling's (AWS says so, not status).
  const owns = spec !== undefined || (seen === undefined ? targetRegistered : seen.target !== undefined);
  const status = seen === undefined ? previousStatus : autoscalingStatus(seen, service.desiredCount);
  return terminalOutcome(
    {
      state: 'notReady',
      reason: judged.reason,
      message: terminalMessage(judged.kind, resourceId, `${c.code}: ${c.message}`),
    },
    status,
    owns,
    applied,
  );
}
