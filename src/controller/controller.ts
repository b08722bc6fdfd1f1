/**
 * A generic controller, after controller-runtime's: object events and periodic resync become keys in
 * a {@link WorkQueue}; N workers take keys, read the object from the source's cache and call the
 * {@link Reconciler}; the outcome maps to a queue action here and nowhere else:
 *
 * | outcome                  | queue action                                   | metrics `result` |
 * |--------------------------|------------------------------------------------|------------------|
 * | `{}` / nothing           | `forget`                                       | `success`        |
 * | `{ requeueAfterMs: n }`  | `forget`, `addAfter(n)`                        | `requeue_after`  |
 * | thrown error             | `addRateLimited` (logged here, once)           | `error`          |
 * | thrown `TerminalError`   | `forget`; no retry until the object changes    | `error`          |
 * | object not in the cache  | `forget` (finalizers handle deletion)          | none             |
 *
 * Every key also comes back after the resync period so drift is found without events, at the
 * cadence {@link ResyncSchedule} keeps.
 */
import { randomUUID } from 'node:crypto';
import type { ObjectMeta } from '../k8s/object.js';
import { objectKey, parseObjectKey } from '../k8s/object.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics, ReconcileResultLabel } from '../observability/metrics.js';
import { defaultFingerprint, isStatusOnlyChange } from './change-filter.js';
import { settlesWithin, systemClock, type Clock } from './clock.js';
import { createDefaultRateLimiter, type RateLimiter } from './rate-limiter.js';
import { ResyncSchedule } from './resync-schedule.js';
import { isTerminalError, type ReconcileContext, type Reconciler } from './reconciler.js';
import { WorkQueue } from './work-queue.js';

/** What an {@link ObjectSource} reports: the object after the change (for `deleted`, the last state). */
export interface SourceEvent<T> {
  readonly type: 'added' | 'updated' | 'deleted';
  readonly object: T;
  /** For `updated`, the cached copy it replaced, when the source knows it. */
  readonly oldObject?: T;
}

/**
 * A cache of one kind of object kept current by a watch (the Kubernetes edge implements it with a
 * supervised informer). The contract:
 *
 * - `start()` begins listing and watching in the background and resolves once it has begun; it
 *   does not wait for the first list and does not reject on API errors (it retries by itself).
 * - `stop()` ends the watch; no event is delivered after it resolves.
 * - `hasSynced()` turns true once the first full list is in the cache and stays true while the
 *   source reconnects or relists.
 * - `list()` and `get(key)` read the cache; `key` is {@link objectKey}'s `namespace/name`.
 * - `onEvent(handler)` subscribes to changes, returning an unsubscribe function. The cache is
 *   updated before the handler runs (`get` of a deleted object's key gives undefined). Deletions
 *   found by a relist (after 410 Gone) are reported as `deleted`. Events that happened before
 *   subscribing are not replayed: subscribers call `list()`.
 */
export interface ObjectSource<T> {
  /** Names the source in readiness reports and logs, e.g. `ecsservices.ecs-bridge.dev`. */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  hasSynced(): boolean;
  list(): readonly T[];
  get(key: string): T | undefined;
  onEvent(handler: (event: SourceEvent<T>) => void): () => void;
}

/** The least a controlled object carries: Kubernetes metadata. */
export interface SourceObject {
  readonly metadata: ObjectMeta;
}

/** Options for {@link Controller}. */
export interface ControllerOptions<T extends SourceObject> {
  /** Names the controller in logs (`controller` field), metrics and its work queue. */
  readonly name: string;
  /** The primary objects: one key per object, reconciled by `reconciler`. */
  readonly source: ObjectSource<T>;
  readonly reconciler: Reconciler<T>;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Reconciles running at once (different keys). Default 1. */
  readonly workers?: number;
  /** Every key is reconciled again after about this long; 0 turns resync off. Default 10 min. */
  readonly resyncPeriodMs?: number;
  /** Resync spreads over `period × (1 ± jitter)`. Default 0.1. */
  readonly resyncJitter?: number;
  /** Builds the rate limiter of each run's queue. Default: controller-runtime's. */
  readonly rateLimiter?: (clock: Clock) => RateLimiter;
  readonly clock?: Clock;
  /** Uniform in [0, 1); for resync jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** A fresh id per reconcile. Default `randomUUID`. */
  readonly newReconcileId?: () => string;
  /**
   * What counts as "the object changed" for a key that failed terminally. Default: generation,
   * deletion timestamp, labels and annotations (so our own status writes do not count); the
   * resourceVersion when the object has no generation.
   */
  readonly fingerprint?: (obj: T) => string;
}

