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
import {
  AssumedRoleCredentials,
  accountOfRoleArn,
  sessionKeyOf,
  type RoleToAssume,
} from './assumed-role-credentials.js';
import { withAlarmListing } from './alarm-listing.js';
import { OWNED_ALARM_PREFIX, type CloudWatchApi } from './cloudwatch-api.js';
import { CLOUDWATCH_CATEGORY_LIMITS, createCloudWatchApi } from './cloudwatch-client.js';
import type { EventBridgeApi } from './events-api.js';
import { createEventsApi, EVENTS_CATEGORY_LIMITS } from './events-client.js';
import type { S3NotificationApi } from './s3-notification-api.js';
import { createS3NotificationApi, S3_NOTIFICATION_CATEGORY_LIMITS } from './s3-notification-client.js';
import type { SchedulerApi } from './scheduler-api.js';
import { createSchedulerApi, SCHEDULER_CATEGORY_LIMITS } from './scheduler-client.js';
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
import { TaskDefinitionListing, withTaskDefinitionListing } from './task-definition-listing.js';
import { TargetGroupReader } from './target-group-reader.js';
import { withScalableTargetListing } from './scalable-target-listing.js';
import { withScalableTargetTags } from './scalable-target-tags.js';
import { withScalingActivityListing } from './scaling-activity-listing.js';
import { withScalingPolicyListing } from './scaling-policy-listing.js';
import { withScheduledActionListing } from './scheduled-action-listing.js';
import type { EcsClusterApi } from './ecs-cluster-api.js';
import { createEcsClusterApi } from './ecs-cluster-client.js';
import type { EcsTaskApi } from './ecs-task-api.js';
import { createEcsTaskApi } from './ecs-task-client.js';
import type { LoadBalancingApi } from './load-balancing-api.js';
import { createLoadBalancingApi, LOAD_BALANCING_CATEGORY_LIMITS } from './load-balancing-client.js';
import { AwsRateLimiter } from './rate-limiter.js';
import { withServiceWriteHook } from './service-write-hook.js';
import { createStsApi, STS_CATEGORY_LIMITS } from './sts-client.js';
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
  ...STS_CATEGORY_LIMITS,
  ...EVENTS_CATEGORY_LIMITS,
  ...SCHEDULER_CATEGORY_LIMITS,
  ...S3_NOTIFICATION_CATEGORY_LIMITS,
  ...CLOUDWATCH_CATEGORY_LIMITS,
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
   * read-ahead. Default {@link DEFAULT_READ_AHEAD_MAX_AGE_MS} divided by `rateScale`. The same age
   * bounds the Region-wide ACTIVE task definition listing (task-definition-listing.ts); `false`
   * lists each family on its own.
   */
  readonly describeServicesReadAheadMs?: number | false;
  /**
   * The operator's resync period, ms: a shared Region listing (ADR 0029) is never served older than
   * this, however long the read-ahead age, so a short resync period keeps its drift bound.
   */
  readonly resyncPeriodMs?: number;
  /**
   * Assuming roles in other accounts (ADR 0030): the install's name for session names and tags,
   * the Region of the STS endpoint (the operator's default Region), and the refresh margin.
   * Absent: {@link AwsClients.forRole} refuses to build clients for a role.
   */
  readonly assumeRole?: {
    readonly instanceId: string;
    readonly stsRegion: string;
    readonly refreshMarginMs?: number;
  };
}

/**
 * How old a DescribeServices answer read ahead for a likely next ask may be when served: a resync
 * then sees ECS as it was up to this long before (drift outside the operator is found this much
 * later, against a default resync period of 10 minutes), and a fleet's resync costs about one
 * DescribeServices per ten services.
 */
export const DEFAULT_READ_AHEAD_MAX_AGE_MS = 120_000;

/**
 * How old the Region's scaling policy listing may be when it answers, when no resync period is
 * given: the default resync period (ADR 0035), divided by the rate scale.
 */
export const DEFAULT_POLICY_LISTING_MAX_AGE_MS = 600_000;

/**
 * How long a target group attached to one load balancer is served from memory (its load balancer
 * cannot change while both exist; this bounds a detach and re-attach elsewhere), divided by the
 * rate scale like the read-ahead age.
 */
