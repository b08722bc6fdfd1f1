/**
 * Step scaling policies of `spec.autoscaling.stepScaling` (ADR 0034): validation, the normal form
 * the planner compares with what Application Auto Scaling answers, and the PutScalingPolicy input.
 * The alarm that drives each policy is `alarms.ts`'s.
 *
 * AWS's rules for the steps
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_StepAdjustment.html): the
 * intervals may neither overlap nor leave a gap; at most one has no lower bound and at most one no
 * upper bound; a negative lower bound needs a step without a lower bound, a positive upper bound a
 * step without an upper bound. The CRD's CEL rules refuse most of this at admission; this file
 * refuses the rest (and objects stored before a rule existed) before any write.
 */
import type {
  AdjustmentType,
  MetricAggregationType,
  PutScalingPolicyCommandInput,
  ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import { ECS_DESIRED_COUNT_DIMENSION, ECS_SERVICE_NAMESPACE } from '../../aws/autoscaling-api.js';
import { sameEntries, sameFields } from '../../shared/same-fields.js';
import type { StepScalingPolicySpec } from '../service/types.js';

/**
 * Every step scaling policy ecs-bridge creates is named with this prefix, inside `desired.ts`'s
 * POLICY_NAME_PREFIX (`ecs-bridge-`), so the ownership rules of every policy cover it. Spelled out,
 * not imported: `desired.ts` imports this file (a cycle would leave the constant uninitialised).
 */
export const STEP_POLICY_PREFIX = 'ecs-bridge-step-';

/** AWS's default cooldown for step scaling, in seconds; we always send it. */
export const DEFAULT_STEP_COOLDOWN_SECONDS = 300;

const ADJUSTMENT_TYPES = ['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity'] as const;
const AGGREGATION_TYPES = ['Average', 'Minimum', 'Maximum'] as const;

/** One step in normal form: unbounded ends are undefined, never null. */
export interface NormalStep {
  readonly lowerBound?: number | undefined;
  readonly upperBound?: number | undefined;
  readonly scalingAdjustment: number;
}

/** A step scaling policy in normal form: every default filled in, steps sorted from the lowest. */
export interface DesiredStepPolicy {
  /** `ecs-bridge-step-<name>`, or the `policyName` the entry gives (ADR 0041). */
  readonly policyName: string;
  /**
   * For a policy under a name ecs-bridge did not choose: true when the entry adopts it (put like
   * ours), false when it is only read and compared. Absent for ours.
   */
  readonly adopt?: boolean | undefined;
  /** The spec's name (for messages and the alarm's name). */
  readonly name: string;
  readonly adjustmentType: string;
  readonly steps: readonly NormalStep[];
  readonly cooldown: number;
  readonly metricAggregationType: string;
  readonly minAdjustmentMagnitude?: number | undefined;
}

/** A step scaling policy as AWS has it (only for policies whose type is StepScaling). */
export interface ObservedStepPolicy extends DesiredStepPolicy {
  readonly policyArn?: string | undefined;
}

/** The AWS name of the step scaling policy `name`. */
export function stepPolicyName(name: string): string {
  return `${STEP_POLICY_PREFIX}${name}`;
}

/** True for a step scaling policy name ecs-bridge created. */
export function isOurStepPolicyName(policyName: string): boolean {
  return policyName.startsWith(STEP_POLICY_PREFIX);
}

const lowerOf = (s: NormalStep): number => s.lowerBound ?? Number.NEGATIVE_INFINITY;

function sortSteps(steps: readonly NormalStep[]): NormalStep[] {
  return [...steps].sort((a, b) => lowerOf(a) - lowerOf(b));
}

const fmt = (n: number | undefined, open: string): string => (n === undefined ? open : String(n));

/** Why these steps break AWS's rules (see the file comment), or undefined. */
export function stepsProblem(steps: readonly NormalStep[], path: string): string | undefined {
  if (steps.length === 0) return `${path} needs at least one step`;
  for (const [i, s] of steps.entries()) {
    if (!Number.isInteger(s.scalingAdjustment))
      return `${path}[${i}].scalingAdjustment must be a whole number, not ${s.scalingAdjustment}`;
    if (s.lowerBound !== undefined && s.upperBound !== undefined && s.upperBound <= s.lowerBound)
      return `${path}[${i}]: upperBound (${s.upperBound}) must be greater than lowerBound (${s.lowerBound})`;
  }
  if (steps.filter((s) => s.lowerBound === undefined).length > 1)
    return `${path}: at most one step may leave out lowerBound`;
  if (steps.filter((s) => s.upperBound === undefined).length > 1)
    return `${path}: at most one step may leave out upperBound`;
  const sorted = sortSteps(steps);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as NormalStep;
    const next = sorted[i] as NormalStep;
    const interval = (s: NormalStep): string => `[${fmt(s.lowerBound, '-∞')}, ${fmt(s.upperBound, '+∞')})`;
    if (prev.upperBound === undefined || next.lowerBound === undefined || next.lowerBound < prev.upperBound)
      return `${path}: steps ${interval(prev)} and ${interval(next)} overlap; make each step start where the previous one ends`;
    if (next.lowerBound > prev.upperBound)
      return `${path}: steps ${interval(prev)} and ${interval(next)} leave a gap; make each step start where the previous one ends`;
  }
  const lowest = sorted[0] as NormalStep;
  const highest = sorted[sorted.length - 1] as NormalStep;
  if (lowest.lowerBound !== undefined && lowest.lowerBound < 0)
    return `${path}: the lowest step starts below 0 (${lowest.lowerBound}), so it must leave out lowerBound (AWS requires a step without a lower bound then)`;
  if (highest.upperBound !== undefined && highest.upperBound > 0)
    return `${path}: the highest step ends above 0 (${highest.upperBound}), so it must leave out upperBound (AWS requires a step without an upper bound then)`;
  return undefined;
}

