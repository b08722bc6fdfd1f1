/**
 * Reads and writes the one `coordination.k8s.io/v1` Lease a leader elector competes for, behind a
 * narrow interface the elector's unit tests fake.
 *
 * Lease times are MicroTime: RFC 3339 with exactly six fractional digits. client-node types them
 * as `V1MicroTime` (a `Date`) but they travel as strings, and a `Date`'s JSON has milliseconds,
 * which the server rejects (kubernetes/javascript#828), so every time written is formatted by
 * {@link formatMicroTime}.
 */
import type { KubeConfig, V1Lease } from '@kubernetes/client-node';
import { kubeApis, type CoordinationV1 } from './kube-apis.js';
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
  // What client-node's V1MicroTime does: the milliseconds, padded to microseconds.
  return `${date.toISOString().slice(0, -1)}000Z`;
}

/** Options for {@link KubeLeaseClient}. */
export interface KubeLeaseClientOptions {
  readonly namespace: string;
  readonly name: string;
  readonly kubeConfig?: KubeConfig;
  readonly api?: Pick<
    CoordinationV1,
    'readNamespacedLease' | 'createNamespacedLease' | 'replaceNamespacedLease'
  >;
  /** Bound on one call. Default 10 s (the default renew deadline). */
  readonly timeoutMs?: number;
}

/** {@link LeaseClient} over {@link CoordinationV1} (kube-apis.ts). */
export class KubeLeaseClient implements LeaseClient {
  private readonly api: Pick<
    CoordinationV1,
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
    else if (options.kubeConfig !== undefined) this.api = kubeApis(options.kubeConfig).coordinationV1;
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
    ...(record.acquireTime === undefined ? {} : { acquireTime: microTime(record.acquireTime) }),
    ...(record.renewTime === undefined ? {} : { renewTime: microTime(record.renewTime) }),
  };
}

/** A record's time as sent: MicroTime text (typed as client-node types Lease times). */
function microTime(time: string): Date {
  return formatMicroTime(new Date(time)) as unknown as Date;
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
