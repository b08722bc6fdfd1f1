/**
 * DescribeServices batched across concurrent reconciles. Each caller asks for one service; asks for
 * the same cluster are merged into one DescribeServices call of up to 10 names (ECS's maximum),
 * turning ECS's 20 reads/s into up to 200 services/s of status.
 *
 * - A batch opens with its first ask and is sent `windowMs` later, or at once when it holds 10
 *   distinct names. Two asks for the same name share one slot and one answer. A batch that opens
 *   within {@link BUSY_GAP_MS} of the previous one of its cluster waits `busyWindowMs` instead:
 *   asks arriving faster than one a second are a fleet converging (each service read once before its
 *   create, as its task definition becomes ready), and a tenth of a second more for each buys calls
 *   of two or three services instead of one; a lone ask on a quiet cluster still waits `windowMs`.
 * - Different clusters never share a call (DescribeServices takes one cluster). A cluster given by
 *   name and by ARN is the same cluster.
 * - At most `maxInFlightPerCluster` calls per cluster are in flight. While at that limit, the open
 *   batch keeps filling instead of being sent half empty, so batches grow exactly when the rate
 *   limiter makes calls slow.
 * - Each caller gets its service (whatever its status, INACTIVE included) or `undefined` when ECS
 *   reports it `MISSING`. A call that fails rejects every caller of that batch with the same error.
 * - With `readAhead`, a call that has room left also reads the services of the cluster most likely
 *   to be asked for next, and an ask is answered from such a recent, settled answer without a call
 *   (see `describe-services-read-ahead.ts`); an ask for a service being read ahead joins that call.
 *   {@link DescribeServicesBatcher.invalidate} must hear of every write to a service.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { abortError } from './abort.js';
import type { AwsCallObserver } from './call-observer.js';
import type { AwsCallOptions } from './call-runner.js';
import { backgroundClock, startTimer, type Clock } from '../shared/clock.js';
import type { EcsApi } from './ecs-api.js';
import { ECS_MAX_BATCH } from './ecs-client.js';
import {
  DescribeServicesReadAhead,
  type ReadAheadCandidate,
  type ReadAheadOptions,
  type ReadAheadStats,
} from './describe-services-read-ahead.js';
import { nameOfArn } from '../shared/arn.js';
import { reportObservedAt } from '../shared/observed-at.js';

/** A batch opening this soon (ms) after the previous one of its cluster waits the busy window. */
export const BUSY_GAP_MS = 1_000;

/** Options for {@link DescribeServicesBatcher}. */
export interface DescribeServicesBatcherOptions {
  /** The ECS API of the batcher's Region (its rate limiter applies to each batch). */
  readonly ecs: Pick<EcsApi, 'describeServices'>;
  /** Time source for the batching window; the system clock when absent. */
  readonly clock?: Clock;
  /** How long a batch waits for more asks after its first, in milliseconds. Default 5. */
  readonly windowMs?: number;
  /** The wait of a batch opening soon after the previous one of its cluster, ms. Default `windowMs`. */
  readonly busyWindowMs?: number;
  /** The most DescribeServices calls in flight per cluster. Default 4. */
  readonly maxInFlightPerCluster?: number;
  /** Fill spare slots with likely next asks and serve those answers a while; off when absent. */
  readonly readAhead?: ReadAheadOptions;
  /**
   * Told of each ask waiting for a call (with the asker's signal), since the batched call itself is
   * sent on nobody's behalf; see {@link AwsCallObserver.callStarted}.
   */
  readonly observer?: Pick<AwsCallObserver, 'callStarted'>;
}

/**
 * ECS answered a service with a failure other than `MISSING` (for example an access problem on one
 * ARN). The reason is ECS's, unchanged.
 */
export class DescribeServiceFailureError extends Error {
  override readonly name = 'DescribeServiceFailureError';
  readonly reason: string;

  constructor(service: string, reason: string, detail: string | undefined) {
    super(`DescribeServices failed for ${service}: ${reason}${detail !== undefined ? ` (${detail})` : ''}`);
    this.reason = reason;
  }
}

interface Caller {
  readonly resolve: (service: Service | undefined) => void;
  readonly reject: (err: unknown) => void;
}

interface Batch {
  /** Service name → the identifier sent to ECS (the first asker's) and everyone waiting for it. */
  readonly entries: Map<string, { readonly id: string; readonly callers: Caller[] }>;
  cancelTimer: (() => void) | undefined;
  /** True once the window has passed: the batch may be sent as soon as a slot is free. */
  due: boolean;
}

interface ClusterState {
  /** The cluster identifier sent to ECS (the first asker's spelling). */
  readonly cluster: string;
  /** Full batches waiting for a free slot, oldest first. */
  readonly sealed: Batch[];
  open: Batch | undefined;
  inFlight: number;
}

