/**
 * The PutScalingPolicy request of a desired target-tracking or predictive policy, pure: what apply
 * sends, what the planner's after-writes view expects AWS to hold, and what test support answers as
 * a converged policy (the CLI may read it; it may not reach apply).
 */
import type { PutScalingPolicyCommandInput } from '@aws-sdk/client-application-auto-scaling';
import { ECS_DESIRED_COUNT_DIMENSION, ECS_SERVICE_NAMESPACE } from '../../aws/autoscaling-api.js';
import { customizedMetricInput } from './customized-metric.js';
import type { DesiredPolicy } from './desired.js';
import { predictiveInput } from './predictive-scaling.js';

/**
 * The PutScalingPolicy request for a desired target-tracking policy. Cooldowns and DisableScaleIn
 * are always sent, so what AWS (or moto, which stores the body as given) answers compares equal to
 * the desired model.
 */
export function putScalingPolicyInput(
  resourceId: string,
  policy: DesiredPolicy,
): PutScalingPolicyCommandInput {
  if (policy.predictive !== undefined) {
    return {
      PolicyName: policy.policyName,
      ServiceNamespace: ECS_SERVICE_NAMESPACE,
      ResourceId: resourceId,
      ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
      PolicyType: 'PredictiveScaling',
      PredictiveScalingPolicyConfiguration: predictiveInput(policy.predictive),
    };
  }
  return {
    PolicyName: policy.policyName,
    ServiceNamespace: ECS_SERVICE_NAMESPACE,
    ResourceId: resourceId,
    ScalableDimension: ECS_DESIRED_COUNT_DIMENSION,
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: policy.targetValue,
      ...(policy.customMetrics !== undefined
        ? { CustomizedMetricSpecification: customizedMetricInput(policy.customMetrics) }
        : {
            PredefinedMetricSpecification: {
              PredefinedMetricType: policy.metricType,
              ...(policy.resourceLabel === undefined ? {} : { ResourceLabel: policy.resourceLabel }),
            },
          }),
      ScaleInCooldown: policy.scaleInCooldown,
      ScaleOutCooldown: policy.scaleOutCooldown,
      DisableScaleIn: policy.disableScaleIn,
    },
  };
}
