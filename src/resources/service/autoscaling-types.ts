/**
 * The autoscaling part of the EcsService resource: `spec.autoscaling` (target tracking, customized
 * metrics, predictive scaling, scheduled actions, suspension) and `status.autoscaling`, as the
 * autoscaling sub-reconciler states and reports it. A hand-written mirror of `crds/ecsservice.yaml`;
 * `types.ts` re-exports every name, so importers need not know of this file.
 */
import type { AutoscalingAlarmStatus, StepScalingPolicySpec } from './step-scaling-types.js';
import type { AutoscalingActivityStatus } from './scaling-activity-types.js';

/** One target-tracking policy as `spec.autoscaling.<signal>` states it. */
export interface TargetTrackingSpec {
  /** The metric value the policy keeps the service at (a percentage for CPU and memory). */
  readonly targetValue: number;
  /** Seconds after a scale-in before another scale-in; AWS's ECS default is 300. */
  readonly scaleInCooldown?: number;
  /** Seconds after a scale-out before another scale-out; AWS's ECS default is 300. */
  readonly scaleOutCooldown?: number;
  /** When true the policy only scales out; scale-in is left to other policies. Default false. */
  readonly disableScaleIn?: boolean;
  /**
   * The name of an existing policy as AWS has it, one ecs-bridge did not name (never `ecs-bridge-…`);
   * left out, ecs-bridge derives its own. Without {@link adopt} it is only read and compared (ADR 0041).
   */
  readonly policyName?: string;
  /** With {@link policyName}: manage that policy as written (put when it differs); it is never deleted. */
  readonly adopt?: boolean;
}

/** The ALB request-count policy: a target-tracking policy bound to one target group. */
export interface AlbRequestCountSpec extends TargetTrackingSpec {
  /** Defaults to the target group of the service's first load balancer. */
  readonly targetGroupArn?: string;
}

/** One CloudWatch metric dimension of a customized metric. */
export interface MetricDimensionSpec {
  readonly name: string;
  readonly value: string;
}

/**
 * One metric data query of a customized metric (`TargetTrackingMetricDataQuery`): a CloudWatch
 * metric (`metricStat`) or a metric math `expression` over the other queries' ids.
 */
export interface CustomMetricQuerySpec {
  /** Unique in the list; starts with a lowercase letter; expressions refer to it. */
  readonly id: string;
  /** Metric math over other ids, for example `m1 / m2`; exclusive with `metricStat`. */
  readonly expression?: string;
  /** A CloudWatch metric and statistic; exclusive with `expression`. */
  readonly metricStat?: {
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions?: readonly MetricDimensionSpec[];
    /** A CloudWatch statistic, for example Average or Sum. */
    readonly stat: string;
    readonly unit?: string;
  };
  /** A human-readable label. */
  readonly label?: string;
  /** Whether this query is the value tracked; exactly one in the list is (left out means true). */
  readonly returnData?: boolean;
}

/**
 * One entry of `spec.autoscaling.customMetrics`: target tracking on a customized metric (metric
 * math allowed), named `ecs-bridge-custom-<name>` in AWS.
 */
export interface CustomMetricPolicySpec extends TargetTrackingSpec {
  /** Unique in the list. */
  readonly name: string;
  /** The queries; exactly one returns data, the value the policy keeps at `targetValue`. */
  readonly metrics: readonly CustomMetricQuerySpec[];
}

/**
 * `spec.autoscaling.predictive`: a predictive scaling policy (`ecs-bridge-predictive`) that forecasts
 * load from the metric pair's history and, in ForecastAndScale mode, raises capacity ahead of it.
 */
export interface PredictiveScalingSpec {
  /** ECSServiceCPUUtilization or ECSServiceMemoryUtilization. */
  readonly metricPair: string;
  /** The utilisation to plan capacity for, in percent. */
  readonly targetValue: number;
  /** ForecastOnly (default: forecasts, no scaling) or ForecastAndScale. */
  readonly mode?: 'ForecastOnly' | 'ForecastAndScale';
  /** Seconds by which capacity is raised ahead of the forecast (default 300, below 3600). */
  readonly schedulingBufferTime?: number;
  /** HonorMaxCapacity (default) or IncreaseMaxCapacity. */
  readonly maxCapacityBreachBehavior?: 'HonorMaxCapacity' | 'IncreaseMaxCapacity';
  /** Percent above the forecast the maximum may rise (only with IncreaseMaxCapacity). */
  readonly maxCapacityBuffer?: number;
  /** As {@link TargetTrackingSpec.policyName}: an existing predictive policy ecs-bridge did not name. */
  readonly policyName?: string;
  /** As {@link TargetTrackingSpec.adopt}. */
  readonly adopt?: boolean;
}

/**
 * `spec.autoscaling.suspend`: which scaling activities Application Auto Scaling pauses (its
 * `SuspendedState`), without deleting a policy or a scheduled action. A flag left out is false.
 */
