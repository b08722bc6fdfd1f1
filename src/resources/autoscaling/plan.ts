/**
 * The autoscaling planner: a pure function from (desired, observed) to the Application Auto Scaling
 * writes that converge one service, with a reason per write.
 *
 * Ownership rules live here:
 * - only policies named with {@link POLICY_NAME_PREFIX} are ever deleted; besides ours, only a policy
 *   an entry names with `policyName` and `adopt` is ever put (ADR 0041); a named one without `adopt`
 *   is compared and, when it differs, reported in {@link AutoscalingPlan.notOwned}, never written;
 * - scheduled actions follow the same rule: only `ecs-bridge-…` ones are deleted; one an entry names
 *   with `scheduledActionName` is put only with `adopt`, else compared and reported in `notOwned`;
 * - an identical policy is never rewritten (PutScalingPolicy recreates its CloudWatch alarms);
 * - on removal, our policies are deleted before the target is deregistered (AWS cascades the
 *   delete, moto does not, so the plan is right on both), and a target that carries someone else's
 *   policies is left registered, since deregistering it would delete their policies too;
 * - whose a target is, its own tags say (target-ownership.ts, ADR 0047): a target tagged as another
 *   object's or operator instance's is never written; one tagged as this object's is removed with
 *   the spec's autoscaling; an untagged one (registered by hand, or before targets were tagged) only
 *   when AWS shows a policy or scheduled action of ours on it, or the spec claimed it. A registered
 *   target of ours that is not tagged yet is tagged once (TagResource), never again once it is.
 */
import { sameFields } from '../../shared/same-fields.js';
import type { DesiredAutoscaling, DesiredPolicy, SuspendedFlags } from './desired.js';
import { NOT_SUSPENDED, isOurPolicyName, isSameSuspendedState } from './desired.js';
import type { ObservedAutoscaling, ObservedPolicy } from './observe.js';
import type { TargetOwnership } from './target-ownership.js';
import { isSameCustomMetric } from './customized-metric.js';
import { isSamePredictive } from './predictive-scaling.js';
import type { NormalScheduledAction } from './scheduled-actions.js';
import { isOurScheduledActionName, isSameScheduledAction, needsRecreate } from './scheduled-actions.js';
import { isSameStepPolicy, type DesiredStepPolicy } from './step-scaling.js';

/** One Application Auto Scaling write; `apply.ts` turns each into exactly one call. */
export type AutoscalingAction =
  | {
      readonly type: 'registerScalableTarget';
      readonly resourceId: string;
      readonly minCapacity: number;
      readonly maxCapacity: number;
      /** Sent only when the spec states it; left out, AWS keeps the target's current state. */
      readonly suspendedState?: SuspendedFlags | undefined;
      /** The ownership tags, sent only when the target is created (AWS tags only a new target so). */
      readonly tags?: Readonly<Record<string, string>> | undefined;
    }
  | {
      /** TagResource: a target of ours registered before targets were tagged (or an orphan's) gets our tags. */
      readonly type: 'tagScalableTarget';
      readonly resourceId: string;
      readonly targetArn: string;
      readonly tags: Readonly<Record<string, string>>;
    }
  | { readonly type: 'putScalingPolicy'; readonly resourceId: string; readonly policy: DesiredPolicy }
  | {
      readonly type: 'putStepScalingPolicy';
      readonly resourceId: string;
      readonly policy: DesiredStepPolicy;
    }
  | { readonly type: 'deleteScalingPolicy'; readonly resourceId: string; readonly policyName: string }
  | {
      readonly type: 'putScheduledAction';
      readonly resourceId: string;
      readonly scheduledAction: NormalScheduledAction;
    }
  | {
      readonly type: 'deleteScheduledAction';
      readonly resourceId: string;
      readonly scheduledActionName: string;
    }
  | { readonly type: 'deregisterScalableTarget'; readonly resourceId: string };

/** What the planner needs. */
export interface AutoscalingPlanInput {
  /** Undefined when `spec.autoscaling` is not set: remove what is ours. */
  readonly desired: DesiredAutoscaling | undefined;
  readonly observed: ObservedAutoscaling;
  /** Our policies whose desired form is unknown this time (an unresolved ResourceLabel): leave as they are. */
  readonly heldPolicyNames?: readonly string[] | undefined;
  /**
   * With no `desired`: the object's spec claimed the target (it is being deleted and its spec has
   * autoscaling), so a target with nothing on it is ours to deregister. Otherwise only a target AWS
   * shows our policies or scheduled actions on is deregistered: a target registered by hand is left.
   */
  readonly claimsTarget?: boolean | undefined;
  /**
   * Whose the registered target is by its tags (target-ownership.ts); undefined when they were not
   * read (no target, or no ARN to read them by): judged like `untagged`.
   */
  readonly targetOwnership?: TargetOwnership | undefined;
  /** The service's ownership tags a target of ours carries; empty or absent: nothing is tagged. */
  readonly ownershipTags?: Readonly<Record<string, string>> | undefined;
}

