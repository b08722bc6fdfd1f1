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
 *
 * Each reconcile gets its own signal, aborted at its deadline (`reconcileTimeoutMs`) as well as on
 * stop. At the deadline the worker stops waiting and takes the next key: a call that ignores the
 * abort never blocks a worker. The key stays held until the abandoned reconcile returns (never two
 * reconciles of one object at once) and is then retried with backoff. Reconciles that have run
 * past a threshold make the controller's readiness (and, past a longer one, its liveness) fail,
 * see {@link RunningReconciles}.
 */
import { randomUUID } from 'node:crypto';
import type { ObjectMeta } from '../k8s/object.js';
import { objectKey, parseObjectKey } from '../k8s/object.js';
import type { Logger } from '../observability/logger.js';
import type { ProbeCheck } from '../observability/http-server.js';
import type { Metrics, ReconcileResultLabel } from '../observability/metrics.js';
import { defaultFingerprint, isStatusOnlyChange } from './change-filter.js';
import { settlesWithin, systemClock, type Clock } from '../shared/clock.js';
import { createDefaultRateLimiter, type RateLimiter } from './rate-limiter.js';
import { ResyncSchedule } from './resync-schedule.js';
import { RunningReconciles, type StuckVerdict } from './running-reconciles.js';
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
  /**
   * A reconcile's deadline in ms: its signal aborts and its worker moves on. 0 or absent: none.
   */
  readonly reconcileTimeoutMs?: number;
  /** When workers count as stuck; absent: never (no watch, probes always pass). */
  readonly stuck?: StuckThresholds;
  /**
   * What a reconcile is waiting on, looked up by its signal (e.g. `ecs DescribeServices`), for the
   * stuck log line; the controller knows nothing of what reconcilers call.
   */
  readonly activityOf?: (signal: AbortSignal) => string | undefined;
}

/** How long reconciles may run before the controller's probes fail. */
export interface StuckThresholds {
  /** Past this, with every worker's worth of reconciles this old, readiness fails. */
  readonly readinessMs: number;
  /** Past this (longer), liveness fails too, so the kubelet restarts the process. */
  readonly livenessMs: number;
  /** How often the watch updates the stuck metrics and logs. Default 1 s. */
  readonly checkIntervalMs?: number;
}

/**
 * A reconcile passed its deadline: the reason its signal aborts with, and the error it is retried
 * for when it rejects with the abort.
 */
export class ReconcileTimeoutError extends Error {
  override readonly name = 'ReconcileTimeoutError';
  readonly timeoutMs: number;

