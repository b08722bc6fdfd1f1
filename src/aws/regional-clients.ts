/**
 * One Region's narrow AWS APIs ({@link RegionalAwsClients}), built from the process-wide settings
 * `createAwsClients` resolved: SDK clients for one identity, wrapped in the shared listings, the
 * DescribeServices batcher and read-ahead, and the service write hook, all on one rate limiter.
 */
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { withAlarmListing } from './alarm-listing.js';
import {
  accountOfRoleArn,
  type AssumedRoleCredentials,
  type RoleToAssume,
} from './assumed-role-credentials.js';
import type { AutoscalingApi } from './autoscaling-api.js';
import { createAutoscalingApi, type AutoscalingClientApi } from './autoscaling-client.js';
import { withScalableTargetTags } from './scalable-target-tags.js';
import {
  BUSY_DESCRIBE_SERVICES_WINDOW_MS,
  TARGET_GROUP_TTL_MS,
  type AwsClientsOptions,
} from './aws-clients-options.js';
import type { AwsApiOptions } from './call-runner.js';
import type { AwsCallTimeouts } from './call-timeout.js';
import { OWNED_ALARM_PREFIX, type CloudWatchApi } from './cloudwatch-api.js';
import { createCloudWatchApi, type CloudWatchEdge } from './cloudwatch-client.js';
import { DescribeServicesBatcher } from './describe-services-batcher.js';
import { readAheadAgeForPeriod } from './describe-services-read-ahead.js';
import { createEcsApi, type SignalledEcsApi } from './ecs-client.js';
import type { EcsClusterApi } from './ecs-cluster-api.js';
import { createEcsClusterApi } from './ecs-cluster-client.js';
import { createEcsInventory, type EcsInventory } from './ecs-inventory-client.js';
import type { EcsTaskApi } from './ecs-task-api.js';
import { createEcsTaskApi } from './ecs-task-client.js';
import type { EventBridgeApi } from './events-api.js';
import { createEventsApi } from './events-client.js';
import type { LoadBalancingApi } from './load-balancing-api.js';
import { createLoadBalancingApi } from './load-balancing-client.js';
import type { AwsRateLimiter } from './rate-limiter.js';
import type { S3NotificationApi } from './s3-notification-api.js';
import { createS3NotificationApi } from './s3-notification-client.js';
import { SCALABLE_TARGET_LISTING } from './scalable-target-listing.js';
import { SCALING_ACTIVITY_LISTING } from './scaling-activity-listing.js';
import { SCALING_POLICY_LISTING } from './scaling-policy-listing.js';
import { SCHEDULED_ACTION_LISTING } from './scheduled-action-listing.js';
import { withServiceListing } from './service-listing.js';
import type { SchedulerApi } from './scheduler-api.js';
import { createSchedulerApi } from './scheduler-client.js';
import { withServiceWriteHook } from './service-write-hook.js';
import { TaskDefinitionListing, withTaskDefinitionListing } from './task-definition-listing.js';
import { TargetGroupReader } from './target-group-reader.js';
import { TaggedResourceListing } from './tagged-resource-listing.js';
import { createTaggingApi, type TaggingEdge } from './tagging-client.js';

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
  /**
   * The tags of the Region's task definition revisions tagged `tagKey` = `tagValue`, from one
   * shared GetResources listing per read-ahead age (ADR 0051); undefined when shared listings are
   * turned off. The tagging SDK is loaded on the first listing.
   */
  readonly taskDefinitionTags?: (tagKey: string, tagValue: string) => TaggedResourceListing | undefined;
}

/** What every Region's clients share, resolved once by `createAwsClients`. */
export interface RegionalClientSettings {
  readonly options: AwsClientsOptions;
  readonly rateLimiter: AwsRateLimiter;
  /** The buckets' account key for the operator's own identity. */
  readonly account: string;
  readonly maxAttempts: number;
  readonly connectTimeoutMs: number;
  readonly timeouts: AwsCallTimeouts;
  readonly assumedRoles: AssumedRoleCredentials | undefined;
  /** How old a read-ahead answer may be, or `false` for none. */
  readonly readAheadMs: number | false;
  /** How old a shared Region listing may be, or `false` for none. */
  readonly sharedListingMs: number | false;
  /** How old the scaling policy and activity listings may be, or `false` for none. */
  readonly policyListingMs: number | false;
}

/** One Region's clients and how to close their connections. */
export interface RegionalClientsEntry {
  readonly clients: RegionalAwsClients;
  readonly destroy: () => void;
}

