/**
 * Stuck workers: a controller whose every worker has run one reconcile past a threshold fails its
 * readiness (and, past a longer one, its liveness) probe; while a run lasts, a watch updates the
 * stuck metrics at an interval and logs each change once. The verdict is {@link RunningReconciles}'.
 */
import type { ProbeCheck } from '../observability/http-server.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { Clock, TimerHandle } from '../shared/clock.js';
import type { StuckThresholds } from './controller-options.js';
import type { RunningReconciles, StuckVerdict } from './running-reconciles.js';

/** What the watch and the probes read of their controller. */
export interface StuckWatchDeps {
  readonly name: string;
  readonly workers: number;
  readonly running: RunningReconciles;
  /** What a reconcile is waiting on, by its signal (see `ControllerOptions.activityOf`). */
  readonly activityOf: ((signal: AbortSignal) => string | undefined) | undefined;
  readonly metrics: Metrics;
  readonly log: Logger;
  readonly clock: Clock;
}

/** The probe named `name`: failing, with what is stuck, while the workers are stuck past `thresholdMs`. */
export function stuckProbe(name: string, deps: StuckWatchDeps, thresholdMs: number): ProbeCheck {
  const verdict = deps.running.judge(deps.workers, thresholdMs);
  return verdict.stuck ? { name, ok: false, detail: describe(deps, verdict) } : { name, ok: true };
}

function describe(deps: StuckWatchDeps, verdict: StuckVerdict): string {
  const oldest = verdict.oldest;
  const activity = oldest === undefined ? undefined : activityOfKey(deps, oldest.key);
  return (
    `${verdict.count} reconcile(s) running longer than ${verdict.thresholdMs / 1000}s with ${verdict.workers} worker(s)` +
    (oldest === undefined
      ? ''
      : `; oldest ${oldest.key} for ${Math.round(oldest.ageMs / 1000)}s` +
        (activity === undefined ? '' : `, waiting on ${activity}`))
  );
}

function activityOfKey(deps: StuckWatchDeps, key: string): string | undefined {
  const entry = deps.running.oldest();
  return entry?.key === key ? deps.activityOf?.(entry.signal) : undefined;
}

/**
 * Checks for stuck workers now and every interval while `isCurrent()` holds (the run lasts):
 * metrics, and a log line per change. Returns what cancels the next check.
 */
export function watchStuck(
  deps: StuckWatchDeps,
  thresholds: StuckThresholds,
  isCurrent: () => boolean,
): () => void {
  const interval = thresholds.checkIntervalMs ?? 1_000;
  // True while the last check found the workers stuck (for logging the change once).
  let stuck = false;
  let handle: TimerHandle | undefined;
  const tick = (): void => {
    if (!isCurrent()) return;
    stuck = observe(deps, thresholds, stuck);
    handle = deps.clock.setTimeout(tick, interval);
  };
  tick();
  return () => {
    if (handle !== undefined) deps.clock.clearTimeout(handle);
  };
}

/** One check: sets the metrics, logs a change of verdict; returns the verdict. */
function observe(deps: StuckWatchDeps, thresholds: StuckThresholds, wasStuck: boolean): boolean {
  const verdict = deps.running.judge(deps.workers, thresholds.readinessMs);
  deps.metrics.stuckWorkers.set({ controller: deps.name }, verdict.count);
  deps.metrics.longestRunningProcessor.set({ name: deps.name }, (verdict.oldest?.ageMs ?? 0) / 1000);
  if (verdict.stuck === wasStuck) return wasStuck;
  const oldest = verdict.oldest;
  if (verdict.stuck) {
    deps.log.error(
      {
        stuck: verdict.count,
        workers: verdict.workers,
        thresholdMs: verdict.thresholdMs,
        key: oldest?.key,
        runningMs: oldest?.ageMs,
        abandoned: oldest?.abandoned,
        operation: oldest === undefined ? undefined : activityOfKey(deps, oldest.key),
      },
      'workers stuck: every worker has run one reconcile past the threshold; readiness failing',
    );
  } else {
    deps.log.info({ workers: verdict.workers }, 'workers no longer stuck');
  }
  return verdict.stuck;
}