/** The writes to make, why, and who owns desiredCount once they are made. */
export interface AutoscalingPlan {
  readonly actions: readonly AutoscalingAction[];
  /** One human-readable reason per action, same order. */
  readonly reasons: readonly string[];
  /**
   * True when, after these actions, Application Auto Scaling owns the service's desiredCount:
   * autoscaling is configured, or a scalable target is still registered.
   */
  readonly ownsDesiredCount: boolean;
  /**
   * On removal only: the policies ecs-bridge did not create that keep the target registered. Empty
   * otherwise.
   */
  readonly foreignPolicies: readonly string[];
  /**
   * Policies and scheduled actions the spec names (`policyName`, `scheduledActionName`) but does not
   * adopt, that are missing or differ from their entry: nothing is written to them (ADR 0041). Empty
   * when there are none.
   */
  readonly notOwned: readonly NotOwnedEntry[];
}

/** One policy or scheduled action the spec references without adopting it, that differs or is missing. */
export interface NotOwnedEntry {
  readonly kind: 'policy' | 'scheduled action';
  /** Its name as AWS has it. */
  readonly name: string;
  readonly missing: boolean;
}

/**
 * What {@link AutoscalingPlan.notOwned} means to a user: which policies, what is wrong, and the fix.
 * The `NotOwned` condition's message and the plan command's note.
 */
export function notOwnedMessage(notOwned: AutoscalingPlan['notOwned']): string {
  const what = notOwned.map((n) =>
    n.missing ? `${n.kind} ${n.name} does not exist` : `${n.kind} ${n.name} differs from its entry`,
  );
  return `policies and scheduled actions the spec names (policyName, scheduledActionName) but does not adopt are only read, never written: ${what.join('; ')}. Set adopt: true on the entry to let ecs-bridge put it as written, or make the entry say what AWS has`;
}

/** True when the observed policy is exactly the desired one (so no write is needed). */
export function isSamePolicy(desired: DesiredPolicy, observed: ObservedPolicy): boolean {
  if (desired.predictive !== undefined || observed.predictive !== undefined) {
    return (
      observed.policyType === 'PredictiveScaling' &&
      desired.predictive !== undefined &&
      observed.predictive !== undefined &&
      isSamePredictive(desired.predictive, observed.predictive)
    );
  }
  return (
    observed.policyType === 'TargetTrackingScaling' &&
    observed.customizedMetric === (desired.customMetrics !== undefined) &&
    isSameCustomMetric(desired.customMetrics, observed.customMetrics) &&
    sameFields(observed, desired, TARGET_TRACKING_FIELDS)
  );
}

/** The target-tracking fields PutScalingPolicy sets, normalised alike on both sides (observe.ts). */
const TARGET_TRACKING_FIELDS = [
  'metricType',
  'resourceLabel',
  'targetValue',
  'scaleInCooldown',
  'scaleOutCooldown',
  'disableScaleIn',
] as const satisfies readonly (keyof DesiredPolicy)[];

function describePolicyChange(desired: DesiredPolicy, observed: ObservedPolicy | undefined): string {
  if (observed === undefined) return `policy ${desired.policyName} is missing`;
  return `policy ${desired.policyName} differs from the spec`;
}

/** `scale-in, scheduled` or `nothing`: the suspended activities, for a reason. */
export function describeSuspended(s: SuspendedFlags): string {
  const names = [
    ...(s.dynamicScalingIn ? ['scale-in'] : []),
    ...(s.dynamicScalingOut ? ['scale-out'] : []),
    ...(s.scheduledScaling ? ['scheduled'] : []),
  ];
  return names.length === 0 ? 'nothing suspended' : `${names.join(', ')} suspended`;
}

/**
 * Scheduled actions: delete ours the spec dropped (and those a put cannot reach, a dropped time
 * bound), then put the missing and different ones. Someone else's are in an action only when an
 * entry names and adopts them, and then never deleted for good (a dropped time bound is a delete
 * and a put); named without adopt, they are compared and reported as not owned (ADR 0041).
 */
