/**
 * Credentials of the roles the operator assumes in other AWS accounts (ADR 0030): one STS
 * AssumeRole per role and namespace, its answer cached and shared by every client of that role in
 * that namespace, refreshed a margin before it expires, and a failure remembered for a backoff
 * that doubles, so objects of a namespace whose role cannot be assumed do not each cost an STS call
 * per reconcile.
 *
 * The session is the namespace's, not the object's: the namespace is the tenancy unit (an
 * EcsAccessPolicy selects namespaces), so CloudTrail shows whose work each call is by its session
 * name (`ecs-bridge.<namespace>`) and the `ecs-bridge.dev/namespace` session tag, while a session
 * per object would multiply STS calls (an account-wide quota) by the number of objects. The object
 * stays visible through the owner tag (`<namespace>/<name>`) every ECS resource carries. Work that
 * is no namespace's (the Region-wide scans, a policy's role probe) uses a session named after the
 * policy. Source identity names the install.
 */
import { createHash } from 'node:crypto';
import type { AwsCallOptions } from './call-runner.js';
import { classifyAwsError } from './errors.js';

/** A role to assume, as an EcsAccessPolicy names it. */
export interface RoleToAssume {
  readonly roleArn: string;
  readonly externalId?: string;
  /** Session length in seconds (STS: 900 to the role's maximum, 3600 by default). */
  readonly durationSeconds?: number;
  /** The EcsAccessPolicy that names the role: a session tag, and the session name without a namespace. */
  readonly policy?: string;
  /**
   * The namespace whose objects act through this session: its session name and a session tag.
   * Absent for work that is no namespace's (scans, probes).
   */
  readonly namespace?: string;
}

/** One AssumeRole request, as {@link StsApi} sends it. */
export interface AssumeRoleAsk {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string;
  readonly durationSeconds?: number;
  readonly sourceIdentity: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

/** Temporary credentials as STS returns them. */
export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

/** The one STS call the operator makes. */
export interface StsApi {
  assumeRole(ask: AssumeRoleAsk, options?: AwsCallOptions): Promise<TemporaryCredentials>;
}

/**
 * A failed AssumeRole, carrying STS's error name (so `errors.ts` classifies it as STS's answer:
 * `AccessDenied` is access denied, a throttle is a throttle) and a message naming the role and STS's
 * words, fit for a condition.
 */
export class AssumeRoleError extends Error {
  /** The role that could not be assumed. */
  readonly roleArn: string;
  /** STS's error code, e.g. `AccessDenied`. */
  readonly stsCode: string;

  constructor(roleArn: string, cause: unknown) {
    const c = classifyAwsError(cause);
    super(`assuming role ${roleArn} failed: STS answered ${c.code}: ${c.message}`, { cause });
    this.name = c.code;
    this.roleArn = roleArn;
    this.stsCode = c.code;
  }
}

/** Default: refresh credentials this long before they expire (the SDK's own margin is 5 minutes). */
export const DEFAULT_REFRESH_MARGIN_MS = 10 * 60_000;
/**
 * How long before a provider's `expiration` the SDK asks the provider again (`@smithy/core`'s
 * memoized identity provider treats an identity as expired 5 minutes before it expires).
 */
export const SDK_REFRESH_WINDOW_MS = 5 * 60_000;
/** Default: the first wait after a failed AssumeRole before STS is asked again; doubles up to the max. */
export const DEFAULT_FAILURE_BACKOFF_MS = 5_000;
/** Default: the longest wait after repeated failed AssumeRoles. */
export const DEFAULT_MAX_FAILURE_BACKOFF_MS = 5 * 60_000;

/** Options for {@link AssumedRoleCredentials}. */
export interface AssumedRoleCredentialsOptions {
  readonly sts: StsApi;
  /** Names the install (the operator's instance id): the source identity and a session tag. */
  readonly instanceId: string;
  readonly refreshMarginMs?: number;
  readonly failureBackoffMs?: number;
  readonly maxFailureBackoffMs?: number;
  /**
   * Wall-clock time in ms since the epoch (credentials expire at a wall-clock time, so not the
   * monotonic `Clock` of the rate limiter); `Date.now` when absent.
   */
  readonly now?: () => number;
}

interface RoleCacheEntry {
  credentials?: TemporaryCredentials;
  inFlight?: Promise<TemporaryCredentials>;
  failure?: { error: AssumeRoleError; until: number; backoffMs: number };
}

// STS: RoleSessionName and SourceIdentity are 2-64 characters of [\w+=,.@-].
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
const STS_NAME_CHARS = /[^\w+=,.@-]/g;

/** `value` made a valid RoleSessionName / SourceIdentity: invalid characters become `-`, 2 to 64 long. */
export function stsName(value: string): string {
  const cleaned = value.replace(STS_NAME_CHARS, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2);
}

/** Session name prefix: `ecs-bridge.`, 11 characters of the 64 STS allows. */
const SESSION_PREFIX = 'ecs-bridge.';
/** How many hex digits of a namespace's SHA-256 a shortened session name keeps (96 bits). */
const SESSION_HASH_DIGITS = 24;

/**
 * The RoleSessionName of a namespace's session: `ecs-bridge.<namespace>` when it fits the 64
 * characters STS allows. A longer namespace (names go up to 63) keeps its head and ends with
 * `.` and 24 hex digits of its SHA-256: a namespace name (an RFC 1123 label) never holds a `.`, so
 * a shortened name never equals a whole one, and two long namespaces differ in the hash.
 */
export function sessionNameOfNamespace(namespace: string): string {
  const whole = `${SESSION_PREFIX}${namespace}`;
  if (whole.length <= 64 && namespace.length > 0) return stsName(whole);
  const hash = createHash('sha256').update(namespace).digest('hex').slice(0, SESSION_HASH_DIGITS);
  const head = namespace.slice(0, 64 - SESSION_PREFIX.length - 1 - SESSION_HASH_DIGITS);
  return stsName(`${SESSION_PREFIX}${head}.${hash}`);
}

/**
 * The key of a session's cache entry (and of its client sets, clients.ts): the same role with
 * another external id, length or namespace is another session.
 */
export function sessionKeyOf(role: RoleToAssume): string {
  return JSON.stringify([
    role.roleArn,
    role.externalId ?? '',
    role.durationSeconds ?? 0,
    role.policy ?? '',
    role.namespace ?? null,
  ]);
}

/** Caches and refreshes assumed-role credentials (see the file comment). */
export class AssumedRoleCredentials {
  readonly #o: AssumedRoleCredentialsOptions;
  readonly #now: () => number;
  readonly #entries = new Map<string, RoleCacheEntry>();

