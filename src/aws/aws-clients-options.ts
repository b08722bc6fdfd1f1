/**
 * What the AWS edge can be told ({@link AwsClientsOptions}) and its defaults: attempts per call,
 * the buckets' account key and category limits, and how old shared answers may be when served.
 * See `clients.ts` for why each default is what it is.
 */
import type { ECSClientConfig } from '@aws-sdk/client-ecs';
import type { ThrottleAdaptation } from './adaptive-token-bucket.js';
import { AUTOSCALING_CATEGORY_LIMITS } from './autoscaling-client.js';
import type { AwsCallObserver } from './call-observer.js';
import type { AwsCallTimeouts } from './call-timeout.js';
import { CLOUDWATCH_SERVICE } from './cloudwatch-client.js';
import { ECS_CATEGORY_LIMITS, type CategoryLimit } from './ecs-categories.js';
import { EVENTS_SERVICE } from './events-client.js';
import { LOAD_BALANCING_CATEGORY_LIMITS } from './load-balancing-client.js';
import { S3_NOTIFICATION_CATEGORY_LIMITS } from './s3-notification-client.js';
import { SCHEDULER_SERVICE } from './scheduler-client.js';
import { STS_CATEGORY_LIMITS } from './sts-client.js';
import { TAGGING_CATEGORY_LIMITS } from './tagging-client.js';
import type { Clock } from '../shared/clock.js';

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
  ...EVENTS_SERVICE.limits,
  ...SCHEDULER_SERVICE.limits,
  ...S3_NOTIFICATION_CATEGORY_LIMITS,
  ...CLOUDWATCH_SERVICE.limits,
  ...TAGGING_CATEGORY_LIMITS,
};

/** Static credentials or a provider, as the SDK clients accept them. */
export type AwsCredentials = NonNullable<ECSClientConfig['credentials']>;

/** Options for `createAwsClients` (`clients.ts`); every field is optional. */
export interface AwsClientsOptions {
  /** The AWS account the buckets are keyed by; {@link DEFAULT_ACCOUNT_KEY} when absent. */
  readonly accountId?: string;
  /** One endpoint URL for every service (an emulator or proxy); AWS's endpoints when absent. */
  readonly endpoint?: string;
  /** Credentials; the SDK default provider chain (env, IRSA, EKS Pod Identity, IMDS…) when absent. */
  readonly credentials?: AwsCredentials;
  /** SDK attempts per call; {@link DEFAULT_MAX_ATTEMPTS} when absent. */
  readonly maxAttempts?: number;
  /** Share of each limit to budget (see `AwsRateLimiter`); 0.8 when absent. */
  readonly budgetFraction?: number;
  /**
   * Multiplies every sustained rate (see `AwsRateLimiter`); 1 when absent. K against an emulator
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
  /**
   * The DescribeServices batching window while asks come faster than one a second (a fleet
   * converging), ms. Default {@link BUSY_DESCRIBE_SERVICES_WINDOW_MS}.
   */
  readonly describeServicesBusyWindowMs?: number;
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
   * Absent: `AwsClients.forRole` refuses to build clients for a role.
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

/** How old shared answers may be when served, each `false` when there is no read-ahead. */
export interface ListingAges {
  /** A DescribeServices answer read ahead. */
  readonly readAheadMs: number | false;
  /** A shared Region listing (task definitions, scalable targets, owned alarms). */
  readonly sharedListingMs: number | false;
  /** The scaling policy and activity listings, and referenced alarms. */
  readonly policyListingMs: number | false;
}

/** The listing ages `options` asks for, defaults filled in and divided by the rate scale. */
export function listingAgesOf(options: AwsClientsOptions): ListingAges {
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
  return { readAheadMs, sharedListingMs, policyListingMs };
}

/**
 * The batching window of a busy cluster's DescribeServices asks, ms. At 100 ms it pairs a converging
 * fleet's pre-create reads (N = 1000 without autoscaling: 1,105 DescribeServices to converge became
 * 600). It waits a read longer, never a write: a deletion confirms our finalizer live before its
 * first AWS write (src/resources/kind-objects.ts), so a read that lands late cannot delete what the
 * user let go meanwhile (ADR 0053).
 */
export const BUSY_DESCRIBE_SERVICES_WINDOW_MS = 100;
