/**
 * The `ResourceLabel` of the `ALBRequestCountPerTarget` predefined metric, derived instead of
 * written by hand: `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>`, i.e. the load balancer
 * ARN's resource part without `loadbalancer/`, a `/`, and the target group ARN's resource part
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html).
 *
 * Pure. Failures are {@link ResourceLabelError}s with a stable PascalCase `reason`, ready to become a
 * condition reason.
 */
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';

/** Why a resource label could not be derived. */
export type ResourceLabelErrorReason =
  /** An ARN is not an ELBv2 load balancer or target group ARN. */
  | 'InvalidArn'
  /** The load balancer is a Network or Gateway Load Balancer; the metric needs an `app/` one. */
  | 'NotApplicationLoadBalancer'
  /** The target group is not (yet) attached to a load balancer through a listener or rule. */
  | 'TargetGroupNotAttached'
  /** The target group reports more than one load balancer; the label would be ambiguous. */
  | 'AmbiguousLoadBalancer'
  /** Load balancer and target group live in different partitions, Regions or accounts. */
  | 'LocationMismatch';

/** A resource label cannot be derived; `reason` says why in one stable word. */
export class ResourceLabelError extends Error {
  override readonly name = 'ResourceLabelError';
  readonly reason: ResourceLabelErrorReason;

  constructor(reason: ResourceLabelErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

interface ElbArn {
  readonly location: string;
  readonly resource: string;
}

// arn:<partition>:elasticloadbalancing:<region>:<account>:<resource>
const ELB_ARN = /^arn:(aws[a-z-]*):elasticloadbalancing:([a-z0-9-]+):(\d{12}):(.+)$/;
// Names: up to 32 alphanumerics and hyphens; ids: AWS uses 16 hex digits, emulators may differ.
const LOAD_BALANCER = /^loadbalancer\/(app|net|gwy)\/([A-Za-z0-9-]{1,32})\/([A-Za-z0-9]+)$/;
const TARGET_GROUP = /^targetgroup\/([A-Za-z0-9-]{1,32})\/([A-Za-z0-9]+)$/;

function parseElbArn(arn: string, what: string): ElbArn {
  const match = ELB_ARN.exec(arn);
  if (match?.[4] === undefined) {
    throw new ResourceLabelError(
      'InvalidArn',
      `${what} ${JSON.stringify(arn)} is not an Elastic Load Balancing ARN`,
    );
  }
  return { location: `${match[1]}:${match[2]}:${match[3]}`, resource: match[4] };
}

/**
 * The `ALBRequestCountPerTarget` resource label of a target group behind an Application Load
 * Balancer. Throws {@link ResourceLabelError} for a malformed ARN, a load balancer that is not an
 * `app/` one, or ARNs from different partitions, Regions or accounts.
 */
export function albResourceLabel(loadBalancerArn: string, targetGroupArn: string): string {
  const lb = parseElbArn(loadBalancerArn, 'load balancer ARN');
  const tg = parseElbArn(targetGroupArn, 'target group ARN');
  const lbMatch = LOAD_BALANCER.exec(lb.resource);
  if (lbMatch === null) {
    throw new ResourceLabelError(
      'InvalidArn',
      `${JSON.stringify(loadBalancerArn)} is not a load balancer ARN`,
    );
  }
  if (lbMatch[1] !== 'app') {
    const kind = lbMatch[1] === 'net' ? 'a Network' : 'a Gateway';
    throw new ResourceLabelError(
      'NotApplicationLoadBalancer',
      `load balancer ${lbMatch[2] ?? ''} is ${kind} Load Balancer; ALBRequestCountPerTarget needs an Application Load Balancer`,
    );
  }
  if (!TARGET_GROUP.test(tg.resource)) {
    throw new ResourceLabelError('InvalidArn', `${JSON.stringify(targetGroupArn)} is not a target group ARN`);
  }
  if (lb.location !== tg.location) {
    throw new ResourceLabelError(
      'LocationMismatch',
      `load balancer (${lb.location}) and target group (${tg.location}) are in different partitions, Regions or accounts`,
    );
  }
  return `${lb.resource.slice('loadbalancer/'.length)}/${tg.resource}`;
}

/**
 * The resource label of a described target group (ELBv2 DescribeTargetGroups), from its one
 * `LoadBalancerArns` entry. Throws {@link ResourceLabelError} when it has none (not attached yet: a
 * listener or rule must forward to it), more than one, or a load balancer that is not an ALB.
 */
export function albResourceLabelForTargetGroup(targetGroup: TargetGroup): string {
  const tgArn = targetGroup.TargetGroupArn;
  if (tgArn === undefined) throw new ResourceLabelError('InvalidArn', 'target group has no ARN');
  const lbs = targetGroup.LoadBalancerArns ?? [];
  const [only] = lbs;
  if (only === undefined) {
    throw new ResourceLabelError(
      'TargetGroupNotAttached',
      `target group ${tgArn} is not attached to a load balancer; a listener or listener rule must forward to it`,
    );
  }
  if (lbs.length > 1) {
    throw new ResourceLabelError(
      'AmbiguousLoadBalancer',
      `target group ${tgArn} reports ${lbs.length} load balancers`,
    );
  }
  return albResourceLabel(only, tgArn);
}
