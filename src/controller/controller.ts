/**
 * A generic controller, after controller-runtime's: object events and periodic resync become keys in
 * a {@link WorkQueue}; N workers take keys, read the object from the source's cache and call the
 * {@link Reconciler}; the outcome maps to a queue action in reconcile-outcome.ts and nowhere else.
 * An object no longer in the cache is forgotten (finalizers handle deletion).
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
import { objectKey, parseObjectKey } from '../k8s/object.js';
import type { Logger } from '../observability/logger.js';
import type { ProbeCheck } from '../observability/http-server.js';
import type { Metrics, ReconcileResultLabel } from '../observability/metrics.js';
import { defaultFingerprint, isStatusOnlyChange } from './change-filter.js';
import { settlesWithin, systemClock, type Clock } from '../shared/clock.js';
import { createDefaultRateLimiter, type RateLimiter } from './rate-limiter.js';
import { ResyncSchedule } from './resync-schedule.js';
import { observing } from '../shared/observed-at.js';
import { RunningReconciles } from './running-reconciles.js';
import { stuckProbe, watchStuck, type StuckWatchDeps } from './stuck-watch.js';
import { isTerminalError, type ReconcileContext, type Reconciler } from './reconciler.js';
import { ReconcileTimeoutError, settleFailed, settleReconciled } from './reconcile-outcome.js';
import { reconcileSignal } from './reconcile-signal.js';
import { WorkQueue } from './work-queue.js';
import {
  checkControllerOptions,
  type ControllerOptions,
  type ControllerStopOptions,
  type ControllerStopResult,
  type StuckThresholds,
} from './controller-options.js';
import {
  relatedWatch,
  type ObjectSource,
  type SourceEvent,
  type SourceObject,
  type Watch,
} from './object-source.js';

export type {
  ControllerOptions,
  ControllerStopOptions,
  ControllerStopResult,
  StuckThresholds,
} from './controller-options.js';
export type { ObjectSource, SourceEvent, SourceObject } from './object-source.js';
export { ReconcileTimeoutError } from './reconcile-outcome.js';

interface Run {
  readonly queue: WorkQueue;
  readonly abort: AbortController;
  readonly unsubscribe: (() => void)[];
  readonly workers: Promise<void>[];
  /** Cancels the stuck watch's next check. */
  stopWatch: () => void;
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
    checkControllerOptions(this.name, this.workers, this.reconcileTimeoutMs, resyncPeriodMs, resyncJitter);
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
    this.watchList.push(relatedWatch(source, map));
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
    // Checks for stuck workers every interval while the run lasts (stuck-watch.ts).
    const thresholds = this.stuckThresholds;
    if (thresholds) run.stopWatch = watchStuck(this.stuckWatchDeps(), thresholds, () => this.run === run);
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
    return stuckProbe(name, this.stuckWatchDeps(), thresholdMs);
  }

  /** What the stuck watch and probes read. */
  private stuckWatchDeps(): StuckWatchDeps {
    return {
      name: this.name,
      workers: this.workers,
      running: this.running,
      activityOf: this.activityOf,
      metrics: this.metrics,
      log: this.log,
      clock: this.clock,
    };
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
    if (event.type !== 'deleted') this.reconciler.cached?.(event.object);
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
    const observedAt = await this.reconcile(run, key, obj, fingerprint, releaseWorker, resyncDue);
    this.addAfter(run, key, this.resync.next(key, due, observedAt));
  }

  private async reconcile(
    run: Run,
    key: string,
    obj: T,
    fingerprint: string,
    releaseWorker: () => void,
    /** The visit is the key's periodic resync (shared readers hold it to ADR 0049's rule). */
    resync: boolean,
  ): Promise<number | undefined> {
    const { namespace, name } = parseObjectKey(key);
    const reconcileId = this.newReconcileId();
    const log = this.log.child({ namespace, name, reconcileId });
    const labels = { controller: this.name };
    const started = this.clock.now();
    let result: ReconcileResultLabel;
    this.metrics.activeWorkers.inc(labels);
    let working = true;
    // When the oldest outside state this reconcile relied on was read (a shared reader's earlier
    // answer): the next resync comes one period after it, so drift stays within one period.
    let observedAt: number | undefined;
    const freeWorker = (): void => {
      if (!working) return;
      working = false;
      this.metrics.activeWorkers.dec(labels);
      releaseWorker();
    };
    const timeoutMs = this.reconcileTimeoutMs;
    const own = reconcileSignal(run.abort.signal, {
      clock: this.clock,
      timeoutMs,
      reason: () => new ReconcileTimeoutError(this.name, key, timeoutMs),
      onDeadline: () => {
        running.abandoned = true;
        log.warn(
          { timeoutMs, operation: this.activityOf?.(own.signal) },
          'reconcile passed its deadline; worker released, key retried once it returns',
        );
        freeWorker();
      },
    });
    const running = this.running.begin(key, own.signal);
    const ctx: ReconcileContext = { log, reconcileId, signal: own.signal };
    try {
      log.debug('reconciling');
      const observed = await observing(() => this.reconciler.reconcile(ctx, obj), { resync });
      const outcome = observed.result;
      observedAt = observed.oldestAt;
      result = settleReconciled({ queue: run.queue, terminal: this.terminal, log }, key, outcome);
    } catch (err) {
      if (run.abort.signal.aborted) {
        // Interrupted by a stop: neither a failure of the object nor worth an alert.
        log.info({ err }, 'reconcile interrupted by stop');
        return undefined;
      }
      result = 'error';
      this.metrics.reconcileErrors.inc(labels);
      if (isTerminalError(err) && !own.signal.aborted) this.metrics.terminalReconcileErrors.inc(labels);
      const settled = { queue: run.queue, terminal: this.terminal, log };
      settleFailed(settled, key, err, { fingerprint, pastDeadline: own.signal.aborted, timeoutMs });
    } finally {
      own.dispose();
      this.running.end(running);
      if (working) {
        working = false;
        this.metrics.activeWorkers.dec(labels);
      }
      this.metrics.reconcileTime.observe(labels, (this.clock.now() - started) / 1000);
    }
    this.metrics.reconcileTotal.inc({ controller: this.name, result });
    return observedAt;
  }

  /** Queues the key after `delay` ms; nothing when there is no delay (resync off). */
  private addAfter(run: Run, key: string, delay: number | undefined): void {
    if (delay !== undefined) run.queue.addAfter(key, delay);
  }
}