  constructor(options: AssumedRoleCredentialsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** The request sent for `role` (its namespace's session when it names one). Public for tests and docs. */
  askFor(role: RoleToAssume): AssumeRoleAsk {
    const instance = this.#o.instanceId;
    // STS session tag values are at most 256 characters; every one here is a Kubernetes name.
    const tags = [{ key: 'ecs-bridge.dev/instance', value: instance.slice(0, 256) }];
    if (role.policy !== undefined)
      tags.push({ key: 'ecs-bridge.dev/access-policy', value: role.policy.slice(0, 256) });
    if (role.namespace !== undefined)
      tags.push({ key: 'ecs-bridge.dev/namespace', value: role.namespace.slice(0, 256) });
    return {
      roleArn: role.roleArn,
      sessionName:
        role.namespace === undefined
          ? stsName(`${SESSION_PREFIX}${role.policy ?? instance}`)
          : sessionNameOfNamespace(role.namespace),
      ...(role.externalId === undefined ? {} : { externalId: role.externalId }),
      ...(role.durationSeconds === undefined ? {} : { durationSeconds: role.durationSeconds }),
      sourceIdentity: stsName(`ecs-bridge.${instance}`),
      tags,
    };
  }

  /**
   * Credentials for `role`: the cached ones while more than the refresh margin remains, else one
   * AssumeRole shared by every caller waiting. Rejects with {@link AssumeRoleError} (without
   * calling STS again) while a failure's backoff lasts.
   */
  async credentialsFor(role: RoleToAssume, options?: AwsCallOptions): Promise<TemporaryCredentials> {
    const key = sessionKeyOf(role);
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = {};
      this.#entries.set(key, entry);
    }
    const now = this.#now();
    const margin = this.#o.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
    const cached = entry.credentials;
    if (cached !== undefined && cached.expiration.getTime() - now > margin) return cached;
    if (entry.failure !== undefined && now < entry.failure.until) throw entry.failure.error;
    entry.inFlight ??= this.#assume(entry, role, options);
    return entry.inFlight;
  }

  /**
   * An SDK credentials provider for `role`. The SDK keeps what a provider returned until 5 minutes
   * before its `expiration` ({@link SDK_REFRESH_WINDOW_MS}); the expiration it is told is moved
   * earlier so that it asks again when this cache's refresh margin begins, never later than STS's.
   */
  providerFor(role: RoleToAssume): () => Promise<TemporaryCredentials> {
    return async () => {
      const c = await this.credentialsFor(role);
      const margin = this.#o.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
      const real = c.expiration.getTime();
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: new Date(Math.min(real, real - margin + SDK_REFRESH_WINDOW_MS)),
      };
    };
  }

  async #assume(
    entry: RoleCacheEntry,
    role: RoleToAssume,
    options?: AwsCallOptions,
  ): Promise<TemporaryCredentials> {
    try {
      const credentials = await this.#o.sts.assumeRole(this.askFor(role), options);
      entry.credentials = credentials;
      delete entry.failure;
      return credentials;
    } catch (err) {
      const error = new AssumeRoleError(role.roleArn, err);
      const first = this.#o.failureBackoffMs ?? DEFAULT_FAILURE_BACKOFF_MS;
      const max = this.#o.maxFailureBackoffMs ?? DEFAULT_MAX_FAILURE_BACKOFF_MS;
      const backoffMs = entry.failure === undefined ? first : Math.min(max, entry.failure.backoffMs * 2);
      entry.failure = { error, until: this.#now() + backoffMs, backoffMs };
      throw error;
    } finally {
      delete entry.inFlight;
    }
  }
}

/** The account id of a role ARN (`arn:aws:iam::123456789012:role/name`), or undefined. */
export function accountOfRoleArn(roleArn: string): string | undefined {
  const parts = roleArn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[2] === 'iam' && /^\d{12}$/.test(parts[4] ?? '')
    ? parts[4]
    : undefined;
}
