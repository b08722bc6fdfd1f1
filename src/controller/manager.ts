/**
 * The manager runs the controllers of one process: it starts their sources, waits for the caches to
 * sync, then runs the controllers only while a {@link LeadershipGate} says this process leads, and
 * shuts everything down gracefully. It reports liveness and readiness for the probe server.
 *
 * Losing leadership stops every controller at once (in-flight reconciles' signals abort) and the
 * process goes back to standing by. client-go exits the process instead, because a goroutine cannot
 * be killed; here the manager waits (up to the shutdown timeout) until every aborted reconcile has
 * actually returned before it may lead again, so two terms never overlap in this process, and it
 * keeps its warm caches and its probes up instead of restarting into CrashLoopBackOff while the API
 * server is unreachable. If an aborted reconcile does not return in time, the process cannot prove
 * it has stopped writing: `start()` then rejects with {@link LeadershipLostError} and the caller must
 * exit non-zero.
 */
import type { Logger } from '../observability/logger.js';
import type { ProbeCheck, ProbeReport } from '../observability/http-server.js';
import { settlesWithin, sleep, systemClock, type Clock } from '../shared/clock.js';
import type { ControllerStopOptions, ControllerStopResult, ObjectSource } from './controller.js';

/**
 * What the manager needs from leader election (the Kubernetes edge implements it on a Lease).
 *
 * `run(callbacks, signal)` campaigns until `signal` aborts. Each time this process acquires the
 * lease it calls `onStartedLeading()`; each time it loses it (renewal failed for `renewDeadline`,
 * or another holder took the lease) it calls `onStoppedLeading()` at once and campaigns again.
 * Calls alternate, starting with `onStartedLeading`. After `signal` aborts it stops renewing,
 * releases the lease if held (bounded by its own timeout), calls no callback any more, and
 * resolves. It rejects only on a bug: API errors are retried, never thrown.
 */
export interface LeadershipGate {
  run(callbacks: LeadershipCallbacks, signal: AbortSignal): Promise<void>;
  /** For readiness: healthy when leading, or standing by and able to read the lease. */
  health(): LeadershipHealth;
}

/** The callbacks a {@link LeadershipGate} calls; they return at once. */
export interface LeadershipCallbacks {
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

/** A {@link LeadershipGate}'s own view of its health. */
export interface LeadershipHealth {
  readonly leading: boolean;
  readonly healthy: boolean;
  /** Why it is unhealthy, or who leads; shown in `/readyz`. */
  readonly detail?: string;
}

/** A gate for `--leader-elect=false`: leads from the start until its signal aborts. */
export function alwaysLeading(): LeadershipGate {
  let leading = false;
  return {
    run(callbacks, signal): Promise<void> {
      leading = true;
      callbacks.onStartedLeading();
      return new Promise((resolve) => {
        const end = (): void => {
          leading = false;
          resolve();
        };
        if (signal.aborted) end();
        else signal.addEventListener('abort', end, { once: true });
      });
    },
    health: () => ({ leading, healthy: true, detail: 'leader election disabled' }),
  };
}

/** What the manager runs; {@link Controller} is one. */
export interface ManagedController {
  readonly name: string;
  sources(): readonly ObjectSource<unknown>[];
  start(): void;
  stop(options?: ControllerStopOptions): Promise<ControllerStopResult>;
  /** Fails while the controller's workers are stuck (see {@link Controller.readiness}). */
  readiness?(): ProbeCheck;
  /** Fails while they have been stuck past the longer liveness threshold. */
  liveness?(): ProbeCheck;
}

/** Options for {@link Manager}. */
export interface ManagerOptions {
  readonly log: Logger;
  /** Leader election; absent means always leading. */
  readonly leadership?: LeadershipGate;
  /** How long in-flight reconciles may take to finish on shutdown or lost leadership. Default 25 s. */
  readonly shutdownTimeoutMs?: number;
  /** How long releasing the lease may take before the manager gives up on it. Default 5 s. */
  readonly releaseTimeoutMs?: number;
  /** How often the caches' sync is checked while starting. Default 100 ms. */
  readonly syncPollMs?: number;
  readonly clock?: Clock;
}

/** Thrown by {@link Manager.start} when leadership was lost and in-flight work would not stop. */
export class LeadershipLostError extends Error {
  override readonly name = 'LeadershipLostError';
  /** `controller: key` for each reconcile still running. */
  readonly inFlight: readonly string[];