/** Merges single-service DescribeServices asks into batched calls, per cluster. */
export class DescribeServicesBatcher {
  private readonly ecs: Pick<EcsApi, 'describeServices'>;
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly busyWindowMs: number;
  /** Per cluster, when its last batch opened (kept while the cluster state itself comes and goes). */
  private readonly lastOpenedAt = new Map<string, number>();
  private readonly maxInFlight: number;
  private readonly clusters = new Map<string, ClusterState>();
  private readonly readAhead: DescribeServicesReadAhead | undefined;
  private readonly observer: Pick<AwsCallObserver, 'callStarted'> | undefined;
  /** Per cluster, services being read ahead in a call in flight, with the asks that joined it. */
  private readonly joinable = new Map<string, Map<string, { epoch: number; callers: Caller[] }>>();

  constructor(options: DescribeServicesBatcherOptions) {
    this.ecs = options.ecs;
    this.clock = options.clock ?? backgroundClock;
    this.windowMs = options.windowMs ?? 5;
    this.busyWindowMs = Math.max(this.windowMs, options.busyWindowMs ?? this.windowMs);
    this.maxInFlight = Math.max(1, options.maxInFlightPerCluster ?? 4);
    this.observer = options.observer;
    this.readAhead =
      options.readAhead === undefined ? undefined : new DescribeServicesReadAhead(options.readAhead);
  }

  /**
   * Tells the batcher the operator is writing to a service (create, update, delete, tags): a kept
   * answer for it is dropped and answers read before now are never served.
   */
  invalidate(cluster: string, service: string): void {
    const clusterKey = nameOfArn(cluster);
    const name = nameOfArn(service);
    this.readAhead?.invalidate(clusterKey, name);
    this.joinable.get(clusterKey)?.delete(name);
  }

  /** Read-ahead counters (all zero when read-ahead is off). */
  readAheadStats(): ReadAheadStats {
    return this.readAhead?.stats() ?? { hits: 0, readAhead: 0, dropped: 0 };
  }

  /**
   * Describes one service (name or ARN) of `cluster` (name or ARN), with its tags, batched with
   * other asks. Resolves `undefined` when ECS reports it MISSING. An aborted `signal` rejects this
   * caller only; the batch still goes out for the others.
   */
  describeService(cluster: string, service: string, options?: AwsCallOptions): Promise<Service | undefined> {
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    const clusterKey = nameOfArn(cluster);
    const name = nameOfArn(service);
    const kept = this.readAhead?.ask(clusterKey, name, service, this.clock.now());
    if (kept !== undefined) {
      // The asker's next resync is then due one period after this read, not after this visit, so
      // a change made just after the read-ahead is still found within one period (ADR 0049).
      reportObservedAt(kept.at);
      return Promise.resolve(kept.service);
    }
    return new Promise<Service | undefined>((resolve, reject) => {
      let ended = this.observer?.callStarted?.('ecs', 'DescribeServices', signal);
      const end = (): void => {
        ended?.();
        ended = undefined;
      };
      const onAbort = (): void => {
        end();
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        end();
        signal?.removeEventListener('abort', onAbort);
      };
      const caller: Caller = {
        resolve: (s) => {
          done();
          resolve(s);
        },
        reject: (err) => {
          done();
          // SDK errors are Errors and pass through unchanged; anything else is wrapped.
          reject(err instanceof Error ? err : new Error(String(err), { cause: err }));
        },
      };
      const join = this.joinable.get(clusterKey)?.get(name);
      if (join !== undefined && join.epoch === this.readAhead?.epochOf(clusterKey, name)) {
        join.callers.push(caller);
      } else {
        this.enqueue(cluster, service, caller);
      }
    });
  }

  private enqueue(cluster: string, service: string, caller: Caller): void {
    const clusterKey = nameOfArn(cluster);
    let state = this.clusters.get(clusterKey);
    if (state === undefined) {
      state = { cluster, sealed: [], open: undefined, inFlight: 0 };
      this.clusters.set(clusterKey, state);
    }
    let batch = state.open;
    if (batch === undefined) {
      const fresh: Batch = { entries: new Map(), cancelTimer: undefined, due: false };
      const owner = state;
      fresh.cancelTimer = startTimer(this.clock, this.windowFor(clusterKey), () => {
        fresh.cancelTimer = undefined;
        fresh.due = true;
        this.pump(clusterKey, owner);
      });
      state.open = fresh;
      batch = fresh;
    }
    const name = nameOfArn(service);
    const entry = batch.entries.get(name);
    if (entry !== undefined) entry.callers.push(caller);
    else batch.entries.set(name, { id: service, callers: [caller] });

    if (batch.entries.size >= ECS_MAX_BATCH) {
      batch.cancelTimer?.();
      batch.cancelTimer = undefined;
      state.sealed.push(batch);
      state.open = undefined;
    }
    this.pump(clusterKey, state);
  }

  /** The wait of a batch opening now for `clusterKey`: the busy window right after another one. */
  private windowFor(clusterKey: string): number {
    const now = this.clock.now();
    const previous = this.lastOpenedAt.get(clusterKey);
    this.lastOpenedAt.set(clusterKey, now);
    return previous !== undefined && now - previous < BUSY_GAP_MS ? this.busyWindowMs : this.windowMs;
  }

