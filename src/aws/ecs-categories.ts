/**
 * ECS's throttling categories: which bucket each action we call draws from, and that bucket's
 * burst and sustained rate per account and Region, as AWS publishes them in "Request throttling for
 * the Amazon ECS API" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html).
 *
 * The same table feeds the client-side rate limiter and can feed a throttling emulator, so both
 * agree on what AWS would do. Actions in one category share a bucket: a burst of UpdateService
 * slows CreateService too.
 */

/** The burst capacity and sustained refill rate (per second) of one throttling bucket. */
export interface CategoryLimit {
  readonly burst: number;
  readonly sustained: number;
}

/** ECS throttling categories, namespaced so they never collide with other services' categories. */
export type EcsCategory =
  | 'ecs:service-modify'
  | 'ecs:service-read'
  | 'ecs:task-definition-modify'
  | 'ecs:task-definition-read'
  | 'ecs:task-definition-delete'
  | 'ecs:tag-modify'
  | 'ecs:tag-read'
  | 'ecs:cluster-read'
  | 'ecs:cluster-modify'
  | 'ecs:task-run'
  | 'ecs:task-read';

/** AWS's published per-account, per-Region limits of each ECS category. */
export const ECS_CATEGORY_LIMITS: Readonly<Record<EcsCategory, CategoryLimit>> = {
  'ecs:service-modify': { burst: 50, sustained: 5 },
  'ecs:service-read': { burst: 100, sustained: 20 },
  'ecs:task-definition-modify': { burst: 20, sustained: 1 },
  'ecs:task-definition-read': { burst: 50, sustained: 20 },
  'ecs:task-definition-delete': { burst: 5, sustained: 1 },
  'ecs:tag-modify': { burst: 20, sustained: 10 },
  'ecs:tag-read': { burst: 50, sustained: 20 },
  'ecs:cluster-read': { burst: 50, sustained: 20 },
  // AWS publishes no figures for cluster writes: budget them like the scarcest published bucket
  // (task definition modify), since a handful per cluster change is all ecs-bridge ever sends.
  'ecs:cluster-modify': { burst: 20, sustained: 1 },
  // Tasks (EcsTaskRun): the shared facts sheet carries no figures for the task buckets, so they are
  // budgeted like the scarcest published ones of their kind (writes like task definition modify,
  // reads like cluster read) until checked against AWS's table: a run makes a handful of calls.
  'ecs:task-run': { burst: 20, sustained: 1 },
  'ecs:task-read': { burst: 50, sustained: 20 },
};

/** The category of every ECS action ecs-bridge (or its test world) calls. */
export const ECS_ACTION_CATEGORIES = {
  CreateService: 'ecs:service-modify',
  UpdateService: 'ecs:service-modify',
  DeleteService: 'ecs:service-modify',
  DescribeServices: 'ecs:service-read',
  ListServices: 'ecs:service-read',
  RegisterTaskDefinition: 'ecs:task-definition-modify',
  DeregisterTaskDefinition: 'ecs:task-definition-modify',
  DescribeTaskDefinition: 'ecs:task-definition-read',
  ListTaskDefinitions: 'ecs:task-definition-read',
  ListTaskDefinitionFamilies: 'ecs:task-definition-read',
  DeleteTaskDefinitions: 'ecs:task-definition-delete',
  TagResource: 'ecs:tag-modify',
  UntagResource: 'ecs:tag-modify',
  ListTagsForResource: 'ecs:tag-read',
  // The service deployment APIs are service reads; AWS's table lists no bucket of their own, so
  // they are budgeted with DescribeServices (the conservative side: they share its tokens).
  ListServiceDeployments: 'ecs:service-read',
  DescribeServiceDeployments: 'ecs:service-read',
  DescribeServiceRevisions: 'ecs:service-read',
  // Stopping or continuing a service deployment changes the service: budgeted with UpdateService.
  StopServiceDeployment: 'ecs:service-modify',
  ContinueServiceDeployment: 'ecs:service-modify',
  DescribeClusters: 'ecs:cluster-read',
  ListClusters: 'ecs:cluster-read',
  CreateCluster: 'ecs:cluster-modify',
  UpdateCluster: 'ecs:cluster-modify',
  PutClusterCapacityProviders: 'ecs:cluster-modify',
  DeleteCluster: 'ecs:cluster-modify',
  // Capacity providers belong to clusters and AWS publishes no bucket for them: budget their
  // reads and writes with the cluster's.
  DescribeCapacityProviders: 'ecs:cluster-read',
  CreateCapacityProvider: 'ecs:cluster-modify',
  UpdateCapacityProvider: 'ecs:cluster-modify',
  DeleteCapacityProvider: 'ecs:cluster-modify',
  RunTask: 'ecs:task-run',
  StopTask: 'ecs:task-run',
  DescribeTasks: 'ecs:task-read',
  ListTasks: 'ecs:task-read',
} as const satisfies Record<string, EcsCategory>;

/** An ECS action with a known throttling category. */
export type EcsAction = keyof typeof ECS_ACTION_CATEGORIES;

/** The throttling category of an ECS action. */
export function ecsCategoryOf(action: EcsAction): EcsCategory {
  return ECS_ACTION_CATEGORIES[action];
}

/** Narrows an action name (e.g. from a proxied request's `X-Amz-Target`) to a known ECS action. */
export function isEcsAction(action: string): action is EcsAction {
  return Object.hasOwn(ECS_ACTION_CATEGORIES, action);
}
