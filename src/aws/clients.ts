/**
 * The composition point of the AWS edge: builds the SDK clients of a Region on first use, wraps
 * them in the narrow APIs, and makes every one of them share one rate limiter, so the whole process
 * stays under AWS's per-account, per-Region buckets whatever controller makes the call.
 *
 * - Credentials: the SDK's default provider chain unless given. IRSA (web identity token) and EKS
 *   Pod Identity (container credentials endpoint) both work through that chain with no code here.
 * - Retries: `maxAttempts` defaults to {@link DEFAULT_MAX_ATTEMPTS} (one SDK retry, for a dropped
 *   connection), so a throttled or failing call comes back quickly and the work queue's per-key
 *   backoff, not a worker blocked inside the SDK, absorbs it.
 * - Account: buckets are keyed by `accountId` when configured, else by the constant `default`.
 *   One process uses one credential chain, hence one account, so the key only matters if that ever
 *   changes; resolving it lazily would cost an STS call (and an STS dependency) on every start for
 *   no difference in behaviour. Configure it when a deployment wants it in metrics or logs.
 * - Endpoint: one URL for every service, for an emulator (moto) or a fault-injecting proxy.
 * - Timeouts: every call has a deadline from sending to answer (reads and writes apart, see
 *   `call-timeout.ts`), and opening a connection has its own ({@link DEFAULT_CONNECT_TIMEOUT_MS},
 *   the SDK's `connectionTimeout`). The SDK's own `requestTimeout` is left unset: it is a socket
 *   idle timer that only warns unless told to throw; the runner's deadline covers the whole call.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ECSClient, type ECSClientConfig } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AutoscalingApi } from './autoscaling-api.js';
import { AUTOSCALING_CATEGORY_LIMITS, createAutoscalingApi } from './autoscaling-client.js';
import type { AwsCallObserver } from './call-observer.js';
import type { AwsApiOptions } from './call-runner.js';
import { DEFAULT_CALL_TIMEOUTS, DEFAULT_CONNECT_TIMEOUT_MS, type AwsCallTimeouts } from './call-timeout.js';
import type { Clock } from '../shared/clock.js';
import { DescribeServicesBatcher } from './describe-services-batcher.js';
import { ECS_CATEGORY_LIMITS, type CategoryLimit } from './ecs-categories.js';
import { createEcsApi, type SignalledEcsApi } from './ecs-client.js';
import { createEcsInventory, type EcsInventory } from './ecs-inventory-client.js';
import type { EcsClusterApi } from './ecs-cluster-api.js';
import { createEcsClusterApi } from './ecs-cluster-client.js';
import type { EcsTaskApi } from './ecs-task-api.js';
import { createEcsTaskApi } from './ecs-task-client.js';
import type { LoadBalancingApi } from './load-balancing-api.js';
import { createLoadBalancingApi, LOAD_BALANCING_CATEGORY_LIMITS } from './load-balancing-client.js';
import { AwsRateLimiter } from './rate-limiter.js';
import { withServiceWriteHook } from './service-write-hook.js';
import type { ThrottleAdaptation } from './adaptive-token-bucket.js';

/** SDK attempts per call (the first plus one retry) unless configured otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 2;

/** The account key used for the rate-limit buckets when no account id is configured. */
export const DEFAULT_ACCOUNT_KEY = 'default';

/** Every category the AWS edge calls, with AWS's limits (ECS) or ours (the others). */
export const AWS_CATEGORY_LIMITS: Readonly<Record<string, CategoryLimit>> = {
  ...ECS_CATEGORY_LIMITS,
  ...AUTOSCALING_CATEGORY_LIMITS,
  ...LOAD_BALANCING_CATEGORY_LIMITS,
};

/** Static credentials or a provider, as the SDK clients accept them. */
export type AwsCredentials = NonNullable<ECSClientConfig['credentials']>;