/** Options for {@link Controller.stop}. */
export interface ControllerStopOptions {
  /** Abort in-flight reconciles' signals at once (leadership lost) instead of at the deadline. */
  readonly abort?: boolean;
  /** How long in-flight reconciles may take to finish before their signals abort. Default 0. */
  readonly deadlineMs?: number;
}

/** How a stop went. */
export interface ControllerStopResult {
  /** True when every in-flight reconcile finished before the deadline. */
  readonly drained: boolean;
  /** Keys still being reconciled when `stop` resolved (their signals are aborted). */
  readonly inFlight: readonly string[];
}

interface Watch {
  readonly source: ObjectSource<unknown>;
  /** Subscribes to the source; `onKeys` gets the mapped keys of each event (a throwing map's error). */
  subscribe(onKeys: (keys: Iterable<string> | Error) => void): () => void;
}

interface Run {
  readonly queue: WorkQueue;
  readonly abort: AbortController;
  readonly unsubscribe: (() => void)[];
  readonly workers: Promise<void>[];
}

/**
 * Runs one {@link Reconciler} over one kind of object. `start()` (once the sources have synced)
 * begins a run; `stop()` ends it. A controller can run again after a stop (a regained
 * leadership), starting from a fresh queue, as a new process would.
 */
export class Controller<T extends SourceObject> {
  readonly name: string;
  private readonly source: ObjectSource<T>;
  private readonly reconciler: Reconciler<T>;
  private readonly log: Logger;
  private readonly metrics: Metrics;
  private readonly workers: number;
  private readonly newRateLimiter: (clock: Clock) => RateLimiter;
  private readonly clock: Clock;
  private readonly newReconcileId: () => string;
  private readonly fingerprint: (obj: T) => string;
  private readonly watchList: Watch[] = [];

  /** Per key: the fingerprint of the object version that failed terminally. */
  private readonly terminal = new Map<string, string>();
  private readonly resync: ResyncSchedule;
  /** Keys a related object's change asked for: reconciled even when terminal. */
  private readonly forced = new Set<string>();
  private run: Run | undefined;
  private stopping: { readonly run: Run; readonly result: Promise<ControllerStopResult> } | undefined;

  constructor(options: ControllerOptions<T>) {
    this.name = options.name;
    this.source = options.source;
    this.reconciler = options.reconciler;
    this.log = options.log.child({ controller: options.name });
    this.metrics = options.metrics;
    this.workers = options.workers ?? 1;
    const resyncPeriodMs = options.resyncPeriodMs ?? 600_000;
    const resyncJitter = options.resyncJitter ?? 0.1;
    this.newRateLimiter = options.rateLimiter ?? ((clock) => createDefaultRateLimiter({ clock }));
    this.clock = options.clock ?? systemClock;
    this.newReconcileId = options.newReconcileId ?? randomUUID;
    this.fingerprint = options.fingerprint ?? defaultFingerprint;
    if (!Number.isInteger(this.workers) || this.workers < 1) {
      throw new RangeError(
        `controller ${this.name}: workers must be a whole number >= 1, got ${this.workers}`,
      );
    }
    if (!(resyncPeriodMs >= 0) || !(resyncJitter >= 0 && resyncJitter < 1)) {
      throw new RangeError(`controller ${this.name}: resync period must be >= 0 and jitter in [0, 1)`);
    }
    this.resync = new ResyncSchedule({
      periodMs: resyncPeriodMs,
      jitter: resyncJitter,
      clock: this.clock,
      random: options.random ?? Math.random,
    });
  }

