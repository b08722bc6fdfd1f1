/**
 * Reads one ECS service's scalable target and scaling policies from Application Auto Scaling and
 * maps them into the normalised shape the planner compares with {@link DesiredAutoscaling}: AWS
 * defaults filled in, server-only fields kept apart, policies sorted by name.
 */
import type { ScalableTarget, ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { classifyAwsError } from '../../aws/errors.js';
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';
import { ECS_DESIRED_COUNT_DIMENSION } from '../../aws/autoscaling-api.js';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import { DEFAULT_COOLDOWN_SECONDS, type SuspendedFlags } from './desired.js';
import { normalisePredictive } from './predictive-scaling.js';
import { normaliseCustomizedMetric } from './customized-metric.js';
import { normaliseScheduledAction, type NormalScheduledAction } from './scheduled-actions.js';
import { observeStepPolicy, type ObservedStepPolicy } from './step-scaling.js';
import type { CapacityRange, TargetTrackingSettings } from './target-tracking-settings.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** The scalable target as observed: only what we set. */
export interface ObservedTarget extends CapacityRange {
  /**
   * Every flag explicit: a flag AWS leaves out (or moto's null state) is AWS's default, false.
   * {@link normaliseScalableTarget} always sets it; absent (a hand-built observation) means nothing suspended.
   */
  readonly suspendedState?: SuspendedFlags | undefined;
  /** Server-only: the registration's `ScalableTargetARN`, whose tags say whose it is (target-ownership.ts). */
  readonly arn?: string | undefined;
}

/**
 * A scaling policy as observed. Target-tracking fields are normalised like a DesiredPolicy so the
 * two compare field by field; a policy that is not predefined-metric target tracking keeps
 * `metricType` undefined and never equals a desired policy.
 */
export interface ObservedPolicy extends TargetTrackingSettings {
  readonly policyName: string;
  /** PolicyType: `TargetTrackingScaling`, `StepScaling` or `PredictiveScaling`. */
  readonly policyType: string;
  /** PredefinedMetricType; undefined when the policy has no predefined metric. */
  readonly metricType?: string | undefined;
  /** TargetValue, or a predictive policy's target value; undefined for a step policy. */
  readonly targetValue?: number | undefined;
  /** True when a customized metric is set instead of (or beside) a predefined one. */
  readonly customizedMetric: boolean;
  /** Server-only: the CloudWatch alarms target tracking created, as AWS names them. */
  readonly alarmNames: readonly string[];
}

/** The autoscaling of one service as AWS has it. */
export interface ObservedAutoscaling {
  readonly resourceId: string;
  /** Undefined when no scalable target is registered for the service. */
  readonly target?: ObservedTarget | undefined;
  /** Every policy on the service's target, ours and others', sorted by name. */
  readonly policies: readonly ObservedPolicy[];
  /**
   * Every scheduled action on the target, ours and others', sorted by name; undefined when they were
   * not read (nothing of ours could be there, see {@link observeAutoscaling}).
   */
  readonly scheduledActions?: readonly NormalScheduledAction[] | undefined;
  /**
   * The step scaling policies among {@link policies} (ours and others'), with their ARNs, sorted by
   * name; absent in a hand-built observation (then none).
   */
  readonly stepPolicies?: readonly ObservedStepPolicy[] | undefined;
}

/** Maps one DescribeScalingPolicies entry into the normalised shape. */
export function normaliseScalingPolicy(p: ScalingPolicy): ObservedPolicy {
  const tt = p.TargetTrackingScalingPolicyConfiguration;
  const predefined = tt?.PredefinedMetricSpecification;
  const label = predefined?.ResourceLabel;
  const predictive =
    p.PredictiveScalingPolicyConfiguration === undefined
      ? undefined
      : normalisePredictive(p.PredictiveScalingPolicyConfiguration);
  return {
    policyName: p.PolicyName ?? '',
    policyType: p.PolicyType ?? '',
    metricType: predefined?.PredefinedMetricType,
    resourceLabel: label === '' ? undefined : label,
    targetValue: tt?.TargetValue ?? predictive?.targetValue,
    // AWS leaves unset cooldowns out of the answer and applies its ECS default of 300 s.
    scaleInCooldown: tt?.ScaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS,
    scaleOutCooldown: tt?.ScaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS,
    disableScaleIn: tt?.DisableScaleIn ?? false,
    customizedMetric: tt?.CustomizedMetricSpecification !== undefined,
    ...(tt?.CustomizedMetricSpecification === undefined
      ? {}
      : { customMetrics: normaliseCustomizedMetric(tt.CustomizedMetricSpecification) }),
    ...(predictive === undefined ? {} : { predictive }),
    alarmNames: (p.Alarms ?? []).flatMap((a) => (a.AlarmName === undefined ? [] : [a.AlarmName])).sort(),
  };
}

/** Maps one DescribeScalableTargets entry into the normalised shape. */
export function normaliseScalableTarget(t: ScalableTarget): ObservedTarget {
  const s = t.SuspendedState;
  return {
    minCapacity: t.MinCapacity ?? 0,
    maxCapacity: t.MaxCapacity ?? 0,
    suspendedState: {
      dynamicScalingIn: s?.DynamicScalingInSuspended ?? false,
      dynamicScalingOut: s?.DynamicScalingOutSuspended ?? false,
      scheduledScaling: s?.ScheduledScalingSuspended ?? false,
    },
    ...(t.ScalableTargetARN === undefined ? {} : { arn: t.ScalableTargetARN }),
  };
}

// moto filters DescribeScalingPolicies by substring (`policy.resource_id in resource_id`), so a
// request for `service/c/api-v2` also returns the policies of `service/c/api`: keep exactly our resource and
// dimension, whatever the server filtered.
function isOurs(
  x: { ResourceId?: string | undefined; ScalableDimension?: string | undefined },
  resourceId: string,
): boolean {
  return x.ResourceId === resourceId && x.ScalableDimension === ECS_DESIRED_COUNT_DIMENSION;
}

async function absentOnNotFound<T>(read: Promise<T>, absent: T): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (classifyAwsError(err).kind === 'notFound') return absent;
    throw err;
  }
}

