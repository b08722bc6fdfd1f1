/**
 * The physical floor of the benchmark's workload: the AWS calls no tool could avoid to converge N
 * task definitions and N services (load-balanced and autoscaled, or plain), and, for each ECS throttling category,
 * how long ECS's token bucket (sped up K times) needs to let them through. The floor is the
 * slowest category: nothing can converge faster than `max(0, calls − burst) / (rate × K)`.
 */
import {
  ECS_BUCKET_LIMITS,
  ecsCategoryOf,
  type EcsThrottleCategory,
} from '../../test/world/aws-proxy/index.js';

/** The most services one DescribeServices call takes. */
export const DESCRIBE_SERVICES_BATCH = 10;
/** Target groups per page of the Region listing the operator reads them from (ELB's most). */
export const DESCRIBE_TARGET_GROUPS_PAGE = 400;
/** Target-tracking policies per service in the workload: CPU, memory, ALB requests per target. */
export const POLICIES_PER_SERVICE = 3;

/** The unavoidable calls of one action for the workload. */
export interface MinimumCalls {
  readonly service: 'ecs' | 'application-autoscaling' | 'elasticloadbalancing';
  readonly action: string;
  readonly calls: number;
  /** Why this many: the reasoning a reader can check. */
  readonly why: string;
}

/**
 * The calls converging `n` services cannot avoid: one registration and one create each, and one
 * read per 10 services to see them stable; with `autoscaling` (the default fleet) also a scalable
 * target and three policies each, and the target groups' load balancers (the ResourceLabel of the
 * request-count policy needs the ALB), listed 400 a page. Without it (`--without-autoscaling`) the services have no
 * load balancer and no policies: nothing to call beyond ECS.
 */
export function minimumCalls(n: number, autoscaling = true): MinimumCalls[] {
  const ecs: MinimumCalls[] = [
    { service: 'ecs', action: 'RegisterTaskDefinition', calls: n, why: 'one revision per task definition' },
    { service: 'ecs', action: 'CreateService', calls: n, why: 'one create per service' },
    {
      service: 'ecs',
      action: 'DescribeServices',
      calls: Math.ceil(n / DESCRIBE_SERVICES_BATCH),
      why: 'each service read once when stable, 10 per call',
    },
  ];
  if (!autoscaling) return ecs;
  return [
    ...ecs,
    {
      service: 'application-autoscaling',
      action: 'RegisterScalableTarget',
      calls: n,
      why: 'one scalable target per service',
    },
    {
      service: 'application-autoscaling',
      action: 'PutScalingPolicy',
      calls: POLICIES_PER_SERVICE * n,
      why: 'cpu, memory and request-count policies',
    },
    {
      service: 'elasticloadbalancing',
      action: 'DescribeTargetGroups',
      calls: Math.ceil(n / DESCRIBE_TARGET_GROUPS_PAGE),
      why: 'the ALB of each target group, one Region listing, 400 a page',
    },
  ];
}

/** One ECS category's share of the floor. */
export interface CategoryFloor {
  readonly category: EcsThrottleCategory;
  readonly calls: number;
  readonly burst: number;
  /** Sustained rate with the speed-up applied, calls per second. */
  readonly ratePerSecond: number;
  /** `max(0, calls − burst) / ratePerSecond`. */
  readonly seconds: number;
}

/** The floor of a workload: every ECS category it uses, and the slowest one. */
export interface Floor {
  readonly categories: readonly CategoryFloor[];
  readonly seconds: number;
  /** The category that sets the floor. */
  readonly bottleneck: EcsThrottleCategory | undefined;
}

/**
 * The floor for `n` services against ECS's buckets sped up `speedup` times (the same for both
 * fleets: they differ only in calls outside ECS).
 */
export function convergenceFloor(n: number, speedup: number, autoscaling = true): Floor {
  const perCategory = new Map<EcsThrottleCategory, number>();
  for (const m of minimumCalls(n, autoscaling)) {
    if (m.service !== 'ecs') continue;
    const category = ecsCategoryOf(m.action);
    if (category === undefined) continue;
    perCategory.set(category, (perCategory.get(category) ?? 0) + m.calls);
  }
  const categories = [...perCategory].map(([category, calls]): CategoryFloor => {
    const limit = ECS_BUCKET_LIMITS[category];
    const ratePerSecond = limit.ratePerSecond * speedup;
    return {
      category,
      calls,
      burst: limit.burst,
      ratePerSecond,
      seconds: Math.max(0, calls - limit.burst) / ratePerSecond,
    };
  });
  let slowest: CategoryFloor | undefined;
  for (const c of categories) if (slowest === undefined || c.seconds > slowest.seconds) slowest = c;
  return { categories, seconds: slowest?.seconds ?? 0, bottleneck: slowest?.category };
}
