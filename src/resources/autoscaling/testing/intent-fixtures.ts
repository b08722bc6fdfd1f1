/**
 * Test support for the autoscaling policy tests: the desired intent of a spec (a test that expects
 * a valid spec fails on the refusal's message), the message of a refused spec, and a policy as
 * DescribeScalingPolicies answers after it was put. Test-only.
 */
import { putScalingPolicyInput } from '../apply.js';
import { desiredAutoscalingIntent, isInvalidAutoscaling, type AutoscalingIntent } from '../desired.js';
import { normaliseScalingPolicy, type ObservedPolicy } from '../observe.js';

/** The spec and the service it scales, as the desired state reads them. */
type SpecOf = Parameters<typeof desiredAutoscalingIntent>[0];
type ServiceOf = Parameters<typeof desiredAutoscalingIntent>[1];

/** The intent of `spec` for `service`; throws the refusal's message when the spec is invalid. */
export function validIntent(spec: SpecOf, service: ServiceOf): AutoscalingIntent {
  const intent = desiredAutoscalingIntent(spec, service);
  if (isInvalidAutoscaling(intent)) throw new Error(intent.invalid);
  return intent;
}

/** The message refusing `spec` for `service`; throws when the spec is accepted. */
export function refusal(spec: SpecOf, service: ServiceOf): string {
  const intent = desiredAutoscalingIntent(spec, service);
  if (!isInvalidAutoscaling(intent)) throw new Error('expected the spec to be refused');
  return intent.invalid;
}

/**
 * What DescribeScalingPolicies answers after `policy` was put on `resourceId`: the configuration as
 * sent (AWS and moto store what they are given), normalised as observe reads it.
 */
export function describedAfterPut(
  resourceId: string,
  policy: AutoscalingIntent['policies'][number],
): ObservedPolicy {
  const input = putScalingPolicyInput(resourceId, policy);
  return normaliseScalingPolicy({
    PolicyARN: 'arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x',
    PolicyName: input.PolicyName,
    ServiceNamespace: 'ecs',
    ResourceId: resourceId,
    ScalableDimension: 'ecs:service:DesiredCount',
    PolicyType: input.PolicyType,
    TargetTrackingScalingPolicyConfiguration: input.TargetTrackingScalingPolicyConfiguration,
    PredictiveScalingPolicyConfiguration: input.PredictiveScalingPolicyConfiguration,
    Alarms: [],
    CreationTime: new Date(0),
  });
}