/**
 * Whether a scalable target is registered for `resourceId` (one DescribeScalableTargets, answered
 * by the shared per-period namespace listing in production, ADR 0029): how a service without
 * `spec.autoscaling` learns from AWS, not from its status, whether there may be anything to clean up.
 */
export async function hasScalableTarget(
  api: AutoscalingApi,
  resourceId: string,
  options?: AwsCallOptions,
): Promise<boolean> {
  const targets = await absentOnNotFound(api.describeScalableTargets([resourceId], options), []);
  return targets.some((t) => isOurs(t, resourceId));
}

/**
 * Observes the scalable target and its policies for `resourceId` (two reads).
 * ObjectNotFoundException means absent; every other error is thrown for the caller to classify.
 */
export async function observeAutoscaling(
  api: AutoscalingApi,
  resourceId: string,
  options?: AwsCallOptions,
  /**
   * Also DescribeScheduledActions (a third read, from a shared namespace listing in the operator):
   * every visit that may write does, whatever status showed (ours may need deleting, and a
   * deregister deletes anyone's with the target).
   */
  withScheduledActions = false,
  /** Read the scheduled actions by the service's own call, never from a shared listing. */
  scheduledOwnRead = false,
): Promise<ObservedAutoscaling> {
  const [targets, policies, scheduled] = await Promise.all([
    absentOnNotFound(api.describeScalableTargets([resourceId], options), []),
    absentOnNotFound(api.describeScalingPolicies(resourceId, options), []),
    withScheduledActions
      ? absentOnNotFound(
          api.describeScheduledActions(
            resourceId,
            scheduledOwnRead ? { ...options, ownRead: true } : options,
          ),
          [],
        )
      : Promise.resolve(undefined),
  ]);
  const target = targets.find((t) => isOurs(t, resourceId));
  const stepPolicies = policies
    .filter((p) => isOurs(p, resourceId))
    .flatMap((p) => observeStepPolicy(p) ?? [])
    .sort((a, b) => compareStrings(a.policyName, b.policyName));
  return {
    ...(stepPolicies.length === 0 ? {} : { stepPolicies }),
    resourceId,
    target: target === undefined ? undefined : normaliseScalableTarget(target),
    policies: policies
      .filter((p) => isOurs(p, resourceId))
      .map(normaliseScalingPolicy)
      .sort((a, b) => compareStrings(a.policyName, b.policyName)),
    ...(scheduled === undefined
      ? {}
      : {
          scheduledActions: scheduled
            .filter((a) => isOurs(a, resourceId))
            .map(normaliseScheduledAction)
            .sort((a, b) =>
              a.scheduledActionName < b.scheduledActionName
                ? -1
                : a.scheduledActionName > b.scheduledActionName
                  ? 1
                  : 0,
            ),
        }),
  };
}