function planScheduledActions(
  wanted: readonly NormalScheduledAction[],
  observed: readonly NormalScheduledAction[],
  resourceId: string,
  out: { actions: AutoscalingAction[]; reasons: string[]; notOwned: NotOwnedEntry[] },
): void {
  const { actions, reasons } = out;
  const recreate = new Set<string>();
  for (const d of wanted) {
    if (isOurScheduledActionName(d.scheduledActionName) || d.adopt === true) continue;
    const o = observed.find((a) => a.scheduledActionName === d.scheduledActionName);
    if (o !== undefined && isSameScheduledAction(d, o)) continue;
    out.notOwned.push({ kind: 'scheduled action', name: d.scheduledActionName, missing: o === undefined });
  }
  // Ours, and the adopted ones the spec still names (a dropped entry releases an adopted action).
  const managed = observed.filter(
    (o) =>
      isOurScheduledActionName(o.scheduledActionName) ||
      wanted.some((w) => w.adopt === true && w.scheduledActionName === o.scheduledActionName),
  );
  for (const o of managed) {
    const d = wanted.find((w) => w.scheduledActionName === o.scheduledActionName);
    if (d !== undefined && !needsRecreate(d, o)) continue;
    if (d !== undefined) recreate.add(o.scheduledActionName);
    actions.push({ type: 'deleteScheduledAction', resourceId, scheduledActionName: o.scheduledActionName });
    reasons.push(
      d === undefined
        ? `scheduled action ${o.scheduledActionName} is no longer in the spec`
        : `scheduled action ${o.scheduledActionName} lost a start or end time, which only a new action can drop`,
    );
  }
  for (const d of wanted) {
    // Referenced without adopt: compared above, never written.
    if (!isOurScheduledActionName(d.scheduledActionName) && d.adopt !== true) continue;
    const o = managed.find((a) => a.scheduledActionName === d.scheduledActionName);
    if (o !== undefined && !recreate.has(d.scheduledActionName) && isSameScheduledAction(d, o)) continue;
    actions.push({ type: 'putScheduledAction', resourceId, scheduledAction: d });
    reasons.push(
      o === undefined || recreate.has(d.scheduledActionName)
        ? `scheduled action ${d.scheduledActionName} is missing`
        : `scheduled action ${d.scheduledActionName} differs from the spec`,
    );
  }
}

/** The removal of the service's autoscaling (no `spec.autoscaling`): what is ours goes. Pure. */
function planRemoval(input: AutoscalingPlanInput): AutoscalingPlan {
  const { observed } = input;
  const actions: AutoscalingAction[] = [];
  const reasons: string[] = [];
  const resourceId = observed.resourceId;
  // Another object's or operator instance's target: nothing on it is this object's to remove.
  if (observed.target !== undefined && input.targetOwnership === 'foreign') {
    return { actions, reasons, ownsDesiredCount: false, foreignPolicies: [], notOwned: [] };
  }
  const ours = observed.policies.filter((p) => isOurPolicyName(p.policyName));
  const scheduled = observed.scheduledActions ?? [];
  const ourScheduled = scheduled.filter((a) => isOurScheduledActionName(a.scheduledActionName));
  for (const p of ours) {
    actions.push({ type: 'deleteScalingPolicy', resourceId, policyName: p.policyName });
    reasons.push(`autoscaling was removed from the spec: delete policy ${p.policyName}`);
  }
  for (const a of ourScheduled) {
    actions.push({ type: 'deleteScheduledAction', resourceId, scheduledActionName: a.scheduledActionName });
    reasons.push(`autoscaling was removed from the spec: delete scheduled action ${a.scheduledActionName}`);
  }
  if (observed.target === undefined) {
    return { actions, reasons, ownsDesiredCount: false, foreignPolicies: [], notOwned: [] };
  }
  // Deregistering the target would delete someone else's policies and scheduled actions with it.
  const foreignPolicies = [
    ...observed.policies.filter((p) => !isOurPolicyName(p.policyName)).map((p) => p.policyName),
    ...scheduled
      .filter((a) => !isOurScheduledActionName(a.scheduledActionName))
      .map((a) => `scheduled action ${a.scheduledActionName}`),
  ];
  if (foreignPolicies.length > 0) {
    return { actions, reasons, ownsDesiredCount: true, foreignPolicies, notOwned: [] };
  }
  // Not tagged as ours and nothing of ours on it: registered by hand, so it stays.
  if (
    input.targetOwnership !== 'ours' &&
    ours.length === 0 &&
    ourScheduled.length === 0 &&
    input.claimsTarget !== true
  ) {
    return { actions, reasons, ownsDesiredCount: false, foreignPolicies: [], notOwned: [] };
  }
  actions.push({ type: 'deregisterScalableTarget', resourceId });
  reasons.push('autoscaling was removed from the spec: deregister the scalable target');
  return { actions, reasons, ownsDesiredCount: false, foreignPolicies: [], notOwned: [] };
}

