/**
 * Leader election on a `coordination.k8s.io/v1` Lease, ported from client-go's
 * `tools/leaderelection` (client-node has none):
 *
 * - acquire: try every `retryPeriod` (jittered by up to 1.2×) until the lease is free, expired by
 *   our own clock, or ours;
 * - lead: renew every `retryPeriod`; each renewal may retry until `renewDeadline` has passed, and
 *   a leader that has not renewed by then stops at once (`onStoppedLeading`, leading signal aborted)
 *   even while a request is still in flight;
 * - release on graceful shutdown: clear `holderIdentity`, so another replica takes over on its next
 *   try rather than after `leaseDuration`.
 *
 * Leader election is not fencing: a deposed leader may still finish a write, so every reconcile
 * stays idempotent anyway.
 */
import { sleep, systemClock, type Clock } from '../shared/clock.js';
import type { Logger } from '../observability/logger.js';
import { isConflict } from './api-errors.js';
import { formatMicroTime, type LeaseClient } from './lease-client.js';
import {
  decideLease,
  isHeldBy,
  isLeaseValid,
  releaseRecord,
  type LeaseSnapshot,
  type Observation,
} from './lease-decision.js';

/** client-go's JitterFactor for the acquire loop. */
const JITTER_FACTOR = 1.2;

/** Timing of leader election; client-go's defaults. */
export const LEADER_ELECTION_DEFAULTS = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
} as const;

/** Options for {@link LeaderElector}. */
export interface LeaderElectorOptions {
  readonly lease: LeaseClient;
  /** Unique per replica: the pod name, plus a random suffix so a restarted pod is a new candidate. */
  readonly identity: string;
  /** How long non-leaders wait after the last observed change before taking over. Default 15 s. */
  readonly leaseDurationMs?: number;
  /** How long a leader keeps retrying a renewal before it gives up leading. Default 10 s. */
  readonly renewDeadlineMs?: number;
  /** How often candidates try and leaders renew. Default 2 s. */
  readonly retryPeriodMs?: number;
  /** Clear the holder when `run`'s signal aborts (graceful shutdown). Default true. */
  readonly releaseOnCancel?: boolean;
  readonly log: Logger;
  readonly clock?: Clock;
  /** Wall-clock time for acquireTime/renewTime. */
  readonly wallClock?: () => Date;
  readonly random?: () => number;
}

/** What the elector tells its user. Callbacks must not throw (a throw is logged and ignored). */
export interface LeaderCallbacks {
  /** This replica leads; `signal` aborts the moment it stops leading. Start work here. */
  onStartedLeading(signal: AbortSignal): void;
  /** This replica no longer leads (lost or released). Called only after `onStartedLeading`. */
  onStoppedLeading(): void;
  /** The observed holder changed (to this replica or another); never called with an empty holder. */
  onNewLeader?(identity: string): void;
}

/** Why a renewal round ended. */
type RenewOutcome = 'renewed' | 'lost' | 'cancelled';

/** Checks client-go's constraints: leaseDuration > renewDeadline > 1.2 × retryPeriod > 0. */
export function validateLeaderElectionTiming(t: {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}): void {
  if (!(t.retryPeriodMs > 0)) throw new RangeError(`retryPeriod must be > 0, got ${t.retryPeriodMs} ms`);
  if (!(t.leaseDurationMs > t.renewDeadlineMs)) {
    throw new RangeError(
      `leaseDuration (${t.leaseDurationMs} ms) must be greater than renewDeadline (${t.renewDeadlineMs} ms)`,
    );
  }
  if (!(t.renewDeadlineMs > JITTER_FACTOR * t.retryPeriodMs)) {
    throw new RangeError(
      `renewDeadline (${t.renewDeadlineMs} ms) must be greater than ${JITTER_FACTOR} × retryPeriod (${t.retryPeriodMs} ms)`,
    );
  }
  if (t.leaseDurationMs % 1000 !== 0) {
    throw new RangeError(
      `leaseDuration must be whole seconds (a Lease stores seconds), got ${t.leaseDurationMs} ms`,
    );
  }
}

/** One candidate for one Lease. `run` may be called once. See the file header. */
export class LeaderElector {
  private readonly lease: LeaseClient;
  private readonly identity: string;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly releaseOnCancel: boolean;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly wallClock: () => Date;
  private readonly random: () => number;

  private observed: Observation = { time: 0 };
  /** The Lease as last read or written: the base of the next replace. */
  private lastSnapshot: LeaseSnapshot | undefined;
  private reportedLeader = '';
  private leading = false;
  private ran = false;
  private lastContactAt: number | undefined;
  private lastError: unknown;
  /** The latest attempt; one abandoned at a cancel may still land, so a release waits for it. */
  private pending: Promise<boolean> | undefined;