  constructor(inFlight: readonly string[]) {
    super(`leadership lost and ${inFlight.length} reconcile(s) did not stop in time: ${inFlight.join(', ')}`);
    this.inFlight = inFlight;
  }
}

type Phase = 'new' | 'syncing' | 'running' | 'stopping' | 'stopped';

/**
 * Owns the controllers of one process. Typical use: `add` each controller, serve `healthz()` and
 * `readyz()`, call `stop()` on SIGTERM, and `await start()`: it resolves once shutdown is complete
 * (lease released), after which the process may exit 0.
 */
export class Manager {
  private readonly log: Logger;
  private readonly leadership: LeadershipGate;
  private readonly electing: boolean;
  private readonly shutdownTimeoutMs: number;
  private readonly releaseTimeoutMs: number;
  private readonly syncPollMs: number;
  private readonly clock: Clock;
  private readonly controllers: ManagedController[] = [];
  private readonly stopRequest = new AbortController();
  private phase: Phase = 'new';
  private leading = false;
  private fatal: Error | undefined;
  /** Leadership transitions, one after another, so a new term waits until the last one stopped. */
  private transitions: Promise<void> = Promise.resolve();
  private finished: Promise<void> | undefined;

  constructor(options: ManagerOptions) {
    this.log = options.log.child({ component: 'manager' });
    this.electing = options.leadership !== undefined;
    this.leadership = options.leadership ?? alwaysLeading();
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? 25_000;
    this.releaseTimeoutMs = options.releaseTimeoutMs ?? 5_000;
    this.syncPollMs = options.syncPollMs ?? 100;
    this.clock = options.clock ?? systemClock;
  }

  /** Adds a controller; only before `start`. */
  add(controller: ManagedController): this {
    if (this.phase !== 'new') throw new Error('Manager.add() after start()');
    this.controllers.push(controller);
    return this;
  }

  /**
   * Runs until `stop()` (or `signal`): starts every source, waits for all to sync, campaigns for
   * leadership and runs the controllers while leading. Resolves after a graceful shutdown; rejects
   * with the fatal error when the process must exit non-zero.
   */
  start(signal?: AbortSignal): Promise<void> {
    if (this.finished !== undefined) return this.finished;
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
    this.finished = this.runToEnd();
    if (signal?.aborted === true) void this.stop();
    return this.finished;
  }

  /**
   * Asks for a graceful shutdown: stop taking work, give in-flight reconciles the shutdown timeout,
   * release the lease, stop the sources. Returns the same promise as `start()`.
   */
  stop(): Promise<void> {
    if (this.finished === undefined) {
      this.phase = 'stopped';
      this.finished = Promise.resolve();
    }
    if (!this.stopRequest.signal.aborted) this.log.info('shutdown requested');
    this.requestStop(new Error('manager stopping'));
    return this.finished;
  }

  /**
   * Liveness: fails when the manager has hit a fatal error, or a running controller's workers have
   * all been stuck past its liveness threshold (a restart is then the way out).
   */
  healthz(): ProbeReport {
    const checks: ProbeCheck[] = [{ name: 'ping', ok: true }];
    if (this.fatal !== undefined) checks.push({ name: 'manager', ok: false, detail: this.fatal.message });
    for (const controller of this.controllers) {
      const check = controller.liveness?.();
      if (check !== undefined) checks.push(check);
    }
    return report(checks);
  }

  /**
   * Readiness: every source synced, with leader election the gate healthy (leading or standing
   * by), and no running controller with all its workers stuck. Not ready before start and while
   * shutting down.
   */
  readyz(): ProbeReport {
    const checks: ProbeCheck[] = [];
    if (this.phase === 'new') checks.push({ name: 'manager', ok: false, detail: 'not started' });
    if (this.phase === 'stopping' || this.phase === 'stopped') {
      checks.push({ name: 'manager', ok: false, detail: 'shutting down' });
    }
    for (const source of this.allSources()) {
      const synced = source.hasSynced();
      checks.push({ name: `source:${source.name}`, ok: synced, ...(synced ? {} : { detail: 'not synced' }) });
    }
    if (this.electing) {
      if (this.phase === 'running') {
        const health = this.leadership.health();
        const detail = health.detail ?? (health.leading ? 'leading' : 'standing by');
        checks.push({ name: 'leader-election', ok: health.healthy, detail });
      } else if (this.phase === 'syncing') {
        checks.push({ name: 'leader-election', ok: false, detail: 'waiting for caches to sync' });
      }
    }
    for (const controller of this.controllers) {
      const check = controller.readiness?.();
      if (check !== undefined) checks.push(check);
    }
    return report(checks);
  }

  /** True while this process leads (always, without leader election, once running). */
  isLeading(): boolean {
    return this.leading;
  }

  private async runToEnd(): Promise<void> {
    const stopping = this.stopRequest.signal;
    this.phase = 'syncing';
    const sources = this.allSources();
    try {
      await Promise.all(sources.map((source) => source.start()));
      const synced = await this.waitForSync(sources, stopping);
      if (synced && !stopping.aborted) {
        this.phase = 'running';
        await this.campaign(stopping);
      }
    } catch (err) {
      this.fatal ??= new Error('manager failed', { cause: err });
    }
    this.phase = 'stopping';
    await Promise.all(sources.map((source) => source.stop().catch((err: unknown) => this.logStopError(err))));
    this.phase = 'stopped';
    this.log.info({ failed: this.fatal !== undefined }, 'manager stopped');
    if (this.fatal !== undefined) throw this.fatal;
  }