/** The settings' clock as an optional field, spread into each part's options. */
function clockOf(settings: RegionalClientSettings): { clock?: NonNullable<AwsClientsOptions['clock']> } {
  return settings.options.clock !== undefined ? { clock: settings.options.clock } : {};
}

/** The SDK configuration of one Region and identity (the operator's own when `role` is undefined). */
function sdkConfigOf(settings: RegionalClientSettings, region: string, role: RoleToAssume | undefined) {
  const { options, connectTimeoutMs, maxAttempts, assumedRoles } = settings;
  // An assumed role's credentials come from the cache, refreshed before expiry.
  const credentials = role === undefined ? options.credentials : assumedRoles?.providerFor(role);
  return {
    region,
    maxAttempts,
    // A plain options object: each client builds its own NodeHttpHandler from it.
    ...(connectTimeoutMs > 0 ? { requestHandler: { connectionTimeout: connectTimeoutMs } } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  };
}

/** The call runner's options for one Region and identity. */
function apiOptionsOf(
  settings: RegionalClientSettings,
  region: string,
  role: RoleToAssume | undefined,
): AwsApiOptions {
  const { options, rateLimiter, account, timeouts } = settings;
  // An assumed role acts in its own account: its buckets are that account's (rate limits are per
  // account and Region).
  const callAccount = role === undefined ? account : (accountOfRoleArn(role.roleArn) ?? role.roleArn);
  return {
    rateLimiter,
    account: callAccount,
    region,
    ...(options.observer !== undefined ? { observer: options.observer } : {}),
    ...clockOf(settings),
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    timeouts,
  };
}

/** ECS: the batched DescribeServices, the inventory, and the API with its write hook and listing. */
function buildEcs(settings: RegionalClientSettings, api: AwsApiOptions, client: ECSClient) {
  const { options, readAheadMs, sharedListingMs } = settings;
  const rawEcs = createEcsApi({ ...api, client });
  const describeServices = new DescribeServicesBatcher({
    ecs: rawEcs,
    ...(options.observer !== undefined ? { observer: options.observer } : {}),
    ...clockOf(settings),
    ...(options.describeServicesWindowMs !== undefined ? { windowMs: options.describeServicesWindowMs } : {}),
    busyWindowMs: options.describeServicesBusyWindowMs ?? BUSY_DESCRIBE_SERVICES_WINDOW_MS,
    ...(options.describeServicesMaxInFlightPerCluster !== undefined
      ? { maxInFlightPerCluster: options.describeServicesMaxInFlightPerCluster }
      : {}),
    // A served read-ahead answer brings its service's next resync forward by its age (ADR 0049).
    ...(readAheadMs === false
      ? {}
      : { readAhead: { maxAgeMs: readAheadAgeForPeriod(readAheadMs, options.resyncPeriodMs) } }),
  });
  const inventory = createEcsInventory({ ...api, client });
  // Every service write drops what the read-ahead holds for that service.
  const hooked = withServiceWriteHook(rawEcs, (cluster, service) =>
    describeServices.invalidate(cluster, service),
  );
  // ACTIVE revisions from one Region-wide listing per read-ahead age (ADR 0029).
  const ecs: SignalledEcsApi =
    sharedListingMs === false
      ? hooked
      : withTaskDefinitionListing(
          hooked,
          new TaskDefinitionListing({
            inventory,
            ecs: rawEcs,
            maxAgeMs: sharedListingMs,
            ...clockOf(settings),
          }),
        );
  return { ecs, describeServices, inventory };
}

/**
 * Application Auto Scaling: a service's scalable target from one namespace-wide listing per resync
 * period, a new one at the read-ahead's age for a target just registered (ADR 0029, ADR 0058), its scaling
 * policies, scheduled actions and recent scaling activities from one each per resync period
 * (ADR 0035, ADR 0047).
 */
function buildAutoscaling(
  settings: RegionalClientSettings,
  autoscaling: AutoscalingClientApi,
): AutoscalingApi {
  const { sharedListingMs, policyListingMs } = settings;
  if (sharedListingMs === false) return autoscaling;
  const perReadAhead = { maxAgeMs: sharedListingMs, ...clockOf(settings) };
  if (policyListingMs === false)
    return withServiceListing(autoscaling, perReadAhead, SCALABLE_TARGET_LISTING);
  const perPeriod = { maxAgeMs: policyListingMs, ...clockOf(settings) };
  const activities = withServiceListing(autoscaling, perPeriod, SCALING_ACTIVITY_LISTING);
  const scheduled = withServiceListing(activities, perPeriod, SCHEDULED_ACTION_LISTING);
  const policies = withServiceListing(scheduled, perPeriod, SCALING_POLICY_LISTING);
  // A service just registered waits at most the read-ahead's age for a new listing (ADR 0029); every
  // other read, the resyncs spread over a period and a restart's visits, shares one a period (ADR 0058).
  return withServiceListing(
    policies,
    { ...perReadAhead, unwrittenMaxAgeMs: policyListingMs },
    SCALABLE_TARGET_LISTING,
  );
}

/**
 * CloudWatch: owned alarms from one Region-wide prefix listing per read-ahead age (ADR 0029, ADR
 * 0034); referenced ones from one batched read by name per resync period, as policies (ADR 0035).
 */
function buildCloudWatch(settings: RegionalClientSettings, cloudwatch: CloudWatchEdge): CloudWatchApi {
  const { sharedListingMs, policyListingMs } = settings;
  if (sharedListingMs === false) return cloudwatch;
  return withAlarmListing(cloudwatch, {
    prefix: OWNED_ALARM_PREFIX,
    maxAgeMs: sharedListingMs,
    ...(policyListingMs === false ? {} : { referencedMaxAgeMs: policyListingMs }),
    ...clockOf(settings),
  });
}

/** One {@link TaggedResourceListing} of task definition revisions per tag filter, built on first ask. */
function taskDefinitionTagListings(
  settings: RegionalClientSettings,
  tagging: TaggingEdge,
): (tagKey: string, tagValue: string) => TaggedResourceListing | undefined {
  const { sharedListingMs } = settings;
  const listings = new Map<string, TaggedResourceListing>();
  return (tagKey, tagValue) => {
    if (sharedListingMs === false) return undefined;
    const key = JSON.stringify([tagKey, tagValue]);
    let listing = listings.get(key);
    if (listing === undefined) {
      const query = { resourceType: 'ecs:task-definition', tagKey, tagValue };
      listing = new TaggedResourceListing({
        listAll: (maxPages) => tagging.listTaggedUpTo(query, maxPages),
        maxAgeMs: sharedListingMs,
        ...clockOf(settings),
      });
      listings.set(key, listing);
    }
    return listing;
  };
}

/** Builds the clients of `region`, as `role` when given; nothing is contacted until a first call. */
export function buildRegionalClients(
  settings: RegionalClientSettings,
  region: string,
  role?: RoleToAssume,
): RegionalClientsEntry {
  const sdkConfig = sdkConfigOf(settings, region, role);
  const api = apiOptionsOf(settings, region, role);
  const ecsClient = new ECSClient(sdkConfig);
  const autoscalingClient = new ApplicationAutoScalingClient(sdkConfig);
  const elbClient = new ElasticLoadBalancingV2Client(sdkConfig);
  const { ecs, describeServices, inventory } = buildEcs(settings, api, ecsClient);
  // Built lazily: only EcsTaskTrigger needs these, and their SDKs are large.
  const events = createEventsApi({ ...api, sdkConfig });
  const scheduler = createSchedulerApi({ ...api, sdkConfig });
  const s3Notifications = createS3NotificationApi({ ...api, sdkConfig });
  // Built lazily too: only step scaling policies need CloudWatch.
  const cloudwatchEdge = createCloudWatchApi({ ...api, sdkConfig });
  // Built lazily too: only revisions missing from the revision cache (a restart) need it.
  const tagging = createTaggingApi({ ...api, sdkConfig });
  const clients: RegionalAwsClients = {
    region,
    ecs,
    // A target's ownership tags are read once per registration (ScalableTargetARN; ADR 0047).
    autoscaling: buildAutoscaling(
      settings,
      withScalableTargetTags(createAutoscalingApi({ ...api, client: autoscalingClient })),
    ),
    // A target group's load balancer, for the resource label: kept, and read 20 at a time (ADR 0029).
    loadBalancing: new TargetGroupReader({
      api: createLoadBalancingApi({ ...api, client: elbClient }),
      ttlMs: TARGET_GROUP_TTL_MS / (settings.options.rateScale ?? 1),
      ...clockOf(settings),
    }),
    describeServices,
    inventory,
    clusters: createEcsClusterApi({ ...api, client: ecsClient }),
    events,
    scheduler,
    s3Notifications,
    tasks: createEcsTaskApi({ ...api, client: ecsClient }),
    cloudwatch: buildCloudWatch(settings, cloudwatchEdge),
    taskDefinitionTags: taskDefinitionTagListings(settings, tagging),
  };
  const destroy = (): void => {
    for (const c of [
      ecsClient,
      autoscalingClient,
      elbClient,
      events,
      scheduler,
      s3Notifications,
      cloudwatchEdge,
      tagging,
    ])
      c.destroy();
  };
  return { clients, destroy };
}
