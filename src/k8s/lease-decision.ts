/**
 * The decision at the heart of client-go's leader election (`tools/leaderelection`,
 * `tryAcquireOrRenew`), pure: given the Lease as just read and what this candidate observed
 * before, decide whether to create it, take or renew it, or leave it to its holder.
 *
 * Only the local clock is trusted. A lease is expired when the record this candidate observed has
 * not changed for `leaseDurationSeconds` of *its own* monotonic time; the `renewTime` written by
 * another machine is never compared with our clock (clock skew between nodes cannot make two
 * leaders).
 */

/** The leader election fields of a `coordination.k8s.io/v1` Lease spec, times as on the wire. */
export interface LeaderElectionRecord {
  /** Empty when nobody holds the lease (after a release). */
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  /** RFC 3339 with microseconds (MicroTime). */
  readonly acquireTime?: string;
  readonly renewTime?: string;
  readonly leaseTransitions: number;
}

/** The Lease as read: its record, its resourceVersion and the object itself for a replace. */
export interface LeaseSnapshot {
  readonly record: LeaderElectionRecord;
  readonly resourceVersion: string;
  /** The whole object as read, so a replace keeps its metadata (labels, annotations). */
  readonly object: unknown;
}

/** What a candidate remembers between attempts. */
export interface Observation {
  /** The record last read or written, or undefined before the first read. */
  readonly record?: LeaderElectionRecord;
  /** When (local monotonic ms) that record was first seen as it is. */
  readonly time: number;
}

/** The write to make, if any. */
export type LeaseAction =
  | { readonly kind: 'create'; readonly record: LeaderElectionRecord }
  | { readonly kind: 'update'; readonly record: LeaderElectionRecord; readonly base: LeaseSnapshot }
  | { readonly kind: 'none' };

/** Inputs of {@link decideLease}. */
export interface LeaseDecisionInput {
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  /** Local monotonic milliseconds. */
  readonly now: number;
  /** Wall-clock time, written into acquireTime/renewTime (RFC 3339 with microseconds). */
  readonly wallTime: string;
  /** The Lease as just read; undefined when it does not exist. */
  readonly current: LeaseSnapshot | undefined;
  readonly observed: Observation;
}

/** The decision and the updated observation. */
export interface LeaseDecision {
  readonly action: LeaseAction;
  readonly observed: Observation;
}

/** True when two records are the same (client-go compares their serialized bytes). */
export function sameRecord(
  a: LeaderElectionRecord | undefined,
  b: LeaderElectionRecord | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

/**
 * True while the observed holder may still be alive: less than its `leaseDurationSeconds` of local
 * time has passed since the record last changed under our eyes.
 */
export function isLeaseValid(observed: Observation, now: number): boolean {
  if (observed.record === undefined) return false;
  return observed.time + observed.record.leaseDurationSeconds * 1000 > now;
}

/** True when the observed record names `identity` as holder. */
export function isHeldBy(observed: Observation, identity: string): boolean {
  return observed.record !== undefined && observed.record.holderIdentity === identity;
}

/**
 * client-go's `tryAcquireOrRenew` after the read: create a missing Lease; leave a valid lease held
 * by someone else alone; otherwise write ourselves as holder on the read resourceVersion (a 409 on
 * that write means someone else won). A renewal keeps `acquireTime` and `leaseTransitions`; a
 * takeover counts one more transition.
 */
export function decideLease(input: LeaseDecisionInput): LeaseDecision {
  const desired = {
    holderIdentity: input.identity,
    leaseDurationSeconds: input.leaseDurationSeconds,
    acquireTime: input.wallTime,
    renewTime: input.wallTime,
  };
  if (input.current === undefined) {
    return {
      action: { kind: 'create', record: { ...desired, leaseTransitions: 0 } },
      observed: input.observed,
    };
  }
  const current = input.current.record;
  const observed = sameRecord(input.observed.record, current)
    ? input.observed
    : { record: current, time: input.now };
  if (
    current.holderIdentity !== '' &&
    isLeaseValid(observed, input.now) &&
    current.holderIdentity !== input.identity
  ) {
    return { action: { kind: 'none' }, observed };
  }
  const record: LeaderElectionRecord =
    current.holderIdentity === input.identity
      ? {
          ...desired,
          ...(current.acquireTime === undefined ? {} : { acquireTime: current.acquireTime }),
          leaseTransitions: current.leaseTransitions,
        }
      : { ...desired, leaseTransitions: current.leaseTransitions + 1 };
  return { action: { kind: 'update', record, base: input.current }, observed };
}

/**
 * The record a graceful release writes (client-go's `release`): no holder and a one-second
 * duration, so the next candidate takes over on its next try instead of waiting out the lease.
 */
export function releaseRecord(observed: LeaderElectionRecord, wallTime: string): LeaderElectionRecord {
  return {
    holderIdentity: '',
    leaseDurationSeconds: 1,
    acquireTime: wallTime,
    renewTime: wallTime,
    leaseTransitions: observed.leaseTransitions,
  };
}