  /**
   * Also reconciles the keys `map` returns whenever `source` reports a change, e.g. "when
   * EcsTaskDefinition X changes, enqueue the EcsServices that reference it". Such keys are
   * reconciled even after a terminal failure: a dependency's change may be the fix. Call before
   * the first `start`.
   */
  watches<U>(source: ObjectSource<U>, map: (object: U, event: SourceEvent<U>) => Iterable<string>): this {
    if (this.run !== undefined) throw new Error(`controller ${this.name}: watches() after start()`);
    this.watchList.push({
      source,
      subscribe: (onKeys) =>
        source.onEvent((event) => {
          try {
            onKeys([...map(event.object, event)]);
          } catch (err) {
            onKeys(err instanceof Error ? err : new Error(String(err)));
          }
        }),
    });
    return this;
  }

  /** Every source this controller reads (the primary first); the manager starts and syncs them. */
  sources(): readonly ObjectSource<unknown>[] {
    return [this.source, ...this.watchList.map((watch) => watch.source)];
  }

  /** True between `start` and `stop`. */
  isRunning(): boolean {
    return this.run !== undefined;
  }

  /** Begins a run: subscribes to the sources, queues every cached object, starts the workers. */
  start(): void {
    if (this.run !== undefined) return;
    this.terminal.clear();
    this.resync.clear();
    this.forced.clear();
    const queue = new WorkQueue({
      name: this.name,
      clock: this.clock,
      rateLimiter: this.newRateLimiter(this.clock),
      metrics: this.metrics.workQueue(this.name),
    });
    const run: Run = { queue, abort: new AbortController(), unsubscribe: [], workers: [] };
    this.run = run;
    run.unsubscribe.push(this.source.onEvent((event) => this.onPrimaryEvent(run, event)));
    for (const watch of this.watchList) {
      run.unsubscribe.push(watch.subscribe((keys) => this.onRelatedKeys(run, watch, keys)));
    }
    for (const obj of this.source.list()) queue.add(objectKey(obj));
    // Counted before the workers start: each takes a key synchronously, so the queue would
    // already look emptier than what this run began with.
    const keys = queue.stats().dirty;
    this.metrics.maxConcurrentReconciles.set({ controller: this.name }, this.workers);
    for (let i = 0; i < this.workers; i++) run.workers.push(this.work(run));
    this.log.info({ workers: this.workers, keys }, 'controller started');
  }

  /**
   * Ends the run: no new keys are taken; in-flight reconciles get `deadlineMs` to finish (their
   * signals abort at the deadline, or at once with `abort`). Resolves at the latest at the deadline,
   * saying whether everything finished. Called again during a graceful stop with `abort`, it aborts
   * the signals at once.
   */
  stop(options: ControllerStopOptions = {}): Promise<ControllerStopResult> {
    const run = this.run;
    if (run === undefined) {
      // Already stopping gracefully: `abort` still cuts the wait short (leadership lost meanwhile).
      if (options.abort === true) this.stopping?.run.abort.abort(new Error('controller stopped at once'));
      return this.stopping?.result ?? Promise.resolve({ drained: true, inFlight: [] });
    }
    this.run = undefined;
    const result = this.drain(run, options).finally(() => {
      if (this.stopping?.run === run) this.stopping = undefined;
    });
    this.stopping = { run, result };
    return result;
  }

  private async drain(run: Run, options: ControllerStopOptions): Promise<ControllerStopResult> {
    for (const unsubscribe of run.unsubscribe) unsubscribe();
    const reason = new Error(options.abort === true ? 'controller stopped at once' : 'controller stopped');
    if (options.abort === true) run.abort.abort(reason);
    const drained = await settlesWithin(run.queue.shutDownWithDrain(), options.deadlineMs ?? 0, this.clock);
    const inFlight = run.queue.inFlight();
    if (!drained) run.abort.abort(reason);
    this.metrics.activeWorkers.set({ controller: this.name }, 0);
    this.log.info({ drained, inFlight: inFlight.length }, 'controller stopped');
    return { drained, inFlight };
  }

  private onPrimaryEvent(run: Run, event: SourceEvent<T>): void {
    const key = objectKey(event.object);
    // A change of status only (ours, mostly) needs no reconcile: acting on it would re-run every
    // reconcile once per status write, and a failing key would skip its backoff each time its
    // error was written, so an AWS outage grew the backoff to minutes. The spec, the deletion
    // timestamp, labels, annotations and finalizers still wake it; resync covers the rest.
    if (
      event.type === 'updated' &&
      event.oldObject !== undefined &&
      isStatusOnlyChange(event.oldObject, event.object)
    ) {
      return;
    }
    // Our own status write after a terminal failure changes the resourceVersion but not the
    // fingerprint: no point waking a worker to skip it.
    if (event.type === 'updated' && this.terminal.get(key) === this.fingerprint(event.object)) return;
    run.queue.add(key);
  }

