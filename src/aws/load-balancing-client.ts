/**
 * The real {@link LoadBalancingApi}: DescribeTargetGroups and DescribeLoadBalancers through the
 * shared rate limiter and the call observer. ecs-bridge reads ELB rarely (a target group's load
 * balancer never changes, so callers can cache the answer), so one modest read bucket is enough.
 */
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AwsCallRunner,
  type AwsApiOptions,
  type AwsCallOptions,
  type SdkSendOptions,
} from './call-runner.js';
import type { CategoryLimit } from './ecs-categories.js';
import type { LoadBalancingApi } from './load-balancing-api.js';
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

  /** Runs a Marker-paginated describe over ARNs in chunks and concatenates the items. */
  async function describeAll<T>(
    action: LoadBalancingAction,
    arns: readonly string[],
    page: (
      chunk: string[],
      marker: string | undefined,
      http: SdkSendOptions,
    ) => Promise<{ items: T[]; next: string | undefined }>,
    callOptions: AwsCallOptions | undefined,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let i = 0; i < arns.length; i += ARNS_PER_CALL) {
      const chunk = arns.slice(i, i + ARNS_PER_CALL);
      let marker: string | undefined;
      do {
        const out = await runner.run(action, (http) => page(chunk, marker, http), callOptions);
        items.push(...out.items);
        marker = out.next === '' ? undefined : out.next;
      } while (marker !== undefined);
    }
    return items;
  }

  return {
    describeTargetGroups(targetGroupArns, callOptions) {
      return describeAll<TargetGroup>(
        'DescribeTargetGroups',
        targetGroupArns,
        async (chunk, marker, http) => {
          const out = await client.send(
            new DescribeTargetGroupsCommand({
              TargetGroupArns: chunk,
              ...(marker !== undefined ? { Marker: marker } : {}),
            }),
            http,
          );
          return { items: out.TargetGroups ?? [], next: out.NextMarker };
        },
        callOptions,
      );
    },

    describeLoadBalancers(loadBalancerArns, callOptions) {
      return describeAll<LoadBalancer>(
        'DescribeLoadBalancers',
        loadBalancerArns,
        async (chunk, marker, http) => {
          const out = await client.send(
            new DescribeLoadBalancersCommand({
              LoadBalancerArns: chunk,
              ...(marker !== undefined ? { Marker: marker } : {}),
            }),
            http,
          );
          return { items: out.LoadBalancers ?? [], next: out.NextMarker };
        },
        callOptions,
      );
    },
  };
}
