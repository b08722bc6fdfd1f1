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
import { AwsCallRunner, type AwsApiOptions, type AwsCallOptions } from './call-runner.js';
import { commandSender, type SdkCommand } from './command-sender.js';
import type { CategoryLimit } from './ecs-categories.js';
import type { LoadBalancingApi } from './load-balancing-api.js';
import { readAllPages, readInChunks } from './pages.js';
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

/**
 * DescribeTargetGroups' largest `PageSize` (valid range 1–400,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTargetGroups.html).
 */
export const TARGET_GROUPS_PER_PAGE = 400;

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

  /**
   * Every item of a Marker-paginated describe over `arns`, {@link ARNS_PER_CALL} ARNs a call, in
   * order: `command` builds a page's request from its ARNs and Marker, `items` picks its items.
   */
  const describeAll =
    <Output extends { NextMarker?: string | undefined }, T>(
      action: LoadBalancingAction,
      command: (arns: string[], marker: { Marker?: string }) => SdkCommand<Output>,
      items: (output: Output) => T[] | undefined,
    ) =>
    (arns: readonly string[], callOptions?: AwsCallOptions): Promise<T[]> =>
      readInChunks(arns, ARNS_PER_CALL, (chunk) =>
        readAllPages(async (marker) => {
          const out = await send(
            action,
            command(chunk, marker === undefined ? {} : { Marker: marker }),
            callOptions,
          );
          return { items: items(out) ?? [], next: out.NextMarker };
        }),
      );

  return {
    describeTargetGroups: describeAll(
      'DescribeTargetGroups',
      (TargetGroupArns, marker) => new DescribeTargetGroupsCommand({ TargetGroupArns, ...marker }),
      (out) => out.TargetGroups,
    ),
    listTargetGroups: (callOptions) =>
      readAllPages(async (marker) => {
        const out = await send(
          'DescribeTargetGroups',
          new DescribeTargetGroupsCommand({
            PageSize: TARGET_GROUPS_PER_PAGE,
            ...(marker === undefined ? {} : { Marker: marker }),
          }),
          callOptions,
        );
        return { items: out.TargetGroups ?? [], next: out.NextMarker };
      }),
    describeLoadBalancers: describeAll(
      'DescribeLoadBalancers',
      (LoadBalancerArns, marker) => new DescribeLoadBalancersCommand({ LoadBalancerArns, ...marker }),
      (out) => out.LoadBalancers,
    ),
  };
}
