/**
 * The narrow interface over Elastic Load Balancing v2: the reads ecs-bridge makes, to find the
 * Application Load Balancer behind a service's target group (for the `ALBRequestCountPerTarget`
 * resource label). SDK shapes; errors thrown unchanged (a missing ARN fails the whole call with
 * `TargetGroupNotFoundException` / `LoadBalancerNotFoundException`, which `errors.ts` classifies
 * as `notFound`). Every method takes an optional trailing {@link AwsCallOptions}.
 */
import type { LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsCallOptions } from './call-runner.js';

/** The ELBv2 calls ecs-bridge makes. */
export interface LoadBalancingApi {
  /** DescribeTargetGroups by ARN, all pages; each target group carries its `LoadBalancerArns`. */
  describeTargetGroups(targetGroupArns: readonly string[], options?: AwsCallOptions): Promise<TargetGroup[]>;
  /**
   * DescribeTargetGroups without ARNs: every target group of the Region, all pages (up to 400 a
   * page, ELB's most). Optional: without it, readers ask by ARN only.
   */
  listTargetGroups?(options?: AwsCallOptions): Promise<TargetGroup[]>;
  /** DescribeLoadBalancers by ARN, all pages (sent 20 ARNs per call, ELB's maximum). */
  describeLoadBalancers(
    loadBalancerArns: readonly string[],
    options?: AwsCallOptions,
  ): Promise<LoadBalancer[]>;
}
