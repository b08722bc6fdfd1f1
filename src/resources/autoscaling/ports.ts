/**
 * The AWS calls autoscaling makes, as the narrow structural interfaces this folder depends on. The
 * real `AutoscalingApi` (src/aws/autoscaling-api.ts) and `LoadBalancingApi`
 * (src/aws/load-balancing-api.ts) satisfy them; the unit tests' stateful fake does too.
 */
import type {
  DeleteScalingPolicyCommandInput,
  DeregisterScalableTargetCommandInput,
  DescribeScalableTargetsCommandInput,
  DescribeScalingPoliciesCommandInput,
  PutScalingPolicyCommandInput,
  RegisterScalableTargetCommandInput,
  ScalableTarget,
  ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';

/** The Application Auto Scaling calls of one service's autoscaling. Every method throws the SDK's errors. */
export interface AutoscalingPort {
  /** RegisterScalableTarget: creates the target or updates its capacity (an upsert). */
  registerScalableTarget(input: RegisterScalableTargetCommandInput): Promise<unknown>;
  /** DeregisterScalableTarget: AWS deletes the target's policies too (moto does not). */
  deregisterScalableTarget(input: DeregisterScalableTargetCommandInput): Promise<unknown>;
  /** DescribeScalableTargets, all pages. */
  describeScalableTargets(input: DescribeScalableTargetsCommandInput): Promise<readonly ScalableTarget[]>;
  /** PutScalingPolicy: creates or replaces a policy by name. */
  putScalingPolicy(input: PutScalingPolicyCommandInput): Promise<unknown>;
  /** DeleteScalingPolicy: the policy and the CloudWatch alarms target tracking made for it. */
  deleteScalingPolicy(input: DeleteScalingPolicyCommandInput): Promise<unknown>;
  /** DescribeScalingPolicies, all pages. */
  describeScalingPolicies(input: DescribeScalingPoliciesCommandInput): Promise<readonly ScalingPolicy[]>;
}

/** The Elastic Load Balancing v2 call autoscaling makes: find a target group's load balancers. */
export interface LoadBalancingPort {
  /** DescribeTargetGroups by ARN; throws `TargetGroupNotFoundException` for an unknown ARN. */
  describeTargetGroups(targetGroupArns: readonly string[]): Promise<readonly TargetGroup[]>;
}
