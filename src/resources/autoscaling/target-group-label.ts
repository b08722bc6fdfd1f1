/**
 * The ResourceLabel of an ALBRequestCountPerTarget policy, derived from the target group alone:
 * DescribeTargetGroups gives its `LoadBalancerArns`, which must hold exactly one application load
 * balancer. Users of other tools build this string by hand; the user of ecs-bridge never sees it.
 *
 * {@link resourceLabelFromTargetGroup} is the pure decision; {@link lookupResourceLabel} adds the one
 * read. A problem here is the user's to fix outside the object (attach the target group to a
 * listener), so it becomes a condition and a slow requeue, never a hot retry loop.
 */
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import { classifyAwsError } from '../../aws/errors.js';
import type { LoadBalancingApi } from '../../aws/load-balancing-api.js';
import { albResourceLabelForTargetGroup, ResourceLabelError } from '../../aws/resource-label.js';
import { AutoscalingReason } from './reasons.js';

/**
 * Why a target group gives no ResourceLabel, with a message that says how to fix it. All but
 * `InvalidAutoscaling` are fixed outside the object (a listener, a load balancer), so they wait and
 * recheck; `InvalidAutoscaling` (an ARN that is not a target group's) needs a spec change.
 */
export interface LabelProblem {
  readonly reason:
    | typeof AutoscalingReason.TargetGroupNotAttached
    | typeof AutoscalingReason.TargetGroupNotOnApplicationLoadBalancer
    | typeof AutoscalingReason.TargetGroupNotFound
    | typeof AutoscalingReason.InvalidAutoscaling;
  readonly message: string;
}

/** A derived label, or why there is none. */
export type LabelResolution = { readonly resourceLabel: string } | { readonly problem: LabelProblem };

/**
 * Pure: the label for `targetGroupArn` given DescribeTargetGroups' answer (`undefined` when AWS said
 * the target group does not exist). The label itself is built by the AWS edge's
 * `albResourceLabelForTargetGroup`; this maps its failures to condition reasons and advice.
 */
export function resourceLabelFromTargetGroup(
  targetGroupArn: string,
  targetGroup: TargetGroup | undefined,
): LabelResolution {
  if (targetGroup === undefined) {
    return {
      problem: {
        reason: AutoscalingReason.TargetGroupNotFound,
        message: `target group ${targetGroupArn} of the albRequestCountPerTarget policy does not exist; create it or correct spec.autoscaling.albRequestCountPerTarget.targetGroupArn`,
      },
    };
  }
  try {
    return {
      resourceLabel: albResourceLabelForTargetGroup({ ...targetGroup, TargetGroupArn: targetGroupArn }),
    };
  } catch (err) {
    if (!(err instanceof ResourceLabelError)) throw err;
    switch (err.reason) {
      case 'TargetGroupNotAttached':
        return {
          problem: {
            reason: AutoscalingReason.TargetGroupNotAttached,
            message: `target group ${targetGroupArn} is attached to no load balancer, so ALBRequestCountPerTarget has no metric; attach it to an application load balancer listener (a forward action or rule) and ecs-bridge will pick it up`,
          },
        };
      case 'NotApplicationLoadBalancer':
      case 'AmbiguousLoadBalancer':
        return {
          problem: {
            reason: AutoscalingReason.TargetGroupNotOnApplicationLoadBalancer,
            message: `${err.message} (load balancers: ${(targetGroup.LoadBalancerArns ?? []).join(', ')}); ALBRequestCountPerTarget needs a target group of exactly one application load balancer, so use a cpu or memory policy for a network load balancer`,
          },
        };
      case 'InvalidArn':
      case 'LocationMismatch':
        return { problem: { reason: AutoscalingReason.InvalidAutoscaling, message: err.message } };
    }
  }
}

/**
 * Reads the target group and derives its label. A missing target group is a {@link LabelProblem};
 * every other error is thrown unchanged for the caller to classify.
 */
export async function lookupResourceLabel(
  loadBalancing: Pick<LoadBalancingApi, 'describeTargetGroups'>,
  targetGroupArn: string,
  options?: AwsCallOptions,
): Promise<LabelResolution> {
  let targetGroups: readonly TargetGroup[];
  try {
    targetGroups = await loadBalancing.describeTargetGroups([targetGroupArn], options);
  } catch (err) {
    if (classifyAwsError(err).kind === 'notFound')
      return resourceLabelFromTargetGroup(targetGroupArn, undefined);
    throw err;
  }
  const found = targetGroups.find((tg) => tg.TargetGroupArn === targetGroupArn) ?? targetGroups[0];
  return resourceLabelFromTargetGroup(targetGroupArn, found);
}