/** Options for {@link createAwsClients}; every field is optional. */
export interface AwsClientsOptions {
  /** The AWS account the buckets are keyed by; {@link DEFAULT_ACCOUNT_KEY} when absent. */
  readonly accountId?: string;
  /** One endpoint URL for every service (an emulator or proxy); AWS's endpoints when absent. */
  readonly endpoint?: string;
  /** Credentials; the SDK default provider chain (env, IRSA, EKS Pod Identity, IMDS…) when absent. */
  readonly credentials?: AwsCredentials;
  /** SDK attempts per call; {@link DEFAULT_MAX_ATTEMPTS} when absent. */
  readonly maxAttempts?: number;
  /** Share of each limit to budget (see {@link AwsRateLimiter}); 0.8 when absent. */
  readonly budgetFraction?: number;
  /**
   * Multiplies every sustained rate (see {@link AwsRateLimiter}); 1 when absent. K against an emulator
   * that enforces ECS's buckets sped up K times.
   */
  readonly rateScale?: number;
  /**
   * Overrides of individual categories' limits, e.g. a benchmark against a proxy that enforces
   * ECS's buckets sped up K times.
   */
  readonly limits?: Readonly<Record<string, CategoryLimit>>;
  /** Reaction of every bucket to throttles (see {@link ThrottleAdaptation}). */
  readonly adaptation?: ThrottleAdaptation;
  /** Receives one record per AWS call. */
  readonly observer?: AwsCallObserver;
  /** Time source for buckets, batching and call timing; the system clock when absent. */
  readonly clock?: Clock;
  /** Aborts every waiting and in-flight AWS call, e.g. at shutdown. */
  readonly signal?: AbortSignal;
  /** Per-call deadlines (0 turns one off); {@link DEFAULT_CALL_TIMEOUTS} for what is absent. */
  readonly timeouts?: Partial<AwsCallTimeouts>;
  /** How long opening a connection may take, in ms (0: no limit); {@link DEFAULT_CONNECT_TIMEOUT_MS}. */
  readonly connectTimeoutMs?: number;
  /** DescribeServices batching window in milliseconds (default 5). */
  readonly describeServicesWindowMs?: number;
  /** DescribeServices calls in flight per cluster (default 4). */
  readonly describeServicesMaxInFlightPerCluster?: number;
  /**
   * How old a DescribeServices answer read ahead may be when served, in ms, or `false` for no
   * read-ahead. Default {@link DEFAULT_READ_AHEAD_MAX_AGE_MS} divided by `rateScale`.
   */
  readonly describeServicesReadAheadMs?: number | false;
}

/**
 * How old a DescribeServices answer read ahead for a likely next ask may be when served: a resync
 * then sees ECS as it was up to this long before (drift outside the operator is found this much
 * later, against a default resync period of 10 minutes), and a fleet's resync costs about one
 * DescribeServices per ten services.
 */
export const DEFAULT_READ_AHEAD_MAX_AGE_MS = 120_000;

/** The narrow AWS APIs of one Region, sharing the process-wide rate limiter. */
export interface RegionalAwsClients {
  readonly region: string;
  readonly ecs: SignalledEcsApi;
  readonly autoscaling: AutoscalingApi;
  readonly loadBalancing: LoadBalancingApi;
  /** Batched single-service DescribeServices for this Region (use it for every service read). */
  readonly describeServices: DescribeServicesBatcher;
  /** The orphan scan's list calls (every cluster, service and revision of the Region). */
  readonly inventory: EcsInventory;
  /** The EcsCluster kind's cluster calls. */
  readonly clusters: EcsClusterApi;
  /** The EcsTaskRun kind's task calls. */
  readonly tasks: EcsTaskApi;
}

/** The AWS edge of the process: one set of clients per Region, created on first use. */
export interface AwsClients {
  /** The clients of `region`, built once and cached. */
  forRegion(region: string): RegionalAwsClients;
  /** The limiter every client shares, for inspection and metrics. */
  readonly rateLimiter: AwsRateLimiter;
  /** Closes every SDK client's connections; the clients must not be used afterwards. */
  destroy(): void;
}

