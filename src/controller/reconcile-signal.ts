/**
 * The signal one reconcile runs under: aborted when the controller stops or when the reconcile
 * passes its deadline, whichever comes first. At the deadline the controller stops waiting for the
 * reconcile (its worker takes the next key), so the abort reason says which of the two it was.
 */
import type { Clock } from '../shared/clock.js';

/** A reconcile's signal and the one call that lets go of its timer and stop listener. */
export interface ReconcileSignal {
  readonly signal: AbortSignal;
  /** Clears the deadline and stops following the controller's signal; call when the reconcile returns. */
  dispose(): void;
}

/** How {@link reconcileSignal} arms a reconcile's deadline. */
export interface ReconcileDeadline {
  readonly clock: Clock;
  /** No deadline when 0. */
  readonly timeoutMs: number;
  /** The abort reason at the deadline (a `ReconcileTimeoutError`). */
  readonly reason: () => Error;
  /** Runs at the deadline, even after a stop: release the worker, log it. */
  readonly onDeadline: () => void;
}

/**
 * A signal aborted with `stop`'s reason when `stop` aborts (at once if it already has), or with
 * `deadline.reason()` after `deadline.timeoutMs`, whichever comes first; `deadline.onDeadline` runs
 * at the deadline whichever came first, since a reconcile that ignores a stop holds its worker too.
 */
export function reconcileSignal(stop: AbortSignal, deadline: ReconcileDeadline): ReconcileSignal {
  const own = new AbortController();
  const onStop = (): void => own.abort(stop.reason);
  if (stop.aborted) onStop();
  else stop.addEventListener('abort', onStop, { once: true });
  const { clock, timeoutMs } = deadline;
  const timer =
    timeoutMs > 0
      ? clock.setTimeout(() => {
          own.abort(deadline.reason()); // no-op when a stop came first; the worker is released all the same
          deadline.onDeadline();
        }, timeoutMs)
      : undefined;
  return {
    signal: own.signal,
    dispose: () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    },
  };
}
