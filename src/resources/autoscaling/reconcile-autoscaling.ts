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
import type { CloudWatchApi } from '../../aws/cloudwatch-api.js';
import { planAlarmPuts, planAlarmRemovals, type AlarmAction, type ObservedAlarm } from './alarms.js';
import {
  applyAlarmAction,
  ourStepPolicyNames,
  ownedAlarmOfPolicy,
  readStepAlarms,
  referencedAlarmProblem,
  stepAlarmStatus,
} from './step-alarms.js';
import type { LoadBalancingApi } from '../../aws/load-balancing-api.js';
import { TerminalError } from '../../controller/reconciler.js';
import type { ConditionInput } from '../../k8s/conditions.js';
import { judgePartAwsError, type TerminalAwsErrorKind } from '../failure-table.js';
import { applyAutoscalingAction } from './apply.js';
import { observedAfterWrites, type AnsweredWrite } from './after-writes.js';
import { AUTOSCALING_FAILURES } from './failure-table.js';
import type { AutoscalingSpec, ServiceLoadBalancer, resolveDesiredAutoscaling } from './desired.js';
import { isInvalidAutoscaling, scalableResourceId } from './desired.js';
import type { ObservedAutoscaling } from './observe.js';
import { hasScalableTarget, observeAutoscaling } from './observe.js';
import { notOwnedMessage, type AutoscalingAction, type AutoscalingPlan } from './plan.js';
import { intentOf, planFromReads } from './plan-from-reads.js';
import { AutoscalingReason } from './reasons.js';
import {
  scalingActivityNotices,
  scalingActivityStatus,
  type ScalingActivityNotice,
} from './scaling-activities.js';
import type { AutoscalingState, AutoscalingStatus } from './status.js';
import { autoscalingReadyCondition, autoscalingStatus } from './status.js';
import type { LabelProblem } from './target-group-label.js';

/** How long to wait before looking at a target group again after a problem the user must fix. */
export const DEFAULT_RECHECK_AFTER_MS = 5 * 60_000;

/** What {@link reconcileAutoscaling} needs. */
export interface ReconcileAutoscalingInput {
  readonly api: AutoscalingApi;
  /** Only `describeTargetGroups` is called. */
  readonly loadBalancing: Pick<LoadBalancingApi, 'describeTargetGroups'>;
  /** The alarms of step scaling policies; needed only when the spec has some or AWS has ours. */
  readonly cloudwatch?: CloudWatchApi | undefined;
  readonly service: {
    /** The cluster name (an ARN is accepted: its last segment is used). */
    readonly clusterName: string;
    readonly serviceName: string;
    /** The service's load balancers; the ALB policy's default target group is the first one's. */
    readonly loadBalancers?: readonly ServiceLoadBalancer[] | undefined;
    /** The service's current desiredCount as ECS reports it; shown in status as autoscaling's choice. */
    readonly desiredCount?: number | undefined;
    /** The service's ownership tags (`ecs-bridge.dev/*`), copied onto the alarms ecs-bridge creates. */
    readonly ownershipTags?: readonly { readonly key: string; readonly value: string }[] | undefined;
  };
  /** `spec.autoscaling`; undefined when not set (then anything of ours left over is removed). */
  readonly spec: AutoscalingSpec | undefined;
  /**
   * `status.autoscaling` as last written: only a report carried forward when a read fails. Never
   * what decides a read, a write or who owns desiredCount: without a spec, AWS says whether a target
   * is registered, the target's own tags and what AWS shows on it say what is ours
   * (target-ownership.ts, ADR 0047), and its scheduled actions are read on every visit.
   */
  readonly previousStatus?: AutoscalingStatus | undefined;
  /**
   * The spec claims the target although `spec` is undefined (the service is being deleted and its
   * spec had autoscaling): observe without the target check, and deregister a target with nothing
   * on it too.
   */
  readonly assumeManaged?: boolean | undefined;
  /** The reconcile's abort signal, passed to every AWS call. */
  readonly signal?: AbortSignal | undefined;
  /** Overrides {@link DEFAULT_RECHECK_AFTER_MS}. */
  readonly recheckAfterMs?: number | undefined;
}

