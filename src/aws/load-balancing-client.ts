/**
 * The real {@link LoadBalancingApi}: DescribeTargetGroups and DescribeLoadBalancers through the
 * shared rate limiter and the call observer. ecs-bridge reads ELB rarely (a target group's load
 * balancer never changes, so callers can cache the answer), so one modest read bucket is enough.
 */
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AwsCallRunner, type AwsApiOptions } from './call-runner.js';
import { commandSender } from './command-sender.js';
import type { CategoryLimit } from './ecs-categories.js';
import type { LoadBalancingApi } from './load-balancing-api.js';
import { chunks, readAllPages, type PageReader } from './pages.js';
import { installThrottleReporter } from './throttle-reporter.js';

/** Throttling categories of ELBv2, as the rate limiter knows them. */
export type LoadBalancingCategory = 'elasticloadbalancing:read';

/** Our own limit for ELBv2 reads: modest, since ecs-bridge needs few. */
export const LOAD_BALANCING_CATEGORY_LIMITS: Readonly<Record<LoadBalancingCategory, CategoryLimit>> = {
  'elasticloadbalancing:read': { burst: 20, sustained: 10 },
};

type LoadBalancingAction = 'DescribeTargetGroups' | 'DescribeLoadBalancers';

const isLoadBalancingAction = (action: string): action is LoadBalancingAction =>
  action === 'DescribeTargetGroups' || action === 'DescribeLoadBalancers';

// DescribeLoadBalancers takes at most 20 ARNs; the same chunk size keeps DescribeTargetGroups small.
const ARNS_PER_CALL = 20;

/** Options for {@link createLoadBalancingApi}. */
export interface LoadBalancingApiOptions extends AwsApiOptions {
  /** The SDK client for {@link AwsApiOptions.region}. */
  readonly client: ElasticLoadBalancingV2Client;
}

/** Builds the real {@link LoadBalancingApi} for one Region over `options.client`. */
export function createLoadBalancingApi(options: LoadBalancingApiOptions): LoadBalancingApi {
  const { client } = options;
  const runner = new AwsCallRunner<LoadBalancingAction>({
    ...options,
    service: 'elasticloadbalancing',
    categoryOf: () => 'elasticloadbalancing:read',
  });
  installThrottleReporter(client.middlewareStack, (action) =>
    runner.reportThrottle(action, isLoadBalancingAction),
  );

  const send = commandSender(runner, client);
  const markerField = (marker: string | undefined) => (marker === undefined ? {} : { Marker: marker });

  return {
    describeTargetGroups: (targetGroupArns, callOptions) =>
      describeAll(targetGroupArns, (chunk) => async (marker) => {
        const out = await send(
          'DescribeTargetGroups',
          new DescribeTargetGroupsCommand({ TargetGroupArns: chunk, ...markerField(marker) }),
          callOptions,
        );
        return { items: out.TargetGroups ?? [], next: out.NextMarker };
      }),

    describeLoadBalancers: (loadBalancerArns, callOptions) =>
      describeAll(loadBalancerArns, (chunk) => async (marker) => {
        const out = await send(
          'DescribeLoadBalancers',
          new DescribeLoadBalancersCommand({ LoadBalancerArns: chunk, ...markerField(marker) }),
          callOptions,
        );
        return { items: out.LoadBalancers ?? [], next: out.NextMarker };
      }),
  };
}

/** Every item of a Marker-paginated describe over `arns`, {@link ARNS_PER_CALL} ARNs a call, in order. */
async function describeAll<T>(
  arns: readonly string[],
  pagesOf: (chunk: string[]) => PageReader<T>,
): Promise<T[]> {
  const items: T[] = [];
  for (const chunk of chunks(arns, ARNS_PER_CALL)) items.push(...(await readAllPages(pagesOf(chunk))));
  return items;
}