export const TARGET_GROUP_TTL_MS = 24 * 3_600_000;

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
  /** EcsTaskTrigger's EventBridge rule calls (the SDK is loaded on the first call). */
  readonly events: EventBridgeApi;
  /** EcsTaskTrigger's Scheduler calls (the SDK is loaded on the first call). */
  readonly scheduler: SchedulerApi;
  /** EcsTaskTrigger's S3 bucket notification calls (the SDK is loaded on the first call). */
  readonly s3Notifications: S3NotificationApi;
  /** The EcsTaskRun kind's task calls. */
  readonly tasks: EcsTaskApi;
  /** Step scaling's CloudWatch alarm calls (the SDK is loaded on the first call). */
  readonly cloudwatch: CloudWatchApi;
}

/** The AWS edge of the process: one set of clients per Region, created on first use. */
export interface AwsClients {
  /** The clients of `region`, built once and cached. */
  forRegion(region: string): RegionalAwsClients;
  /**
   * The clients of `region` acting as `role` (assumed through STS), built once per role and Region
   * and shared; the operator's own identity when `role` is undefined.
   */
  forRole(role: RoleToAssume | undefined, region: string): RegionalAwsClients;
  /** The assumed-role credentials cache, when `assumeRole` was configured. */
  readonly assumedRoles: AssumedRoleCredentials | undefined;
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
  // Built lazily: only roles named by EcsAccessPolicies need STS (sts-client.ts).
  const sts =
    options.assumeRole === undefined
      ? undefined
      : createStsApi({
          sdkConfig: {
            region: options.assumeRole.stsRegion,
            maxAttempts,
            ...(connectTimeoutMs > 0 ? { requestHandler: { connectionTimeout: connectTimeoutMs } } : {}),
            ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
            ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
          },
          rateLimiter,
          account,
          region: options.assumeRole.stsRegion,
          ...(options.observer !== undefined ? { observer: options.observer } : {}),
          ...(options.clock !== undefined ? { clock: options.clock } : {}),
          ...(options.signal !== undefined ? { signal: options.signal } : {}),
          timeouts,
        });
  const assumedRoles =
    options.assumeRole === undefined || sts === undefined
      ? undefined
      : new AssumedRoleCredentials({
          sts,
          instanceId: options.assumeRole.instanceId,
          ...(options.assumeRole.refreshMarginMs === undefined
            ? {}
            : { refreshMarginMs: options.assumeRole.refreshMarginMs }),
        });
  const readAheadMs =
    options.describeServicesReadAheadMs ?? DEFAULT_READ_AHEAD_MAX_AGE_MS / (options.rateScale ?? 1);

  // Shared listings: the read-ahead's age, and never more than one resync period.
  const sharedListingMs =
    readAheadMs === false ? false : Math.min(readAheadMs, options.resyncPeriodMs ?? Number.POSITIVE_INFINITY);

  // The scaling policy listing pages 10 policies a call, so it pays only when it answers for a whole
  // resync period (ADR 0035): its age is the period, not the read-ahead's.
  const policyListingMs =
    readAheadMs === false
      ? false
      : (options.resyncPeriodMs ?? DEFAULT_POLICY_LISTING_MAX_AGE_MS / (options.rateScale ?? 1));

