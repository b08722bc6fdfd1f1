/**
 * The composition point of the AWS edge: builds the SDK clients of a Region on first use
 * (`regional-clients.ts`), wraps them in the narrow APIs, and makes every one of them share one
 * rate limiter, so the whole process stays under AWS's per-account, per-Region buckets whatever
 * controller makes the call.
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
import { AssumedRoleCredentials, sessionKeyOf, type RoleToAssume } from './assumed-role-credentials.js';
import {
  AWS_CATEGORY_LIMITS,
  DEFAULT_ACCOUNT_KEY,
  DEFAULT_MAX_ATTEMPTS,
  listingAgesOf,
  type AwsClientsOptions,
} from './aws-clients-options.js';
import { DEFAULT_CALL_TIMEOUTS, DEFAULT_CONNECT_TIMEOUT_MS, type AwsCallTimeouts } from './call-timeout.js';
import { AwsRateLimiter } from './rate-limiter.js';
import {
  buildRegionalClients,
  type RegionalAwsClients,
  type RegionalClientSettings,
  type RegionalClientsEntry,
} from './regional-clients.js';
import { createStsApi } from './sts-client.js';

export {
  AWS_CATEGORY_LIMITS,
  DEFAULT_ACCOUNT_KEY,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_POLICY_LISTING_MAX_AGE_MS,
  DEFAULT_READ_AHEAD_MAX_AGE_MS,
  TARGET_GROUP_TTL_MS,
  type AwsClientsOptions,
  type AwsCredentials,
} from './aws-clients-options.js';
export type { RegionalAwsClients } from './regional-clients.js';

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
  const regions = new Map<string, RegionalClientsEntry>();
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
  const { readAheadMs, sharedListingMs, policyListingMs } = listingAgesOf(options);
  const settings: RegionalClientSettings = {
    options,
    rateLimiter,
    account,
    maxAttempts,
    connectTimeoutMs,
    timeouts,
    assumedRoles,
    readAheadMs,
    sharedListingMs,
    policyListingMs,
  };
  const build = (region: string, role?: RoleToAssume): RegionalClientsEntry =>
    buildRegionalClients(settings, region, role);

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
