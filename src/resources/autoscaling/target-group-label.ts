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
import { classifyAwsError } from '../../aws/errors.js';
import type { CallOptions, LoadBalancingPort } from './ports.js';
import { AutoscalingReason } from './reasons.js';

/** Why a target group gives no ResourceLabel, with a message that says how to fix it. */
export interface LabelProblem {
  readonly reason:
    | typeof AutoscalingReason.TargetGroupNotAttached
    | typeof AutoscalingReason.TargetGroupNotOnApplicationLoadBalancer
    | typeof AutoscalingReason.TargetGroupNotFound;
  readonly message: string;
}

/** A derived label, or why there is none. */
export type LabelResolution = { readonly resourceLabel: string } | { readonly problem: LabelProblem };

/** The resource part of an ARN (what follows the fifth colon), or undefined for a malformed ARN. */
function arnResource(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? parts.slice(5).join(':') : undefined;
}

/**
 * `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>` from a load balancer ARN and a target group
 * ARN, or undefined when either is not the ARN it should be.
 */
export function albResourceLabel(loadBalancerArn: string, targetGroupArn: string): string | undefined {
  const lb = arnResource(loadBalancerArn);
  const tg = arnResource(targetGroupArn);
  if (lb === undefined || tg === undefined) return undefined;
  if (!lb.startsWith('loadbalancer/app/') || !tg.startsWith('targetgroup/')) return undefined;
  return `${lb.slice('loadbalancer/'.length)}/${tg}`;
}

/** The load balancer type of an ELBv2 ARN: `app`, `net`, `gwy`, or undefined. */
function loadBalancerType(loadBalancerArn: string): string | undefined {
  return arnResource(loadBalancerArn)?.split('/')[1];
}

/**
 * Pure: the label for `targetGroupArn` given DescribeTargetGroups' answer (`undefined` when AWS said
 * the target group does not exist).
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
  const lbs = targetGroup.LoadBalancerArns ?? [];
  if (lbs.length === 0) {
    return {
      problem: {
        reason: AutoscalingReason.TargetGroupNotAttached,
        message: `target group ${targetGroupArn} is attached to no load balancer, so ALBRequestCountPerTarget has no metric; attach it to an application load balancer listener (a forward action or rule) and ecs-bridge will pick it up`,
      },
    };
  }
  const albs = lbs.filter((arn) => loadBalancerType(arn) === 'app');
  const [alb] = albs;
  if (alb === undefined || albs.length !== 1) {
    return {
      problem: {
        reason: AutoscalingReason.TargetGroupNotOnApplicationLoadBalancer,
        message: `target group ${targetGroupArn} must belong to exactly one application load balancer for ALBRequestCountPerTarget, but its load balancers are ${lbs.join(', ')}; use a CPU or memory policy for a network load balancer`,
      },
    };
  }
  const resourceLabel = albResourceLabel(alb, targetGroupArn);
  if (resourceLabel === undefined) {
    return {
      problem: {
        reason: AutoscalingReason.TargetGroupNotOnApplicationLoadBalancer,
        message: `cannot build a ResourceLabel from load balancer ${alb} and target group ${targetGroupArn}`,
      },
    };
  }
  return { resourceLabel };
}

/**
 * Reads the target group and derives its label. A missing target group is a {@link LabelProblem};
 * every other error is thrown unchanged for the caller to classify.
 */
export async function lookupResourceLabel(
  loadBalancing: LoadBalancingPort,
  targetGroupArn: string,
  options?: CallOptions,
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