  /** Sends what may be sent: full batches first, then the open batch once its window has passed. */
  private pump(clusterKey: string, state: ClusterState): void {
    while (state.inFlight < this.maxInFlight) {
      let batch = state.sealed.shift();
      if (batch === undefined && state.open?.due === true) {
        batch = state.open;
        state.open = undefined;
      }
      if (batch === undefined) break;
      this.send(clusterKey, state, batch);
    }
    if (state.inFlight === 0 && state.sealed.length === 0 && state.open === undefined) {
      this.clusters.delete(clusterKey);
    }
  }

  private send(clusterKey: string, state: ClusterState, batch: Batch): void {
    state.inFlight++;
    const sentAt = this.clock.now();
    const asked = [...batch.entries].map(([name, entry]) => ({
      name,
      entry,
      epoch: this.readAhead?.epochOf(clusterKey, name) ?? 0,
    }));
    const extra = this.readAheadFor(clusterKey, batch);
    const ids = [...asked.map((a) => a.entry.id), ...extra.map((c) => c.id)];
    this.ecs
      .describeServices(state.cluster, ids)
      .then(
        (result) => {
          const services = new Map<string, Service>();
          for (const s of result.services) {
            const name = s.serviceName ?? (s.serviceArn !== undefined ? nameOfArn(s.serviceArn) : undefined);
            if (name !== undefined) services.set(name, s);
          }
          const failures = new Map(result.failures.map((f) => [nameOfArn(f.arn ?? ''), f]));
          for (const { name, entry, epoch } of asked) {
            const answer = answerFor(entry.id, services.get(name), failures.get(name));
            if (!(answer instanceof Error)) {
              this.readAhead?.settle(clusterKey, name, answer, { at: sentAt, epoch, readAhead: false });
            }
            for (const caller of entry.callers) settleCaller(caller, answer);
          }
          const joined = this.joinable.get(clusterKey);
          for (const candidate of extra) {
            const callers = this.takeJoined(joined, candidate);
            const answer = answerFor(
              candidate.id,
              services.get(candidate.name),
              failures.get(candidate.name),
            );
            if (!(answer instanceof Error)) {
              this.readAhead?.settle(clusterKey, candidate.name, answer, {
                at: sentAt,
                epoch: candidate.epoch,
                readAhead: callers.length === 0,
              });
            }
            for (const caller of callers) settleCaller(caller, answer);
          }
        },
        (err: unknown) => {
          for (const entry of batch.entries.values()) for (const caller of entry.callers) caller.reject(err);
          const joined = this.joinable.get(clusterKey);
          for (const candidate of extra) {
            for (const caller of this.takeJoined(joined, candidate)) caller.reject(err);
          }
        },
      )
      .finally(() => {
        state.inFlight--;
        this.pump(clusterKey, state);
      });
  }

  /** The services to read ahead in a batch's spare slots, registered so asks can join them. */
  private readAheadFor(clusterKey: string, batch: Batch): ReadAheadCandidate[] {
    if (this.readAhead === undefined || batch.entries.size >= ECS_MAX_BATCH) return [];
    let joined = this.joinable.get(clusterKey);
    const exclude = new Set([...batch.entries.keys(), ...(joined?.keys() ?? [])]);
    const extra = this.readAhead.candidates(
      clusterKey,
      exclude,
      ECS_MAX_BATCH - batch.entries.size,
      this.clock.now(),
    );
    if (extra.length === 0) return extra;
    if (joined === undefined) {
      joined = new Map();
      this.joinable.set(clusterKey, joined);
    }
    for (const c of extra) joined.set(c.name, { epoch: c.epoch, callers: [] });
    return extra;
  }

  /** Removes a read-ahead service's join entry (if still its own) and returns the asks that joined. */
  private takeJoined(
    joined: Map<string, { epoch: number; callers: Caller[] }> | undefined,
    candidate: ReadAheadCandidate,
  ): Caller[] {
    const entry = joined?.get(candidate.name);
    if (entry === undefined || entry.epoch !== candidate.epoch) return [];
    joined?.delete(candidate.name);
    return entry.callers;
  }
}

/** What one name's caller gets: its service, `undefined` for MISSING, or the error to reject with. */
function answerFor(
  id: string,
  found: Service | undefined,
  failure: { readonly reason?: string | undefined; readonly detail?: string | undefined } | undefined,
): Service | undefined | Error {
  if (found !== undefined) return found;
  if (failure?.reason === 'MISSING') return undefined;
  if (failure !== undefined)
    return new DescribeServiceFailureError(id, failure.reason ?? 'unknown', failure.detail);
  return new Error(`DescribeServices answered nothing for ${id}`);
}

function settleCaller(caller: Caller, answer: Service | undefined | Error): void {
  if (answer instanceof Error) caller.reject(answer);
  else caller.resolve(answer);
}