  constructor(controller: string, key: string, timeoutMs: number) {
    super(`controller ${controller}: reconcile of ${key} passed its deadline of ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
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
  /** Cancels the stuck watch's next check. */
  stopWatch: () => void;
  /** True while the last check found the workers stuck (for logging the change once). */
  stuck: boolean;
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
  private readonly reconcileTimeoutMs: number;
  private readonly stuckThresholds: StuckThresholds | undefined;
  private readonly activityOf: ((signal: AbortSignal) => string | undefined) | undefined;
  private readonly watchList: Watch[] = [];
  private readonly running: RunningReconciles;

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
    this.reconcileTimeoutMs = options.reconcileTimeoutMs ?? 0;
    this.stuckThresholds = options.stuck;
    this.activityOf = options.activityOf;
    this.running = new RunningReconciles(this.clock);
    if (!(this.reconcileTimeoutMs >= 0)) {
      throw new RangeError(`controller ${this.name}: reconcileTimeoutMs must be >= 0`);
    }
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
    const run: Run = {
      queue,
      abort: new AbortController(),
      unsubscribe: [],
      workers: [],
      stopWatch: () => undefined,
      stuck: false,
    };
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
    this.watchStuck(run);
    this.log.info({ workers: this.workers, keys }, 'controller started');
  }

  /**
   * Readiness of this controller: fails while every worker's worth of reconciles has run past the
   * readiness threshold. Always passes without thresholds or while not running.
   */
  readiness(): ProbeCheck {
    return this.check(this.stuckThresholds?.readinessMs);
  }

  /** Liveness of this controller: as {@link readiness}, past the longer liveness threshold. */
  liveness(): ProbeCheck {
    return this.check(this.stuckThresholds?.livenessMs);
  }

  private check(thresholdMs: number | undefined): ProbeCheck {
    const name = `controller:${this.name}`;
    if (thresholdMs === undefined || this.run === undefined) return { name, ok: true };
    const verdict = this.running.judge(this.workers, thresholdMs);
    return verdict.stuck ? { name, ok: false, detail: this.describe(verdict) } : { name, ok: true };
  }

  private describe(verdict: StuckVerdict): string {
    const oldest = verdict.oldest;
    const activity = oldest === undefined ? undefined : this.activityOfKey(oldest.key);
    return (
      `${verdict.count} reconcile(s) running longer than ${verdict.thresholdMs / 1000}s with ${verdict.workers} worker(s)` +
      (oldest === undefined
        ? ''
        : `; oldest ${oldest.key} for ${Math.round(oldest.ageMs / 1000)}s` +
          (activity === undefined ? '' : `, waiting on ${activity}`))
    );
  }

  private activityOfKey(key: string): string | undefined {
    const entry = this.running.oldest();
    return entry?.key === key ? this.activityOf?.(entry.signal) : undefined;
  }

  /** Checks for stuck workers every interval while the run lasts: metrics, and a log line per change. */
  private watchStuck(run: Run): void {
    const thresholds = this.stuckThresholds;
    if (thresholds === undefined) return;
    const interval = thresholds.checkIntervalMs ?? 1_000;
    const tick = (): void => {
      if (this.run !== run) return;
      this.observeStuck(run, thresholds);
      const handle = this.clock.setTimeout(tick, interval);
      run.stopWatch = () => this.clock.clearTimeout(handle);
    };
    tick();
  }

  private observeStuck(run: Run, thresholds: StuckThresholds): void {
    const verdict = this.running.judge(this.workers, thresholds.readinessMs);
    this.metrics.stuckWorkers.set({ controller: this.name }, verdict.count);
    this.metrics.longestRunningProcessor.set({ name: this.name }, (verdict.oldest?.ageMs ?? 0) / 1000);
    if (verdict.stuck === run.stuck) return;
    run.stuck = verdict.stuck;
    const oldest = verdict.oldest;
    if (verdict.stuck) {
      this.log.error(
        {
          stuck: verdict.count,
          workers: verdict.workers,
          thresholdMs: verdict.thresholdMs,
          key: oldest?.key,
          runningMs: oldest?.ageMs,
          abandoned: oldest?.abandoned,
          operation: oldest === undefined ? undefined : this.activityOfKey(oldest.key),
        },
        'workers stuck: every worker has run one reconcile past the threshold; readiness failing',
      );
    } else {
      this.log.info({ workers: verdict.workers }, 'workers no longer stuck');
    }
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
    run.stopWatch();
    this.metrics.stuckWorkers.set({ controller: this.name }, 0);
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
      const held = key;
      // Resolved when the key is done, or earlier when its reconcile passes its deadline: the
      // worker then moves on while the key stays held until the reconcile returns.
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      this.process(run, held, release)
        .catch((err: unknown) => {
          // Only a bug outside the reconciler (a throwing fingerprint or cache) lands here.
          this.log.error({ err, key: held }, 'processing a key failed');
          run.queue.addRateLimited(held);
        })
        .finally(() => {
          run.queue.done(held);
          release();
        });
      await released;
    }
  }

  private async process(run: Run, key: string, releaseWorker: () => void): Promise<void> {
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
    await this.reconcile(run, key, obj, fingerprint, releaseWorker);
    this.addAfter(run, key, this.resync.next(key, due));
  }

  private async reconcile(
    run: Run,
    key: string,
    obj: T,
    fingerprint: string,
    releaseWorker: () => void,
  ): Promise<void> {
    const { namespace, name } = parseObjectKey(key);
    const reconcileId = this.newReconcileId();
    const log = this.log.child({ namespace, name, reconcileId });
    // The reconcile's own signal: aborted on stop (the run's signal) or at its deadline.
    const own = new AbortController();
    const onStop = (): void => own.abort(run.abort.signal.reason);
    if (run.abort.signal.aborted) onStop();
    else run.abort.signal.addEventListener('abort', onStop, { once: true });
    const ctx: ReconcileContext = { log, reconcileId, signal: own.signal };
    const labels = { controller: this.name };
    const started = this.clock.now();
    const running = this.running.begin(key, own.signal);
    let result: ReconcileResultLabel;
    this.metrics.activeWorkers.inc(labels);
    let working = true;
    const freeWorker = (): void => {
      if (!working) return;
      working = false;
      this.metrics.activeWorkers.dec(labels);
      releaseWorker();
    };
    const timeoutMs = this.reconcileTimeoutMs;
    const deadline =
      timeoutMs > 0
        ? this.clock.setTimeout(() => {
            own.abort(new ReconcileTimeoutError(this.name, key, timeoutMs));
            running.abandoned = true;
            log.warn(
              { timeoutMs, operation: this.activityOf?.(own.signal) },
              'reconcile passed its deadline; worker released, key retried once it returns',
            );
            freeWorker();
          }, timeoutMs)
        : undefined;
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
      if (own.signal.aborted) {
        // Past the deadline whatever it threw (the abort, or an error it caused): retry later.
        this.terminal.delete(key);
        run.queue.addRateLimited(key);
        log.error(
          { err, timeoutMs, retries: run.queue.retries(key) },
          'reconcile passed its deadline; retrying with backoff',
        );
      } else if (isTerminalError(err)) {
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
      if (deadline !== undefined) this.clock.clearTimeout(deadline);
      run.abort.signal.removeEventListener('abort', onStop);
      this.running.end(running);
      if (working) {
        working = false;
        this.metrics.activeWorkers.dec(labels);
      }
      this.metrics.reconcileTime.observe(labels, (this.clock.now() - started) / 1000);
    }
    this.metrics.reconcileTotal.inc({ controller: this.name, result });
  }

  /** Queues the key after `delay` ms; nothing when there is no delay (resync off). */
  private addAfter(run: Run, key: string, delay: number | undefined): void {
    if (delay !== undefined) run.queue.addAfter(key, delay);
  }
}