/** Plans the writes that converge the service's autoscaling. Pure. */
export function planAutoscaling(input: AutoscalingPlanInput): AutoscalingPlan {
  const { desired, observed } = input;
  const held = new Set(input.heldPolicyNames ?? []);
  const actions: AutoscalingAction[] = [];
  const reasons: string[] = [];
  const resourceId = observed.resourceId;
  const ours = observed.policies.filter((p) => isOurPolicyName(p.policyName));
  const scheduled = observed.scheduledActions ?? [];

  if (desired === undefined) return planRemoval(input);

  const t = observed.target;
  const tags =
    input.ownershipTags === undefined || Object.keys(input.ownershipTags).length === 0
      ? undefined
      : input.ownershipTags;
  // A target of ours not tagged yet (registered before targets were tagged, or by an earlier
  // object of this name) is tagged once; a tagged one never again, another's never.
  if (
    t?.arn !== undefined &&
    tags !== undefined &&
    (input.targetOwnership === 'untagged' || input.targetOwnership === 'orphaned')
  ) {
    actions.push({ type: 'tagScalableTarget', resourceId, targetArn: t.arn, tags });
    reasons.push('the scalable target does not carry the ownership tags of this object yet');
  }
  const capacityDiffers =
    t !== undefined && (t.minCapacity !== desired.minCapacity || t.maxCapacity !== desired.maxCapacity);
  const suspendDiffers =
    t !== undefined &&
    desired.suspendedState !== undefined &&
    !isSameSuspendedState(t.suspendedState ?? NOT_SUSPENDED, desired.suspendedState);
  if (t === undefined || capacityDiffers || suspendDiffers) {
    actions.push({
      type: 'registerScalableTarget',
      resourceId,
      minCapacity: desired.minCapacity,
      maxCapacity: desired.maxCapacity,
      ...(desired.suspendedState === undefined ? {} : { suspendedState: desired.suspendedState }),
      ...(t === undefined && tags !== undefined ? { tags } : {}),
    });
    const why: string[] = [];
    if (t === undefined) why.push('the scalable target is not registered');
    if (capacityDiffers)
      why.push(
        `capacity is [${t.minCapacity}, ${t.maxCapacity}], the spec says [${desired.minCapacity}, ${desired.maxCapacity}]`,
      );
    if (suspendDiffers && desired.suspendedState !== undefined)
      why.push(
        `suspended state is ${describeSuspended(t.suspendedState ?? NOT_SUSPENDED)}, the spec says ${describeSuspended(desired.suspendedState)}`,
      );
    reasons.push(why.join('; '));
  }

  const wantedSteps = desired.stepScaling?.policies ?? [];
  const wanted = new Set([...desired.policies, ...wantedSteps].map((p) => p.policyName));
  // Deletes before puts: a policy quota freed by a delete is then available to a put.
  for (const p of ours) {
    if (wanted.has(p.policyName) || held.has(p.policyName)) continue;
    actions.push({ type: 'deleteScalingPolicy', resourceId, policyName: p.policyName });
    reasons.push(`policy ${p.policyName} is no longer in the spec`);
  }
  const notOwned: NotOwnedEntry[] = [];
  // Name order whatever the caller's order, so a plan is deterministic.
  for (const d of [...desired.policies].sort((a, b) =>
    a.policyName < b.policyName ? -1 : a.policyName > b.policyName ? 1 : 0,
  )) {
    const o = observed.policies.find((p) => p.policyName === d.policyName);
    if (o !== undefined && isSamePolicy(d, o)) continue;
    // Someone else's policy the spec only references: compared, never written.
    if (!isOurPolicyName(d.policyName) && d.adopt !== true) {
      notOwned.push({ kind: 'policy', name: d.policyName, missing: o === undefined });
      continue;
    }
    actions.push({ type: 'putScalingPolicy', resourceId, policy: d });
    reasons.push(describePolicyChange(d, o));
  }
  for (const d of wantedSteps) {
    const o = observed.stepPolicies?.find((p) => p.policyName === d.policyName);
    if (o !== undefined && isSameStepPolicy(d, o)) continue;
    // Someone else's step policy the spec only references: compared, never written.
    if (!isOurPolicyName(d.policyName) && d.adopt !== true) {
      notOwned.push({ kind: 'policy', name: d.policyName, missing: o === undefined });
      continue;
    }
    actions.push({ type: 'putStepScalingPolicy', resourceId, policy: d });
    reasons.push(
      observed.policies.some((p) => p.policyName === d.policyName)
        ? `step scaling policy ${d.policyName} differs from the spec`
        : `step scaling policy ${d.policyName} is missing`,
    );
  }
  planScheduledActions(desired.scheduledActions ?? [], scheduled, resourceId, { actions, reasons, notOwned });
  return { actions, reasons, ownsDesiredCount: true, foreignPolicies: [], notOwned };
}