  constructor(options: LeaderElectorOptions) {
    this.lease = options.lease;
    this.identity = options.identity;
    this.leaseDurationMs = options.leaseDurationMs ?? LEADER_ELECTION_DEFAULTS.leaseDurationMs;
    this.renewDeadlineMs = options.renewDeadlineMs ?? LEADER_ELECTION_DEFAULTS.renewDeadlineMs;
    this.retryPeriodMs = options.retryPeriodMs ?? LEADER_ELECTION_DEFAULTS.retryPeriodMs;
    this.releaseOnCancel = options.releaseOnCancel ?? true;
    this.clock = options.clock ?? systemClock;
    this.wallClock = options.wallClock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    if (this.identity === '') throw new Error('leader election needs a non-empty identity');
    validateLeaderElectionTiming({
      leaseDurationMs: this.leaseDurationMs,
      renewDeadlineMs: this.renewDeadlineMs,
      retryPeriodMs: this.retryPeriodMs,
    });
    this.log = options.log.child({ lease: this.lease.describe(), identity: this.identity });
  }

  /** True while this replica leads. */
  isLeader(): boolean {
    return this.leading;
  }

  /**
   * When (local monotonic ms) the Lease was last read or written successfully, and the error of
   * the last failed call since: for readiness.
   */
  contact(): { readonly lastContactAt: number | undefined; readonly lastError: unknown } {
    return { lastContactAt: this.lastContactAt, lastError: this.lastError };
  }

  /** The holder this replica last observed, or undefined when none. */
  leader(): string | undefined {
    const holder = this.observed.record?.holderIdentity;
    return holder === undefined || holder === '' ? undefined : holder;
  }

  /**
   * Competes for the lease until `signal` aborts or leadership is lost; resolves then. On abort
   * while leading it releases the lease (unless `releaseOnCancel` is false) before
   * `onStoppedLeading`. Abort `signal` only once the work the leader did has stopped.
   */
  async run(callbacks: LeaderCallbacks, signal: AbortSignal): Promise<void> {
    if (this.ran) throw new Error('a LeaderElector runs once; build a new one to compete again');
    this.ran = true;
    if (!(await this.acquire(callbacks, signal))) return;

    const leadership = new AbortController();
    this.leading = true;
    this.log.info('started leading');
    this.safely('onStartedLeading', () => callbacks.onStartedLeading(leadership.signal));
    const outcome = await this.renewLoop(callbacks, signal);
    this.leading = false;
    leadership.abort(new Error(outcome === 'lost' ? 'leadership lost' : 'leader election stopped'));
    if (outcome === 'lost') {
      this.log.error({ renewDeadlineMs: this.renewDeadlineMs }, 'leadership lost: lease not renewed in time');
      this.safely('onStoppedLeading', () => callbacks.onStoppedLeading());
      return;
    }
    if (this.releaseOnCancel) await this.release();
    this.log.info('stopped leading');
    this.safely('onStoppedLeading', () => callbacks.onStoppedLeading());
  }

  /** Tries until the lease is ours (true) or `signal` aborts (false). */
  private async acquire(callbacks: LeaderCallbacks, signal: AbortSignal): Promise<boolean> {
    this.log.info('trying to acquire the lease');
    while (!signal.aborted) {
      const acquired = await this.attempt();
      this.reportTransition(callbacks);
      if (acquired) return true;
      const waitMs = this.retryPeriodMs * (1 + this.random() * JITTER_FACTOR);
      if (!(await this.pause(waitMs, signal))) return false;
    }
    return false;
  }

  /** Renews every retryPeriod; ends when a renewal misses its deadline or `signal` aborts. */
  private async renewLoop(callbacks: LeaderCallbacks, signal: AbortSignal): Promise<RenewOutcome> {
    for (;;) {
      if (!(await this.pause(this.retryPeriodMs, signal))) return 'cancelled';
      const outcome = await this.renewWithin(this.renewDeadlineMs, signal);
      this.reportTransition(callbacks);
      if (outcome !== 'renewed') return outcome;
    }
  }

  /**
   * Retries the renewal every retryPeriod until it succeeds or `deadlineMs` has passed; a request
   * still in flight at the deadline does not delay the verdict.
   */
  private async renewWithin(deadlineMs: number, signal: AbortSignal): Promise<RenewOutcome> {
    const deadline = this.clock.now() + deadlineMs;
    for (;;) {
      const left = deadline - this.clock.now();
      if (left <= 0) return 'lost';
      const result = await this.raceDeadline(this.attempt(), left, signal);
      if (result === 'cancelled') return 'cancelled';
      if (result === true) return 'renewed';
      const untilDeadline = deadline - this.clock.now();
      if (untilDeadline <= 0) return 'lost';
      if (!(await this.pause(Math.min(this.retryPeriodMs, untilDeadline), signal))) return 'cancelled';
    }
  }