export interface AutoscalingSuspendSpec {
  /** Scale-in by target tracking and step scaling policies is paused. */
  readonly dynamicScalingIn?: boolean;
  /** Scale-out by target tracking and step scaling policies is paused. */
  readonly dynamicScalingOut?: boolean;
  /** Scheduled actions do not run. */
  readonly scheduledScaling?: boolean;
}

/**
 * One entry of `spec.autoscaling.scheduledActions`: a PutScheduledAction that changes the target's
 * capacity bounds at a time, https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html
 */
export interface ScheduledActionSpec {
  /** Unique in the list; the action in AWS is named `ecs-bridge-<name>` unless {@link scheduledActionName} is given. */
  readonly name: string;
  /**
   * The name of an existing scheduled action as AWS has it, one ecs-bridge did not name (never
   * `ecs-bridge-…`); left out, ecs-bridge derives `ecs-bridge-<name>`. Without {@link adopt} it is only
   * read and compared (ADR 0041, addendum).
   */
  readonly scheduledActionName?: string;
  /** With {@link scheduledActionName}: manage that action as written (put when it differs); it is never deleted. */
  readonly adopt?: boolean;
  /** `at(yyyy-mm-ddThh:mm:ss)`, `cron(fields)` or `rate(value unit)`. */
  readonly schedule: string;
  /** An IANA time zone for `at()` and `cron()`; default UTC. */
  readonly timezone?: string;
  /** RFC 3339: the schedule does not run before this time. */
  readonly startTime?: string;
  /** RFC 3339: the schedule does not run after this time. */
  readonly endTime?: string;
  /** The minimum capacity the action sets. */
  readonly minCapacity?: number;
  /** The maximum capacity the action sets. */
  readonly maxCapacity?: number;
}

/** `spec.autoscaling`: when present, autoscaling owns `desiredCount`. */
export interface AutoscalingSpec {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /**
   * The target's suspended state. Left out, ecs-bridge never sends nor reverts it (set every flag
   * false to resume).
   */
  readonly suspend?: AutoscalingSuspendSpec;
  /** Scheduled changes of the capacity bounds (only ecs-bridge's own actions are changed or deleted). */
  readonly scheduledActions?: readonly ScheduledActionSpec[];
  /** Step scaling policies, each driven by a CloudWatch alarm (ADR 0034). */
  readonly stepScaling?: readonly StepScalingPolicySpec[];
  /** Target tracking on the service's average CPU utilisation (ECSServiceAverageCPUUtilization). */
  readonly cpu?: TargetTrackingSpec;
  /** Target tracking on the service's average memory utilisation (ECSServiceAverageMemoryUtilization). */
  readonly memory?: TargetTrackingSpec;
  /**
   * Target tracking on ALB requests per target (ALBRequestCountPerTarget); ecs-bridge derives the
   * policy's ResourceLabel from the target group's load balancer.
   */
  readonly albRequestCountPerTarget?: AlbRequestCountSpec;
  /** Target tracking on customized metrics (metric math allowed), side by side with the others. */
  readonly customMetrics?: readonly CustomMetricPolicySpec[];
  /** Predictive scaling on a predefined metric pair. */
  readonly predictive?: PredictiveScalingSpec;
}

/** One scaling policy in `status.autoscaling.policies`. */
export interface AutoscalingPolicyStatus {
  readonly name: string;
  readonly metricType?: string;
  /** A customized metric's tracked query, for example `backlog = visible / tasks`. */
  readonly customMetric?: string;
  /** A predictive policy's mode: ForecastOnly or ForecastAndScale. */
  readonly mode?: string;
  readonly targetValue?: number;
  readonly alarms: readonly string[];
}

/** The scalable target's suspended state as Application Auto Scaling has it (all three flags). */
export interface AutoscalingSuspendedStatus {
  readonly dynamicScalingIn: boolean;
  readonly dynamicScalingOut: boolean;
  readonly scheduledScaling: boolean;
}

/**
 * One scheduled action in `status.autoscaling.scheduledActions`, as AWS has it: the fields of a
 * `spec.autoscaling.scheduledActions` entry, so the two compare field by field.
 */
export type AutoscalingScheduledActionStatus = Omit<ScheduledActionSpec, 'scheduledActionName' | 'adopt'>;

/** `status.autoscaling`, written from what the autoscaling sub-reconciler reports. */
export interface ServiceAutoscalingStatus {
  readonly resourceId: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly desiredCount?: number;
  /** The target's suspended state (every flag false when nothing is suspended). */
  readonly suspended?: AutoscalingSuspendedStatus;
  /** Every scheduled action on the target, ours and others', by name (absent when there are none). */
  readonly scheduledActions?: readonly AutoscalingScheduledActionStatus[];
  readonly policies: readonly AutoscalingPolicyStatus[];
  /** The alarms of the step scaling policies, owned or referenced (absent when there are none). */
  readonly alarms?: readonly AutoscalingAlarmStatus[];
  /** The newest scaling activities, newest first (absent when none is recent). */
  readonly activities?: readonly AutoscalingActivityStatus[];
}
