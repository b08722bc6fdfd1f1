/**
 * The step scaling part of `spec.autoscaling` and `status.autoscaling` (ADR 0034): Application Auto
 * Scaling's `StepScalingPolicyConfiguration`
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_StepScalingPolicyConfiguration.html),
 * each policy driven by one CloudWatch alarm that ecs-bridge owns or that the user names.
 */

/** One step: the adjustment made while the metric is in [lower, upper) relative to the alarm threshold. */
export interface StepAdjustmentSpec {
  /** Lower bound of the interval, added to the threshold; left out means negative infinity. */
  readonly lowerBound?: number;
  /** Upper bound of the interval, added to the threshold; left out means positive infinity. */
  readonly upperBound?: number;
  /** Tasks (or percent, or the exact count) to add; negative removes. */
  readonly scalingAdjustment: number;
}

/** A metric dimension as CloudWatch spells it. */
export interface AlarmDimensionSpec {
  readonly name: string;
  readonly value: string;
}

/** The CloudWatch alarm ecs-bridge creates, owns, tags and deletes for a step scaling policy. */
export interface StepAlarmSpec {
  /** E.g. `CPUUtilization`. */
  readonly metricName: string;
  /** Default `AWS/ECS`. */
  readonly namespace?: string;
  /** `Average` (default), `Sum`, `Minimum`, `Maximum` or `SampleCount`. */
  readonly statistic?: string;
  readonly threshold: number;
  /** E.g. `GreaterThanOrEqualToThreshold`. */
  readonly comparisonOperator: string;
  /** Default 1. */
  readonly evaluationPeriods?: number;
  /** Seconds; default 60. */
  readonly period?: number;
  /** Default: the service's `ClusterName` and `ServiceName`. */
  readonly dimensions?: readonly AlarmDimensionSpec[];
}

/** One entry of `spec.autoscaling.stepScaling`. */
export interface StepScalingPolicySpec {
  /** Unique in the list; the policy in AWS is named `ecs-bridge-step-<name>` unless {@link policyName} names it. */
  readonly name: string;
  /**
   * The name of an existing step scaling policy ecs-bridge did not create (not starting with
   * `ecs-bridge-`); its alarm is then the user's, named with {@link alarmName}. Without {@link adopt}
   * the policy is only read and compared (ADR 0041).
   */
  readonly policyName?: string;
  /** With {@link policyName}: manage that policy as written (put when it differs); it is never deleted. */
  readonly adopt?: boolean;
  /** `ChangeInCapacity` (default), `PercentChangeInCapacity` or `ExactCapacity`. */
  readonly adjustmentType?: string;
  readonly stepAdjustments: readonly StepAdjustmentSpec[];
  /** Seconds after a scaling activity before another may start; default 300. */
  readonly cooldown?: number;
  /** `Average` (default), `Minimum` or `Maximum`. */
  readonly metricAggregationType?: string;
  /** Only with `PercentChangeInCapacity`: the least number of tasks to change by. */
  readonly minAdjustmentMagnitude?: number;
  /** The alarm ecs-bridge creates for this policy (exactly one of `alarm` and `alarmName`). */
  readonly alarm?: StepAlarmSpec;
  /**
   * An existing alarm to reference instead: ecs-bridge never changes it; its alarm actions must
   * include the policy's ARN (shown in status) for the policy to run.
   */
  readonly alarmName?: string;
}

/** One alarm in `status.autoscaling.alarms`, as CloudWatch has it. */
export interface AutoscalingAlarmStatus {
  readonly name: string;
  /** The step scaling policy it drives (its AWS name). */
  readonly policyName: string;
  /** The policy's ARN, to put in a referenced alarm's actions. */
  readonly policyArn?: string;
  /** `owned` (ecs-bridge created it) or `referenced` (the user names it; never changed). */
  readonly ownership: 'owned' | 'referenced';
  /** `OK`, `ALARM` or `INSUFFICIENT_DATA`; absent when the alarm does not exist. */
  readonly state?: string;
  /** True when the alarm's actions include the policy's ARN (the policy runs when it fires). */
  readonly pointsAtPolicy: boolean;
}