  /** Starts {@link LeaderElector.tryAcquireOrRenew} and remembers it as the pending attempt. */
  private attempt(): Promise<boolean> {
    const attempt = this.tryAcquireOrRenew();
    this.pending = attempt;
    return attempt;
  }

  /** One attempt, after client-go's `tryAcquireOrRenew`; true when we hold the lease afterwards. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    const wallTime = formatMicroTime(this.wallClock());
    // Fast path: a leader whose lease is still valid by its own clock renews on the copy it wrote
    // last, without reading first; a conflict sends it down the slow path.
    if (isHeldBy(this.observed, this.identity) && isLeaseValid(this.observed, now) && this.lastSnapshot) {
      const base = this.lastSnapshot;
      const record = {
        ...base.record,
        renewTime: wallTime,
        leaseDurationSeconds: this.leaseDurationMs / 1000,
      };
      try {
        this.remember(await this.lease.update(base, record), now);
        return true;
      } catch (err) {
        this.log.debug({ err }, 'fast lease renewal failed; reading the lease');
      }
    }
    let current: LeaseSnapshot | undefined;
    try {
      current = await this.lease.get();
      this.contacted(undefined);
    } catch (err) {
      this.contacted(err);
      this.log.warn({ err }, 'reading the lease failed');
      return false;
    }
    const { action, observed } = decideLease({
      identity: this.identity,
      leaseDurationSeconds: this.leaseDurationMs / 1000,
      now,
      wallTime,
      current,
      observed: this.observed,
    });
    this.observed = observed;
    if (current !== undefined) this.lastSnapshot = current;
    if (action.kind === 'none') return false;
    try {
      const written =
        action.kind === 'create'
          ? await this.lease.create(action.record)
          : await this.lease.update(action.base, action.record);
      this.remember(written, now);
      return true;
    } catch (err) {
      // 409: someone else wrote the Lease between our read and our write; they won this round.
      if (isConflict(err)) this.log.debug('lease changed under us; not acquired');
      else this.log.warn({ err }, 'writing the lease failed');
      return false;
    }
  }

  /**
   * Clears the holder so the next candidate need not wait out the lease. Never throws. A renewal
   * the cancel abandoned may still be in flight: it is awaited first, or the release would replace
   * the Lease on a stale resourceVersion and fail with 409. Any other write in between (a late
   * renewal, someone's label) gets one re-read and, if the Lease is still ours, a second try.
   */
  private async release(): Promise<void> {
    await this.pending;
    for (let tries = 1; ; tries++) {
      const base = this.lastSnapshot;
      if (base === undefined || !isHeldBy(this.observed, this.identity)) return;
      try {
        const written = await this.lease.update(
          base,
          releaseRecord(base.record, formatMicroTime(this.wallClock())),
        );
        this.remember(written, this.clock.now());
        this.log.info('lease released');
        return;
      } catch (err) {
        if (!(isConflict(err) && tries < 2 && (await this.reread()))) {
          this.log.warn({ err }, 'releasing the lease failed; others take over once it expires');
          return;
        }
      }
    }
  }

  /** Reads the Lease into `lastSnapshot` and `observed`; false when that failed or it is gone. */
  private async reread(): Promise<boolean> {
    try {
      const current = await this.lease.get();
      if (current === undefined) return false;
      this.remember(current, this.clock.now());
      return true;
    } catch {
      return false;
    }
  }

  private remember(snapshot: LeaseSnapshot, now: number): void {
    this.lastSnapshot = snapshot;
    this.observed = { record: snapshot.record, time: now };
    this.contacted(undefined);
  }

  private contacted(err: unknown): void {
    if (err === undefined) {
      this.lastContactAt = this.clock.now();
      this.lastError = undefined;
    } else {
      this.lastError = err;
    }
  }

  private reportTransition(callbacks: LeaderCallbacks): void {
    const holder = this.observed.record?.holderIdentity ?? '';
    if (holder === '' || holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    this.log.info({ leader: holder }, 'new leader observed');
    if (callbacks.onNewLeader !== undefined)
      this.safely('onNewLeader', () => callbacks.onNewLeader?.(holder));
  }

  /** Resolves with the attempt's result, false when `ms` passes first, 'cancelled' on abort. */
  private raceDeadline(
    attempt: Promise<boolean>,
    ms: number,
    signal: AbortSignal,
  ): Promise<boolean | 'cancelled'> {
    return new Promise((resolve) => {
      const onAbort = (): void => finish('cancelled');
      const timer = this.clock.setTimeout(() => finish(false), ms);
      const finish = (value: boolean | 'cancelled'): void => {
        this.clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      };
      if (signal.aborted) {
        finish('cancelled');
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      attempt.then(finish, () => finish(false));
    });
  }

  /** Waits `ms`; false when `signal` aborted first. */
  private async pause(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await sleep(this.clock, ms, signal);
      return true;
    } catch {
      return false;
    }
  }

  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, callback: what }, 'leader election callback threw');
    }
  }
}