/**
 * Validates one `spec.autoscaling.stepScaling[i]` (its alarm is validated by `alarms.ts`) and fills
 * the defaults; a string says what to change.
 */
export function desiredStepPolicy(spec: StepScalingPolicySpec, index: number): DesiredStepPolicy | string {
  const path = `spec.autoscaling.stepScaling[${index}]`;
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(spec.name))
    return `${path}.name ${JSON.stringify(spec.name)} must be 1-63 letters, digits and hyphens`;
  const adjustmentType = spec.adjustmentType ?? 'ChangeInCapacity';
  if (!(ADJUSTMENT_TYPES as readonly string[]).includes(adjustmentType))
    return `${path}.adjustmentType ${JSON.stringify(adjustmentType)} must be one of ${ADJUSTMENT_TYPES.join(', ')}`;
  const metricAggregationType = spec.metricAggregationType ?? 'Average';
  if (!(AGGREGATION_TYPES as readonly string[]).includes(metricAggregationType))
    return `${path}.metricAggregationType ${JSON.stringify(metricAggregationType)} must be one of ${AGGREGATION_TYPES.join(', ')}`;
  const cooldown = spec.cooldown ?? DEFAULT_STEP_COOLDOWN_SECONDS;
  if (!Number.isInteger(cooldown) || cooldown < 0)
    return `${path}.cooldown must be a whole number of seconds ≥ 0, not ${cooldown}`;
  if (spec.minAdjustmentMagnitude !== undefined) {
    if (adjustmentType !== 'PercentChangeInCapacity')
      return `${path}.minAdjustmentMagnitude applies only with adjustmentType PercentChangeInCapacity; remove it or change the type`;
    if (!Number.isInteger(spec.minAdjustmentMagnitude) || spec.minAdjustmentMagnitude < 1)
      return `${path}.minAdjustmentMagnitude must be a whole number ≥ 1, not ${spec.minAdjustmentMagnitude}`;
  }
  const steps = spec.stepAdjustments.map((s) => ({
    lowerBound: s.lowerBound,
    upperBound: s.upperBound,
    scalingAdjustment: s.scalingAdjustment,
  }));
  const problem = stepsProblem(steps, `${path}.stepAdjustments`);
  if (problem !== undefined) return problem;
  return {
    ...(spec.policyName === undefined
      ? { policyName: stepPolicyName(spec.name) }
      : { policyName: spec.policyName, adopt: spec.adopt === true }),
    name: spec.name,
    adjustmentType,
    steps: sortSteps(steps),
    cooldown,
    metricAggregationType,
    ...(spec.minAdjustmentMagnitude === undefined
      ? {}
      : { minAdjustmentMagnitude: spec.minAdjustmentMagnitude }),
  };
}