  private async waitForSync(
    sources: readonly ObjectSource<unknown>[],
    stopping: AbortSignal,
  ): Promise<boolean> {
    const started = this.clock.now();
    let lastLog = started;
    for (;;) {
      const pending = sources.filter((source) => !source.hasSynced()).map((source) => source.name);
      if (pending.length === 0) {
        this.log.info(
          { sources: sources.length, ms: Math.round(this.clock.now() - started) },
          'caches synced',
        );
        return true;
      }
      if (this.clock.now() - lastLog >= 30_000) {
        lastLog = this.clock.now();
        this.log.warn({ pending }, 'still waiting for caches to sync');
      }
      try {
        await sleep(this.clock, this.syncPollMs, stopping);
      } catch {
        return false;
      }
    }
  }

  /** Runs the election until a stop request; then drains the controllers and releases the lease. */
  private async campaign(stopping: AbortSignal): Promise<void> {
    const election = new AbortController();
    const ended = this.leadership
      .run(
        {
          onStartedLeading: () => this.onStartedLeading(),
          onStoppedLeading: () => this.onStoppedLeading(),
        },
        election.signal,
      )
      .then(
        () => {
          if (!election.signal.aborted) this.fail(new Error('leader election ended without being stopped'));
        },
        (err: unknown) => this.fail(new Error('leader election failed', { cause: err })),
      );
    await new Promise<void>((resolve) => {
      if (stopping.aborted) resolve();
      else stopping.addEventListener('abort', () => resolve(), { once: true });
    });
    this.phase = 'stopping';
    await this.transition(() => this.stopControllers(false));
    this.leading = false;
    election.abort(new Error('manager stopping'));
    const released = await settlesWithin(ended, this.releaseTimeoutMs, this.clock);
    if (!released) this.log.warn({ timeoutMs: this.releaseTimeoutMs }, 'leader election did not end in time');
  }

  private onStartedLeading(): void {
    if (this.phase !== 'running') return;
    this.leading = true;
    this.log.info('started leading');
    void this.transition(() => {
      if (!this.leading || this.phase !== 'running') return;
      for (const controller of this.controllers) controller.start();
    });
  }

  private onStoppedLeading(): void {
    const wasLeading = this.leading;
    this.leading = false;
    if (!wasLeading) return;
    if (this.phase === 'stopping') {
      // Lost during a graceful drain: in-flight reconciles must stop now, not at the deadline.
      this.log.error('leadership lost while shutting down; aborting in-flight reconciles');
      for (const controller of this.controllers) void controller.stop({ abort: true });
      return;
    }
    if (this.phase !== 'running') return;
    this.log.error('leadership lost; stopping every controller at once');
    void this.transition(() => this.stopControllers(true));
  }

  /** Runs `step` after every earlier transition; a failing step is fatal. */
  private transition(step: () => void | Promise<void>): Promise<void> {
    this.transitions = this.transitions.then(step).catch((err: unknown) => {
      this.fail(new Error('leadership transition failed', { cause: err }));
    });
    return this.transitions;
  }

  private async stopControllers(abort: boolean): Promise<void> {
    const results = await Promise.all(
      this.controllers.map(async (controller) => {
        const result = await controller.stop({ abort, deadlineMs: this.shutdownTimeoutMs });
        return result.inFlight.map((key) => `${controller.name}: ${key}`);
      }),
    );
    const inFlight = results.flat();
    if (inFlight.length === 0) return;
    if (abort) {
      this.fail(new LeadershipLostError(inFlight));
    } else {
      this.log.warn({ inFlight }, 'shutdown timeout passed with reconciles still running');
    }
  }

  private fail(err: Error): void {
    if (this.fatal !== undefined) return;
    this.fatal = err;
    this.log.error({ err }, 'manager failed; shutting down');
    this.requestStop(err);
  }

  /** From here on no controller starts; the run loop winds down. */
  private requestStop(reason: Error): void {
    if (this.phase === 'syncing' || this.phase === 'running') this.phase = 'stopping';
    if (!this.stopRequest.signal.aborted) this.stopRequest.abort(reason);
  }

  private logStopError(err: unknown): void {
    this.log.warn({ err }, 'stopping a source failed');
  }

  private allSources(): ObjectSource<unknown>[] {
    return [...new Set(this.controllers.flatMap((controller) => controller.sources()))];
  }
}

function report(checks: ProbeCheck[]): ProbeReport {
  return { ok: checks.every((check) => check.ok), checks };
}
