/**
 * Test support: a step scaling policy and a CloudWatch alarm made by hand (console, Terraform), as
 * DescribeScalingPolicies and DescribeAlarms answer them, for the tests of policies ecs-bridge did
 * not name (ADR 0041 addendum 2). Test-only.
 */
import type { ScalingPolicy, StepScalingPolicyConfiguration } from '@aws-sdk/client-application-auto-scaling';
import { observeAlarm, type ObservedAlarm } from '../alarms.js';
import { normaliseScalingPolicy, type ObservedAutoscaling } from '../observe.js';
import { observeStepPolicy } from '../step-scaling.js';
import { compareStrings } from '../../../shared/compare-strings.js';

/** The ARN Application Auto Scaling gives policy `name` of `resourceId`. */
export function stepPolicyArn(resourceId: string, name: string): string {
  return `arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x:resource/ecs/${resourceId}:policyName/${name}`;
}

/** A hand-made step policy on `resourceId`, listing the alarms AWS says act on it. */
export function handMadeStepPolicy(
  resourceId: string,
  name: string,
  config: StepScalingPolicyConfiguration,
  alarmNames: readonly string[] = [],
): ScalingPolicy {
  return {
    PolicyName: name,
    PolicyARN: stepPolicyArn(resourceId, name),
    ServiceNamespace: 'ecs',
    ResourceId: resourceId,
    ScalableDimension: 'ecs:service:DesiredCount',
    PolicyType: 'StepScaling',
    StepScalingPolicyConfiguration: config,
    ...(alarmNames.length === 0
      ? {}
      : {
          Alarms: alarmNames.map((n) => ({
            AlarmName: n,
            AlarmARN: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${n}`,
          })),
        }),
    CreationTime: new Date(0),
  };
}

/** A hand-made CPU alarm whose one action is `policyArn`. */
export function alarmActingOn(alarmName: string, policyArn: string): ObservedAlarm {
  return observeAlarm({
    AlarmName: alarmName,
    Namespace: 'AWS/ECS',
    MetricName: 'CPUUtilization',
    Statistic: 'Average',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 80,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    ActionsEnabled: true,
    AlarmActions: [policyArn],
    StateValue: 'OK',
  });
}

/**
 * The step configuration hand-made policies use in these tests: `adjustment` more tasks from the
 * alarm's threshold up, AWS's default cooldown of 300 s, the metric's average.
 */
export function addTasksAboveThreshold(adjustment: number): StepScalingPolicyConfiguration {
  return {
    AdjustmentType: 'ChangeInCapacity',
    StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: adjustment }],
    Cooldown: 300,
    MetricAggregationType: 'Average',
  };
}

/**
 * What observeAutoscaling makes of `resourceId` with a target of `capacity` and these policies as
 * DescribeScalingPolicies answers them: every policy normalised, the step ones also with their ARNs.
 */
export function observedWith(
  resourceId: string,
  policies: readonly ScalingPolicy[],
  capacity: { readonly minCapacity: number; readonly maxCapacity: number } = {
    minCapacity: 1,
    maxCapacity: 4,
  },
): ObservedAutoscaling {
  return {
    resourceId,
    target: { ...capacity },
    policies: policies.map(normaliseScalingPolicy).sort((a, b) => compareStrings(a.policyName, b.policyName)),
    stepPolicies: policies.flatMap((p) => observeStepPolicy(p) ?? []),
  };
}
