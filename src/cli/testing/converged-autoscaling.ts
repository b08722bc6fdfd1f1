/**
 * Test support: what Application Auto Scaling and CloudWatch have once the operator converged a
 * `spec.autoscaling` (built from the operator's own PutScalingPolicy, PutScheduledAction and
 * PutMetricAlarm inputs, answered as DescribeScalingPolicies and DescribeAlarms answer them). A
 * referenced alarm (`alarmName`) is someone else's that acts on its policy and on a topic besides.
 */
import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { putOwnedAlarmInput } from '../../resources/autoscaling/alarms.js';
import {
  type DesiredPolicy,
  desiredAutoscalingIntent,
  isInvalidAutoscaling,
  resolveDesiredAutoscaling,
  scalableResourceId,
} from '../../resources/autoscaling/desired.js';
import { normaliseScalingPolicy, type ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import { putScalingPolicyInput } from '../../resources/autoscaling/scaling-policy-input.js';
import { observeStepPolicy, putStepPolicyInput } from '../../resources/autoscaling/step-scaling.js';
import type { AutoscalingSpec } from '../../resources/service/types.js';

/**
 * A target-tracking or predictive policy as DescribeScalingPolicies answers it once put: the
 * operator's own PutScalingPolicy request (it sends every field) with the members AWS adds.
 */
function answeredPolicy(resourceId: string, p: DesiredPolicy): ScalingPolicy {
  return {
    ...(putScalingPolicyInput(resourceId, p) as ScalingPolicy),
    PolicyARN: policyArnOf(resourceId, p.policyName),
    CreationTime: new Date(),
  };
}

/** A policy ARN as Application Auto Scaling forms it. */
export function policyArnOf(resourceId: string, policyName: string): string {
  return `arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:0a1b2c3d:resource/ecs/${resourceId}:policyName/${policyName}`;
}

const byPolicyName = (a: { policyName: string }, b: { policyName: string }): number =>
  a.policyName < b.policyName ? -1 : a.policyName > b.policyName ? 1 : 0;

/** The observation (with scheduled actions and step policies) and the alarms after `spec` converged. */
export function convergedAutoscaling(
  spec: AutoscalingSpec,
  service: { readonly cluster: string; readonly serviceName: string },
): { observed: ObservedAutoscaling; alarms: MetricAlarm[] } {
  const intent = desiredAutoscalingIntent(spec, service);
  if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
  const { desired } = resolveDesiredAutoscaling(intent, undefined);
  const rid = scalableResourceId(service.cluster, service.serviceName);
  const answers: ScalingPolicy[] = [
    ...desired.policies.map((p) => answeredPolicy(rid, p)),
    ...(desired.stepScaling?.policies ?? []).map((p) => {
      const alarm = desired.stepScaling?.alarms.find((a) => a.policyName === p.policyName);
      return {
        ...putStepPolicyInput(rid, p),
        PolicyARN: policyArnOf(rid, p.policyName),
        CreationTime: new Date(),
        Alarms:
          alarm === undefined
            ? []
            : [{ AlarmName: alarm.alarmName, AlarmARN: `arn:alarm:${alarm.alarmName}` }],
      } as ScalingPolicy;
    }),
  ];
  const alarms: MetricAlarm[] = (desired.stepScaling?.alarms ?? []).map((a) => {
    const arn = policyArnOf(rid, a.policyName);
    if (a.ownership === 'owned') {
      return {
        ...putOwnedAlarmInput(a, arn, [{ key: 'ecs-bridge.dev/owner', value: 'x' }]),
        StateValue: 'OK',
      };
    }
    return {
      AlarmName: a.alarmName,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1000,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:pager', arn],
      StateValue: 'OK',
    };
  });
  const observed: ObservedAutoscaling = {
    resourceId: rid,
    target: { minCapacity: spec.minCapacity, maxCapacity: spec.maxCapacity },
    policies: answers.map(normaliseScalingPolicy).sort(byPolicyName),
    stepPolicies: answers.flatMap((p) => observeStepPolicy(p) ?? []).sort(byPolicyName),
    scheduledActions: [...(desired.scheduledActions ?? [])],
  };
  return { observed, alarms };
}
