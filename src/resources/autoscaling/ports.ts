/**
 * The AWS calls autoscaling makes, as the narrow structural interfaces this folder depends on. The
 * real `AutoscalingApi` (src/aws/autoscaling-api.ts) and `LoadBalancingApi`
 * (src/aws/load-balancing-api.ts) satisfy them; the unit tests' stateful fake does too.
 */
import type {
  DeleteScalingPolicyCommandInput,
  DeregisterScalableTargetCommandInput,
  PutScalingPolicyCommandInput,
  RegisterScalableTargetCommandInput,
  ScalableTarget,
  ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';

/** Per-call options; structurally the AWS edge's `AwsCallOptions`. */
export interface CallOptions {
  /** Withdraws a queued call or aborts one in flight (the reconcile's signal). */
  readonly signal?: AbortSignal;
}

/**
 * The Application Auto Scaling calls of one service's autoscaling: a structural subset of
 * `AutoscalingApi` (src/aws/autoscaling-api.ts). Every method throws the SDK's errors unchanged.
 */
export interface AutoscalingPort {
  /** RegisterScalableTarget: creates the target or updates its capacity (an upsert). */
  registerScalableTarget(input: RegisterScalableTargetCommandInput, options?: CallOptions): Promise<unknown>;
  /** DeregisterScalableTarget: AWS deletes the target's policies too (moto does not). */
  deregisterScalableTarget(
    input: DeregisterScalableTargetCommandInput,
    options?: CallOptions,
  ): Promise<unknown>;
  /** DescribeScalableTargets of ECS services' desired counts for these resource ids, all pages. */
  describeScalableTargets(
    resourceIds: readonly string[],
    options?: CallOptions,
  ): Promise<readonly ScalableTarget[]>;
  /** PutScalingPolicy: creates or replaces a policy by name. */
  putScalingPolicy(input: PutScalingPolicyCommandInput, options?: CallOptions): Promise<unknown>;
  /** DeleteScalingPolicy: the policy and the CloudWatch alarms target tracking made for it. */
  deleteScalingPolicy(input: DeleteScalingPolicyCommandInput, options?: CallOptions): Promise<unknown>;
  /** DescribeScalingPolicies of one ECS service's desired count, all pages. */
  describeScalingPolicies(resourceId: string, options?: CallOptions): Promise<readonly ScalingPolicy[]>;
}

/**
 * The Elastic Load Balancing v2 call autoscaling makes, a structural subset of `LoadBalancingApi`
 * (src/aws/load-balancing-api.ts): find a target group's load balancers.
 */
export interface LoadBalancingPort {
  /** DescribeTargetGroups by ARN; throws `TargetGroupNotFoundException` for an unknown ARN. */
  describeTargetGroups(
    targetGroupArns: readonly string[],
    options?: CallOptions,
  ): Promise<readonly TargetGroup[]>;
}