/** A DescribeScalingPolicies entry in normal form, or undefined when it is not step scaling. */
export function observeStepPolicy(p: ScalingPolicy): ObservedStepPolicy | undefined {
  const c = p.StepScalingPolicyConfiguration;
  if (p.PolicyType !== 'StepScaling' || c === undefined) return undefined;
  const policyName = p.PolicyName ?? '';
  // AWS answers null for an unbounded end; the SDK may keep it.
  const bound = (n: number | null | undefined): number | undefined => (n === null ? undefined : n);
  return {
    policyName,
    name: policyName.slice(STEP_POLICY_PREFIX.length),
    policyArn: p.PolicyARN,
    adjustmentType: c.AdjustmentType ?? '',
    steps: sortSteps(
      (c.StepAdjustments ?? []).map((s) => ({
        lowerBound: bound(s.MetricIntervalLowerBound),
        upperBound: bound(s.MetricIntervalUpperBound),
        scalingAdjustment: s.ScalingAdjustment ?? 0,
      })),
    ),
    // Left out of the answer, AWS applies its defaults (300 s, Average).
    cooldown: c.Cooldown ?? DEFAULT_STEP_COOLDOWN_SECONDS,
    metricAggregationType: c.MetricAggregationType ?? 'Average',
    minAdjustmentMagnitude: c.MinAdjustmentMagnitude ?? undefined,
  };
}

/** True when AWS has exactly the desired step policy (so no write is needed). */
export function isSameStepPolicy(d: DesiredStepPolicy, o: ObservedStepPolicy): boolean {
  return (
    sameFields(d, o, ['adjustmentType', 'cooldown', 'metricAggregationType', 'minAdjustmentMagnitude']) &&
    sameEntries(d.steps, o.steps, ['lowerBound', 'upperBound', 'scalingAdjustment'])
  );
}

/** The PutScalingPolicy request of a desired step policy: every field sent, so a read-back compares equal. */
export function putStepPolicyInput(resourceId: string, p: DesiredStepPolicy): PutScalingPolicyCommandInput {
  return {
    PolicyName: p.policyName,
    ServiceNamespace: ECS_SERVICE_NAMESPACE,
    ResourceId: resourceId,
    ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
    PolicyType: 'StepScaling',
    StepScalingPolicyConfiguration: {
      AdjustmentType: p.adjustmentType as AdjustmentType,
      StepAdjustments: p.steps.map((s) => ({
        ...(s.lowerBound === undefined ? {} : { MetricIntervalLowerBound: s.lowerBound }),
        ...(s.upperBound === undefined ? {} : { MetricIntervalUpperBound: s.upperBound }),
        ScalingAdjustment: s.scalingAdjustment,
      })),
      Cooldown: p.cooldown,
      MetricAggregationType: p.metricAggregationType as MetricAggregationType,
      ...(p.minAdjustmentMagnitude === undefined ? {} : { MinAdjustmentMagnitude: p.minAdjustmentMagnitude }),
    },
  };
}

/** The fields of a step policy that `plan` and drift show, for a field-by-field diff. */
export function shownStepPolicy(p: DesiredStepPolicy): Record<string, unknown> {
  return {
    adjustmentType: p.adjustmentType,
    stepAdjustments: p.steps.map((s) => ({
      ...(s.lowerBound === undefined ? {} : { lowerBound: s.lowerBound }),
      ...(s.upperBound === undefined ? {} : { upperBound: s.upperBound }),
      scalingAdjustment: s.scalingAdjustment,
    })),
    cooldown: p.cooldown,
    metricAggregationType: p.metricAggregationType,
    ...(p.minAdjustmentMagnitude === undefined ? {} : { minAdjustmentMagnitude: p.minAdjustmentMagnitude }),
  };
}
