/**
 * Predictive scaling of one ECS service (`spec.autoscaling.predictive`): the spec validated and
 * normalised (AWS's defaults filled in), DescribeScalingPolicies' `PredictiveScalingPolicyConfiguration`
 * normalised the same way, the comparison, and the PutScalingPolicy member. Pure.
 *
 * Application Auto Scaling supports predictive scaling for ECS services only
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredictiveScalingPolicyConfiguration.html).
 * One metric specification per policy (AWS supports only one), as a predefined metric pair
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredictiveScalingPredefinedMetricPairSpecification.html).
 * Defaults, from the API reference: Mode ForecastOnly, SchedulingBufferTime 300 s,
 * MaxCapacityBreachBehavior HonorMaxCapacity; MaxCapacityBuffer only with IncreaseMaxCapacity.
 */
import type {
  PredictiveScalingMaxCapacityBreachBehavior,
  PredictiveScalingMode,
  PredictiveScalingPolicyConfiguration,
} from '@aws-sdk/client-application-auto-scaling';
import type { PredictiveScalingSpec } from '../service/types.js';
import { sameMembers } from '../../shared/same-fields.js';

/** The one predictive policy ecs-bridge puts on a service. */
export const PREDICTIVE_POLICY_NAME = 'ecs-bridge-predictive';

/** The metric pairs the spec offers (the ECS service's own CPU and memory; no target group needed). */
export const PREDICTIVE_METRIC_PAIRS = ['ECSServiceCPUUtilization', 'ECSServiceMemoryUtilization'] as const;

/** AWS's defaults, sent explicitly so what AWS answers compares equal. */
export const PREDICTIVE_DEFAULTS = {
  mode: 'ForecastOnly',
  schedulingBufferTime: 300,
  maxCapacityBreachBehavior: 'HonorMaxCapacity',
} as const;

/** A predictive policy normalised: every default explicit. */
export interface NormalPredictive {
  readonly metricPair: string;
  readonly targetValue: number;
  readonly mode: PredictiveScalingMode;
  readonly schedulingBufferTime: number;
  readonly maxCapacityBreachBehavior: PredictiveScalingMaxCapacityBreachBehavior;
  /** Percent; only with IncreaseMaxCapacity. */
  readonly maxCapacityBuffer?: number | undefined;
}

/**
 * Validates `spec.autoscaling.predictive` and fills AWS's defaults, or a message naming the field,
 * the value and the fix (the CRD refuses most of these at admission).
 */
export function desiredPredictive(p: PredictiveScalingSpec): NormalPredictive | string {
  const path = 'spec.autoscaling.predictive';
  if (!(PREDICTIVE_METRIC_PAIRS as readonly string[]).includes(p.metricPair))
    return `${path}.metricPair "${p.metricPair}" must be one of ${PREDICTIVE_METRIC_PAIRS.join(', ')}`;
  if (!Number.isFinite(p.targetValue) || p.targetValue <= 0 || p.targetValue > 100)
    return `${path}.targetValue ${p.targetValue} must be a utilisation percentage in (0, 100]`;
  const buffer = p.schedulingBufferTime ?? PREDICTIVE_DEFAULTS.schedulingBufferTime;
  if (!Number.isInteger(buffer) || buffer < 0 || buffer >= 3600)
    return `${path}.schedulingBufferTime ${buffer} must be whole seconds in [0, 3600)`;
  const breach = p.maxCapacityBreachBehavior ?? PREDICTIVE_DEFAULTS.maxCapacityBreachBehavior;
  if (breach === 'IncreaseMaxCapacity' && p.maxCapacityBuffer === undefined)
    return `${path}.maxCapacityBuffer is required with maxCapacityBreachBehavior IncreaseMaxCapacity`;
  if (breach !== 'IncreaseMaxCapacity' && p.maxCapacityBuffer !== undefined)
    return `${path}.maxCapacityBuffer is allowed only with maxCapacityBreachBehavior IncreaseMaxCapacity`;
  if (
    p.maxCapacityBuffer !== undefined &&
    (!Number.isInteger(p.maxCapacityBuffer) || p.maxCapacityBuffer < 0 || p.maxCapacityBuffer > 100)
  )
    return `${path}.maxCapacityBuffer ${p.maxCapacityBuffer} must be a whole percentage in [0, 100]`;
  return {
    metricPair: p.metricPair,
    targetValue: p.targetValue,
    mode: p.mode ?? PREDICTIVE_DEFAULTS.mode,
    schedulingBufferTime: buffer,
    maxCapacityBreachBehavior: breach,
    ...(p.maxCapacityBuffer === undefined ? {} : { maxCapacityBuffer: p.maxCapacityBuffer }),
  };
}

/** The `PredictiveScalingPolicyConfiguration` PutScalingPolicy sends. */
export function predictiveInput(p: NormalPredictive): PredictiveScalingPolicyConfiguration {
  return {
    MetricSpecifications: [
      {
        TargetValue: p.targetValue,
        PredefinedMetricPairSpecification: { PredefinedMetricType: p.metricPair },
      },
    ],
    Mode: p.mode,
    SchedulingBufferTime: p.schedulingBufferTime,
    MaxCapacityBreachBehavior: p.maxCapacityBreachBehavior,
    ...(p.maxCapacityBuffer === undefined ? {} : { MaxCapacityBuffer: p.maxCapacityBuffer }),
  };
}

/**
 * DescribeScalingPolicies' predictive configuration normalised, AWS's defaults filled in. A policy
 * with separate load and scaling metrics or customized metrics (someone else's) keeps `metricPair`
 * empty, so it never equals a spec.
 */
export function normalisePredictive(c: PredictiveScalingPolicyConfiguration): NormalPredictive {
  const spec = c.MetricSpecifications?.[0];
  const pair =
    (c.MetricSpecifications?.length ?? 0) === 1 ? spec?.PredefinedMetricPairSpecification : undefined;
  return {
    metricPair: pair?.ResourceLabel === undefined ? (pair?.PredefinedMetricType ?? '') : '',
    targetValue: spec?.TargetValue ?? 0,
    mode: c.Mode ?? PREDICTIVE_DEFAULTS.mode,
    schedulingBufferTime: c.SchedulingBufferTime ?? PREDICTIVE_DEFAULTS.schedulingBufferTime,
    maxCapacityBreachBehavior: c.MaxCapacityBreachBehavior ?? PREDICTIVE_DEFAULTS.maxCapacityBreachBehavior,
    ...(c.MaxCapacityBuffer === undefined ? {} : { maxCapacityBuffer: c.MaxCapacityBuffer }),
  };
}

/**
 * True when both are the same predictive policy. Every member of a NormalPredictive is sent, so
 * every member is compared, a member added to the type included.
 */
export function isSamePredictive(a: NormalPredictive, b: NormalPredictive): boolean {
  return sameMembers(a, b);
}