/** The result of one autoscaling reconcile. */
export interface AutoscalingOutcome {
  /** `status.autoscaling`; undefined when no scalable target is registered. */
  readonly status: AutoscalingStatus | undefined;
  /** The `AutoscalingReady` condition, to be folded into `Ready`. */
  readonly condition: ConditionInput;
  /**
   * True when Application Auto Scaling owns desiredCount now: the service planner must then leave
   * desiredCount out of UpdateService and not count a different running count as drift. False only
   * once no target of ours is registered; then the spec's desiredCount applies again.
   */
  readonly ownsDesiredCount: boolean;
  /** Come back after this long (a target group problem the user must fix). */
  readonly requeueAfterMs?: number;
  /** True when retrying cannot help: write status, then throw {@link terminalErrorOf}(outcome). */
  readonly terminal: boolean;
  /** The writes made, in order (for events and logs). */
  readonly applied: readonly AutoscalingAction[];
  /**
   * The target's recent finished scaling activities, for the caller to relay as Events, each once
   * (empty when none were read: no target, or the read failed; absent when the visit ended early).
   */
  readonly activities?: readonly ScalingActivityNotice[];
}

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

/** The TerminalError the caller throws, after writing status, for a terminal outcome; else undefined. */
export function terminalErrorOf(outcome: AutoscalingOutcome): TerminalError | undefined {
  return outcome.terminal
    ? new TerminalError(outcome.condition.reason, outcome.condition.message)
    : undefined;
}

function terminalMessage(kind: TerminalAwsErrorKind, resourceId: string, aws: string): string {
  switch (kind) {
    case 'quota':
      return `an Application Auto Scaling quota is used up for ${resourceId} (${aws}); raise it in Service Quotas or remove unused scalable targets or policies, then change the object to retry`;
    case 'accessDenied':
      return `the operator may not manage autoscaling of ${resourceId} (${aws}); grant it the application-autoscaling actions and elasticloadbalancing:DescribeTargetGroups (see the IAM notes), then change the object to retry`;
    case 'invalid':
      return `AWS rejected the autoscaling of ${resourceId} (${aws}); correct spec.autoscaling`;
  }
}

function terminalOutcome(
  reason: AutoscalingState & { state: 'notReady' },
  status: AutoscalingStatus | undefined,
  ownsDesiredCount: boolean,
  applied: readonly AutoscalingAction[],
): AutoscalingOutcome {
  return { status, condition: autoscalingReadyCondition(reason), ownsDesiredCount, terminal: true, applied };
}

/**
 * Autoscaling planned from reads only, its writes not made yet: the EcsService reconciler plans its
 * own UpdateService from {@link ownsDesiredCount}, runs its write guards over the visit, and only
 * then calls {@link apply}. A plan that already knows how autoscaling ends (not configured, an
 * invalid spec, a terminal read error) writes nothing and `apply` answers that outcome.
 */
