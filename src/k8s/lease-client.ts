/**
 * Reads and writes the one `coordination.k8s.io/v1` Lease a leader elector competes for, behind a
 * narrow interface the elector's unit tests fake.
 *
 * Lease times are MicroTime: RFC 3339 with exactly six fractional digits. client-node types them
 * as `V1MicroTime` but hands back strings on read, and a plain `Date` would be sent with
 * milliseconds and rejected (kubernetes/javascript#828), so every time written goes through
 * `V1MicroTime`.
 */
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { LeaderElectionRecord, LeaseSnapshot } from './lease-decision.js';
import { isNotFound } from './api-errors.js';
import { requestOptions } from './request-options.js';

/**
 * The Lease calls of leader election. `get` resolves undefined when the Lease does not exist;
 * `create` and `update` throw the API error (409 when someone else wrote first).
 */
export interface LeaseClient {
  get(): Promise<LeaseSnapshot | undefined>;
  create(record: LeaderElectionRecord): Promise<LeaseSnapshot>;
  /** Replaces the Lease read as `base`, conditional on `base.resourceVersion`. */
  update(base: LeaseSnapshot, record: LeaderElectionRecord): Promise<LeaseSnapshot>;
  /** Says which Lease this is, for log lines. */
  describe(): string;
}

/** Formats a wall-clock time as MicroTime (six fractional digits). */
export function formatMicroTime(date: Date): string {
  return new V1MicroTime(date.getTime()).toISOString();
}

/** Options for {@link KubeLeaseClient}. */
export interface KubeLeaseClientOptions {
  readonly namespace: string;
  readonly name: string;
  readonly kubeConfig?: KubeConfig;
  readonly api?: Pick<
    CoordinationV1Api,
    'readNamespacedLease' | 'createNamespacedLease' | 'replaceNamespacedLease'
  >;
  /** Bound on one call. Default 10 s (the default renew deadline). */
  readonly timeoutMs?: number;
}

/** {@link LeaseClient} over client-node's `CoordinationV1Api`. */
export class KubeLeaseClient implements LeaseClient {
  private readonly api: Pick<
    CoordinationV1Api,
    'readNamespacedLease' | 'createNamespacedLease' | 'replaceNamespacedLease'
  >;
  private readonly namespace: string;
  private readonly name: string;
  private readonly timeoutMs: number;

  constructor(options: KubeLeaseClientOptions) {
    this.namespace = options.namespace;
    this.name = options.name;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    if (options.api !== undefined) this.api = options.api;
    else if (options.kubeConfig !== undefined) this.api = options.kubeConfig.makeApiClient(CoordinationV1Api);
    else throw new Error('lease client needs a kubeConfig or an api');
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  async get(): Promise<LeaseSnapshot | undefined> {
    try {
      const lease = await this.api.readNamespacedLease(
        { namespace: this.namespace, name: this.name },
        requestOptions({ timeoutMs: this.timeoutMs }),
      );
      return toSnapshot(lease);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async create(record: LeaderElectionRecord): Promise<LeaseSnapshot> {
    const lease = await this.api.createNamespacedLease(
      {
        namespace: this.namespace,
        body: { metadata: { name: this.name, namespace: this.namespace }, spec: toSpec(record) },
      },
      requestOptions({ timeoutMs: this.timeoutMs }),
    );
    return toSnapshot(lease);
  }

  async update(base: LeaseSnapshot, record: LeaderElectionRecord): Promise<LeaseSnapshot> {
    const read = base.object as V1Lease;
    const lease = await this.api.replaceNamespacedLease(
      {
        namespace: this.namespace,
        name: this.name,
        body: {
          ...read,
          metadata: { ...read.metadata, name: this.name, resourceVersion: base.resourceVersion },
          spec: { ...read.spec, ...toSpec(record) },
        },
      },
      requestOptions({ timeoutMs: this.timeoutMs }),
    );
    return toSnapshot(lease);
  }
}

function toSpec(record: LeaderElectionRecord): NonNullable<V1Lease['spec']> {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    leaseTransitions: record.leaseTransitions,
    ...(record.acquireTime === undefined ? {} : { acquireTime: new V1MicroTime(record.acquireTime) }),
    ...(record.renewTime === undefined ? {} : { renewTime: new V1MicroTime(record.renewTime) }),
  };
}

/** Reads a Lease as the elector sees it. Times arrive as strings despite the typings. */
export function toSnapshot(lease: V1Lease): LeaseSnapshot {
  const spec = lease.spec ?? {};
  const acquireTime = wireTime(spec.acquireTime);
  const renewTime = wireTime(spec.renewTime);
  return {
    record: {
      holderIdentity: spec.holderIdentity ?? '',
      leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      leaseTransitions: spec.leaseTransitions ?? 0,
      ...(acquireTime === undefined ? {} : { acquireTime }),
      ...(renewTime === undefined ? {} : { renewTime }),
    },
    resourceVersion: lease.metadata?.resourceVersion ?? '',
    object: lease,
  };
}

function wireTime(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return formatMicroTime(value);
  return undefined;
}
