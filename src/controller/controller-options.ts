/**
 * What a {@link Controller} is built from (and the check of its numeric options), and the options
 * and result of its stop.
 */
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Clock } from '../shared/clock.js';
import type { ObjectSource, SourceObject } from './object-source.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Reconciler } from './reconciler.js';

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
  /** Resync of a new or changed key spreads over `period × (1 − jitter × random)`. Default 0.1. */
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

/** Throws a RangeError naming the controller and the option when a numeric option is out of range. */
export function checkControllerOptions(
  name: string,
  workers: number,
  reconcileTimeoutMs: number,
  resyncPeriodMs: number,
  resyncJitter: number,
): void {
  if (!(reconcileTimeoutMs >= 0)) {
    throw new RangeError(`controller ${name}: reconcileTimeoutMs must be >= 0`);
  }
  if (!Number.isInteger(workers) || workers < 1) {
    throw new RangeError(`controller ${name}: workers must be a whole number >= 1, got ${workers}`);
  }
  if (!(resyncPeriodMs >= 0) || !(resyncJitter >= 0 && resyncJitter < 1)) {
    throw new RangeError(`controller ${name}: resync period must be >= 0 and jitter in [0, 1)`);
  }
}