export interface PlannedAutoscaling {
  /** True when Application Auto Scaling owns desiredCount once the planned writes land. */
  readonly ownsDesiredCount: boolean;
  /** The writes {@link apply} makes, in order. */
  readonly actions: readonly AutoscalingAction[];
  /** Makes the writes, derives the status they made (a read-back only after scheduled action writes), and reports (error contract: file comment). */
  apply(): Promise<AutoscalingOutcome>;
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

/** The alarms of the step policies as read before the writes, and the owned ones to delete first. */
interface StepAlarmsPlan {
  readonly cloudwatch: CloudWatchApi;
  readonly seen: ReadonlyMap<string, ObservedAlarm>;
  readonly removals: readonly AlarmAction[];
}

/**
 * Reads the step policies' alarms when there is step scaling to converge (the spec has some, or
 * AWS still has one of ours), and plans the deletes of the owned alarms whose policies go.
 */
async function planStepAlarms(
  input: ReconcileAutoscalingInput,
  resolved: ReturnType<typeof resolveDesiredAutoscaling> | undefined,
  observed: ObservedAutoscaling,
  options: { signal?: AbortSignal },
): Promise<StepAlarmsPlan | undefined> {
  const wanted = resolved?.desired.stepScaling?.alarms ?? [];
  const ours = ourStepPolicyNames(observed.stepPolicies);
  if (wanted.length === 0 && ours.length === 0) return undefined;
  const { cloudwatch } = input;
  if (cloudwatch === undefined) throw new Error('step scaling needs the CloudWatch API, which was not given');
  const ownedOf = (policyName: string): string => ownedAlarmOfPolicy(input.service, policyName);
  const seen = await readStepAlarms(
    cloudwatch,
    [...wanted.map((a) => a.alarmName), ...ours.map(ownedOf)],
    options,
  );
  return { cloudwatch, seen, removals: planAlarmRemovals(wanted, ownedOf, ours, seen) };
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
    const alarms = await convergeStepAlarms(input, p, after, options);
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

    if (labelProblem?.reason === AutoscalingReason.InvalidAutoscaling) {
      return {
        ...terminalOutcome({ state: 'notReady', ...labelProblem }, status, plan.ownsDesiredCount, applied),
        activities: notices,
      };
    }
    if (labelProblem !== undefined) {
      return {
        status,
        condition: autoscalingReadyCondition({ state: 'notReady', ...labelProblem }),
        ownsDesiredCount: plan.ownsDesiredCount,
        requeueAfterMs: recheckAfterMs,
        terminal: false,
        applied,
        activities: notices,
      };
    }
    if (alarmProblem !== undefined) {
      return {
        status,
        condition: autoscalingReadyCondition({ state: 'notReady', ...alarmProblem }),
        ownsDesiredCount: plan.ownsDesiredCount,
        requeueAfterMs: recheckAfterMs,
        terminal: false,
        applied,
        activities: notices,
      };
    }
    if (plan.notOwned.length > 0) {
      return {
        status,
        condition: autoscalingReadyCondition({
          state: 'notReady',
          reason: AutoscalingReason.NotOwned,
          message: notOwnedMessage(plan.notOwned),
        }),
        ownsDesiredCount: plan.ownsDesiredCount,
        requeueAfterMs: recheckAfterMs,
        terminal: false,
        applied,
        activities: notices,
      };
    }
    if (plan.foreignPolicies.length > 0) {
      return {
        status,
        condition: autoscalingReadyCondition({
          state: 'notReady',
          reason: AutoscalingReason.ForeignPoliciesRemain,
          message: `autoscaling was removed from the spec, but scalable target ${resourceId} also carries policies ecs-bridge did not create (${plan.foreignPolicies.join(', ')}); it stays registered and keeps owning desiredCount until they are deleted`,
        }),
        ownsDesiredCount: plan.ownsDesiredCount,
        requeueAfterMs: recheckAfterMs,
        terminal: false,
        applied,
        activities: notices,
      };
    }
    if (resolved === undefined) {
      return {
        status,
        condition: autoscalingReadyCondition({ state: 'notConfigured' }),
        ownsDesiredCount: plan.ownsDesiredCount,
        terminal: false,
        applied,
        activities: notices,
      };
    }
    return {
      status,
      condition: autoscalingReadyCondition({
        state: 'ready',
        resourceId,
        minCapacity: resolved.desired.minCapacity,
        maxCapacity: resolved.desired.maxCapacity,
        policyNames: [
          ...resolved.desired.policies.map((p) => p.policyName),
          ...(resolved.desired.stepScaling?.policies ?? []).map((p) => p.policyName),
        ],
        suspended: status?.suspended,
      }),
      ownsDesiredCount: plan.ownsDesiredCount,
      terminal: false,
      applied,
      activities: notices,
    };
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
  // Status must record a target this reconcile registered before failing: it is how a later
  // reconcile without spec.autoscaling knows there is something of ours to remove.
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

/**
 * Creates or updates the owned alarms of the step policies once the policies exist (their ARNs,
 * from the read-back, are the alarms' actions), then reports every desired alarm as CloudWatch has
 * it. Undefined when there is no step scaling to converge.
 */
async function convergeStepAlarms(
  input: ReconcileAutoscalingInput,
  p: PlannedWrites,
  after: ObservedAutoscaling,
  options: { signal?: AbortSignal },
): Promise<AutoscalingStatus['alarms']> {
  const steps = p.steps;
  if (steps === undefined) return undefined;
  const wanted = p.resolved?.desired.stepScaling?.alarms ?? [];
  const arns = new Map(
    (after.stepPolicies ?? []).flatMap((s) =>
      s.policyArn === undefined ? [] : [[s.policyName, s.policyArn] as const],
    ),
  );
  const puts = planAlarmPuts(wanted, arns, steps.seen, input.service.ownershipTags ?? []);
  for (const action of puts.actions) await applyAlarmAction(steps.cloudwatch, action, options);
  const seen =
    puts.actions.length === 0 && steps.removals.length === 0
      ? steps.seen
      : await readStepAlarms(
          steps.cloudwatch,
          wanted.map((a) => a.alarmName),
          options,
        );
  return stepAlarmStatus(wanted, seen, after.stepPolicies);
}
