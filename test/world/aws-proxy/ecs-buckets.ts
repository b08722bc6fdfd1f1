/**
 * ECS's published throttling table: which actions share a token bucket, and each bucket's burst
 * and sustained rate (AWS "Request throttling for the Amazon ECS API", copied into
 * /work/shared/docs/aws-facts.md). Actions not listed are not limited by the proxy.
 */
import type { BucketLimit } from '../../../src/shared/token-bucket.js';

/** The ECS throttling categories the proxy enforces. */
export const ECS_THROTTLE_CATEGORIES = [
  'service-modify',
  'service-read',
  'task-definition-modify',
  'task-definition-read',
  'task-definition-delete',
  'tag-modify',
  'tag-read',
  'cluster-read',
] as const;

/** One ECS throttling category: actions in it share one bucket per account and Region. */
export type EcsThrottleCategory = (typeof ECS_THROTTLE_CATEGORIES)[number];

/** Published burst and sustained rate per category. */
export const ECS_BUCKET_LIMITS: Readonly<Record<EcsThrottleCategory, BucketLimit>> = {
  'service-modify': { burst: 50, ratePerSecond: 5 },
  'service-read': { burst: 100, ratePerSecond: 20 },
  'task-definition-modify': { burst: 20, ratePerSecond: 1 },
  'task-definition-read': { burst: 50, ratePerSecond: 20 },
  'task-definition-delete': { burst: 5, ratePerSecond: 1 },
  'tag-modify': { burst: 20, ratePerSecond: 10 },
  'tag-read': { burst: 50, ratePerSecond: 20 },
  'cluster-read': { burst: 50, ratePerSecond: 20 },
};

/**
 * The category of every ECS action the operator and the tests call. CreateCluster, DeleteCluster,
 * DescribeTasks and friends are deliberately absent: the table we build on publishes no bucket
 * for them, and inventing numbers would make benchmark ratios lie. They pass unlimited.
 */
export const ECS_ACTION_CATEGORIES: Readonly<Record<string, EcsThrottleCategory>> = {
  CreateService: 'service-modify',
  UpdateService: 'service-modify',
  DeleteService: 'service-modify',
  DescribeServices: 'service-read',
  ListServices: 'service-read',
  RegisterTaskDefinition: 'task-definition-modify',
  DeregisterTaskDefinition: 'task-definition-modify',
  DescribeTaskDefinition: 'task-definition-read',
  ListTaskDefinitions: 'task-definition-read',
  ListTaskDefinitionFamilies: 'task-definition-read',
  DeleteTaskDefinitions: 'task-definition-delete',
  TagResource: 'tag-modify',
  UntagResource: 'tag-modify',
  ListTagsForResource: 'tag-read',
  DescribeClusters: 'cluster-read',
  ListClusters: 'cluster-read',
};

/** The throttling category of an ECS action, or `undefined` when the action is not limited. */
export function ecsCategoryOf(action: string): EcsThrottleCategory | undefined {
  return Object.hasOwn(ECS_ACTION_CATEGORIES, action) ? ECS_ACTION_CATEGORIES[action] : undefined;
}

/** True when `value` names an ECS throttling category. */
export function isEcsThrottleCategory(value: unknown): value is EcsThrottleCategory {
  return typeof value === 'string' && (ECS_THROTTLE_CATEGORIES as readonly string[]).includes(value);
}