/** Builds the AWS edge. Nothing is contacted until a Region's clients make their first call. */
export function createAwsClients(options: AwsClientsOptions = {}): AwsClients {
  const rateLimiter = new AwsRateLimiter({
    limits: { ...AWS_CATEGORY_LIMITS, ...options.limits },
    ...(options.budgetFraction !== undefined ? { budgetFraction: options.budgetFraction } : {}),
    ...(options.rateScale !== undefined ? { rateScale: options.rateScale } : {}),
    ...(options.clock !== undefined ? { clock: options.clock } : {}),
    ...(options.adaptation !== undefined ? { adaptation: options.adaptation } : {}),
  });
  const account = options.accountId ?? DEFAULT_ACCOUNT_KEY;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) {
    throw new RangeError(`maxAttempts must be an integer >= 1, got ${maxAttempts}`);
  }
  const timeouts: AwsCallTimeouts = { ...DEFAULT_CALL_TIMEOUTS, ...options.timeouts };
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  for (const [name, ms] of Object.entries({ ...timeouts, connectTimeoutMs })) {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`${name} must be a number >= 0, got ${ms}`);
  }
  const regions = new Map<string, { clients: RegionalAwsClients; destroy: () => void }>();
  const readAheadMs =
    options.describeServicesReadAheadMs ?? DEFAULT_READ_AHEAD_MAX_AGE_MS / (options.rateScale ?? 1);

  function build(region: string): { clients: RegionalAwsClients; destroy: () => void } {
    const sdkConfig = {
      region,
      maxAttempts,
      // A plain options object: each client builds its own NodeHttpHandler from it.
      ...(connectTimeoutMs > 0 ? { requestHandler: { connectionTimeout: connectTimeoutMs } } : {}),
      ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
      ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    };
    const ecsClient = new ECSClient(sdkConfig);
    const autoscalingClient = new ApplicationAutoScalingClient(sdkConfig);
    const elbClient = new ElasticLoadBalancingV2Client(sdkConfig);
    const api: AwsApiOptions = {
      rateLimiter,
      account,
      region,
      ...(options.observer !== undefined ? { observer: options.observer } : {}),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      timeouts,
    };
    const rawEcs = createEcsApi({ ...api, client: ecsClient });
    const describeServices = new DescribeServicesBatcher({
      ecs: rawEcs,
      ...(options.observer !== undefined ? { observer: options.observer } : {}),
      ...(options.clock !== undefined ? { clock: options.clock } : {}),
      ...(options.describeServicesWindowMs !== undefined
        ? { windowMs: options.describeServicesWindowMs }
        : {}),
      ...(options.describeServicesMaxInFlightPerCluster !== undefined
        ? { maxInFlightPerCluster: options.describeServicesMaxInFlightPerCluster }
        : {}),
      ...(readAheadMs === false ? {} : { readAhead: { maxAgeMs: readAheadMs } }),
    });
    const clients: RegionalAwsClients = {
      region,
      // Every service write drops what the read-ahead holds for that service.
      ecs: withServiceWriteHook(rawEcs, (cluster, service) => describeServices.invalidate(cluster, service)),
      autoscaling: createAutoscalingApi({ ...api, client: autoscalingClient }),
      loadBalancing: createLoadBalancingApi({ ...api, client: elbClient }),
      describeServices,
      inventory: createEcsInventory({ ...api, client: ecsClient }),
      clusters: createEcsClusterApi({ ...api, client: ecsClient }),
      tasks: createEcsTaskApi({ ...api, client: ecsClient }),
    };
    return {
      clients,
      destroy: () => {
        ecsClient.destroy();
        autoscalingClient.destroy();
        elbClient.destroy();
      },
    };
  }

  return {
    rateLimiter,
    forRegion(region) {
      if (region === '') throw new Error('an AWS Region is required');
      let entry = regions.get(region);
      if (entry === undefined) {
        entry = build(region);
        regions.set(region, entry);
      }
      return entry.clients;
    },
    destroy() {
      for (const entry of regions.values()) entry.destroy();
      regions.clear();
    },
  };
}