  function build(region: string, role?: RoleToAssume): { clients: RegionalAwsClients; destroy: () => void } {
    // An assumed role acts in its own account: its buckets are that account's (rate limits are
    // per account and Region), and its credentials come from the cache, refreshed before expiry.
    const credentials = role === undefined ? options.credentials : assumedRoles?.providerFor(role);
    const callAccount = role === undefined ? account : (accountOfRoleArn(role.roleArn) ?? role.roleArn);
    const sdkConfig = {
      region,
      maxAttempts,
      // A plain options object: each client builds its own NodeHttpHandler from it.
      ...(connectTimeoutMs > 0 ? { requestHandler: { connectionTimeout: connectTimeoutMs } } : {}),
      ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
      ...(credentials !== undefined ? { credentials } : {}),
    };
    const ecsClient = new ECSClient(sdkConfig);
    const autoscalingClient = new ApplicationAutoScalingClient(sdkConfig);
    const elbClient = new ElasticLoadBalancingV2Client(sdkConfig);
    const api: AwsApiOptions = {
      rateLimiter,
      account: callAccount,
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
    const inventory = createEcsInventory({ ...api, client: ecsClient });
    // A target's ownership tags are read once per registration (ScalableTargetARN; ADR 0047).
    const autoscaling = withScalableTargetTags(createAutoscalingApi({ ...api, client: autoscalingClient }));
    // Every service write drops what the read-ahead holds for that service.
    const ecs = withServiceWriteHook(rawEcs, (cluster, service) =>
      describeServices.invalidate(cluster, service),
    );
    // Built lazily: only EcsTaskTrigger needs these, and their SDKs are large.
    const events = createEventsApi({ ...api, sdkConfig });
    const scheduler = createSchedulerApi({ ...api, sdkConfig });
    const s3Notifications = createS3NotificationApi({ ...api, sdkConfig });
    // Built lazily too: only step scaling policies need CloudWatch.
    const cloudwatchEdge = createCloudWatchApi({ ...api, sdkConfig });
    const clients: RegionalAwsClients = {
      region,
      // ACTIVE revisions from one Region-wide listing per read-ahead age (ADR 0029).
      ecs:
        sharedListingMs === false
          ? ecs
          : withTaskDefinitionListing(
              ecs,
              new TaskDefinitionListing({
                inventory,
                ecs: rawEcs,
                maxAgeMs: sharedListingMs,
                ...(options.clock !== undefined ? { clock: options.clock } : {}),
              }),
            ),
      // A service's scalable target from one namespace-wide listing per read-ahead age (ADR 0029),
      // its scaling policies, scheduled actions and recent scaling activities from one each per
      // resync period (ADR 0035, ADR 0047).
      autoscaling:
        sharedListingMs === false
          ? autoscaling
          : withScalableTargetListing(
              policyListingMs === false
                ? autoscaling
                : withScalingPolicyListing(
                    withScheduledActionListing(
                      withScalingActivityListing(autoscaling, {
                        maxAgeMs: policyListingMs,
                        ...(options.clock !== undefined ? { clock: options.clock } : {}),
                      }),
                      {
                        maxAgeMs: policyListingMs,
                        ...(options.clock !== undefined ? { clock: options.clock } : {}),
                      },
                    ),
                    {
                      maxAgeMs: policyListingMs,
                      ...(options.clock !== undefined ? { clock: options.clock } : {}),
                    },
                  ),
              {
                maxAgeMs: sharedListingMs,
                ...(options.clock !== undefined ? { clock: options.clock } : {}),
              },
            ),
      // A target group's load balancer, for the resource label: kept, and read 20 at a time (ADR 0029).
      loadBalancing: new TargetGroupReader({
        api: createLoadBalancingApi({ ...api, client: elbClient }),
        ttlMs: TARGET_GROUP_TTL_MS / (options.rateScale ?? 1),
        ...(options.clock !== undefined ? { clock: options.clock } : {}),
      }),
      describeServices,
      inventory,
      clusters: createEcsClusterApi({ ...api, client: ecsClient }),
      events,
      scheduler,
      s3Notifications,
      tasks: createEcsTaskApi({ ...api, client: ecsClient }),
      // Owned alarms from one Region-wide prefix listing per read-ahead age (ADR 0029, ADR 0034);
      // referenced ones from one batched read by name per resync period, as policies (ADR 0035).
      cloudwatch:
        sharedListingMs === false
          ? cloudwatchEdge
          : withAlarmListing(cloudwatchEdge, {
              prefix: OWNED_ALARM_PREFIX,
              maxAgeMs: sharedListingMs,
              ...(policyListingMs === false ? {} : { referencedMaxAgeMs: policyListingMs }),
              ...(options.clock !== undefined ? { clock: options.clock } : {}),
            }),
    };
    return {
      clients,
      destroy: () => {
        ecsClient.destroy();
        autoscalingClient.destroy();
        elbClient.destroy();
        events.destroy();
        scheduler.destroy();
        s3Notifications.destroy();
        cloudwatchEdge.destroy();
      },
    };
  }

  return {
    rateLimiter,
    assumedRoles,
    forRole(role, region) {
      if (role === undefined) return this.forRegion(region);
      if (region === '') throw new Error('an AWS Region is required');
      if (assumedRoles === undefined) throw new Error('assuming roles is not configured');
      // One client set per session (role, external id, session length, namespace) and Region: a
      // client's credentials are its session's. The rate limiter stays shared, per account.
      const key = JSON.stringify([region, sessionKeyOf(role)]);
      let entry = regions.get(key);
      if (entry === undefined) {
        entry = build(region, role);
        regions.set(key, entry);
      }
      return entry.clients;
    },
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
      sts?.destroy();
    },
  };
}