  private onRelatedKeys(run: Run, watch: Watch, keys: Iterable<string> | Error): void {
    if (keys instanceof Error) {
      this.log.error({ err: keys, source: watch.source.name }, 'mapping a related object to keys failed');
      return;
    }
    for (const key of keys) {
      this.forced.add(key);
      run.queue.add(key);
    }
  }

  private async work(run: Run): Promise<void> {
    for (let key = await run.queue.get(); key !== undefined; key = await run.queue.get()) {
      try {
        await this.process(run, key);
      } catch (err) {
        // Only a bug outside the reconciler (a throwing fingerprint or cache) lands here.
        this.log.error({ err, key }, 'processing a key failed');
        run.queue.addRateLimited(key);
      } finally {
        run.queue.done(key);
      }
    }
  }

  private async process(run: Run, key: string): Promise<void> {
    const obj = this.source.get(key);
    if (obj === undefined) {
      run.queue.forget(key);
      this.terminal.delete(key);
      this.resync.forget(key);
      this.forced.delete(key);
      return;
    }
    const fingerprint = this.fingerprint(obj);
    const forced = this.forced.delete(key);
    const failedAs = this.terminal.get(key);
    const resyncDue = this.resync.isDue(key);
    if (failedAs === fingerprint && !forced && !resyncDue) {
      run.queue.forget(key);
      this.addAfter(run, key, this.resync.kept(key));
      return;
    }
    const due = resyncDue ? this.resync.due(key) : undefined;
    await this.reconcile(run, key, obj, fingerprint);
    this.addAfter(run, key, this.resync.next(key, due));
  }

  private async reconcile(run: Run, key: string, obj: T, fingerprint: string): Promise<void> {
    const { namespace, name } = parseObjectKey(key);
    const reconcileId = this.newReconcileId();
    const log = this.log.child({ namespace, name, reconcileId });
    const ctx: ReconcileContext = { log, reconcileId, signal: run.abort.signal };
    const labels = { controller: this.name };
    const started = this.clock.now();
    let result: ReconcileResultLabel;
    this.metrics.activeWorkers.inc(labels);
    try {
      log.debug('reconciling');
      const outcome = await this.reconciler.reconcile(ctx, obj);
      this.terminal.delete(key);
      run.queue.forget(key);
      const after = outcome?.requeueAfterMs;
      if (after !== undefined && after > 0) {
        run.queue.addAfter(key, after);
        result = 'requeue_after';
      } else {
        result = 'success';
      }
      log.debug({ requeueAfterMs: after }, 'reconciled');
    } catch (err) {
      if (run.abort.signal.aborted) {
        // Interrupted by a stop: neither a failure of the object nor worth an alert.
        log.info({ err }, 'reconcile interrupted by stop');
        return;
      }
      result = 'error';
      this.metrics.reconcileErrors.inc(labels);
      if (isTerminalError(err)) {
        this.metrics.terminalReconcileErrors.inc(labels);
        this.terminal.set(key, fingerprint);
        run.queue.forget(key);
        log.error(
          { err, reason: err.reason },
          'reconcile failed terminally; waiting for the object to change',
        );
      } else {
        this.terminal.delete(key);
        run.queue.addRateLimited(key);
        log.error({ err, retries: run.queue.retries(key) }, 'reconcile failed; retrying with backoff');
      }
    } finally {
      this.metrics.activeWorkers.dec(labels);
      this.metrics.reconcileTime.observe(labels, (this.clock.now() - started) / 1000);
    }
    this.metrics.reconcileTotal.inc({ controller: this.name, result });
  }

  /** Queues the key after `delay` ms; nothing when there is no delay (resync off). */
  private addAfter(run: Run, key: string, delay: number | undefined): void {
    if (delay !== undefined) run.queue.addAfter(key, delay);
  }
}
