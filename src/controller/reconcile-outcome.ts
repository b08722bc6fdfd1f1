/**
 * What a reconcile's outcome does to the work queue, here and nowhere else:
 *
 * | outcome                  | queue action                                   | metrics `result` |
 * |--------------------------|------------------------------------------------|------------------|
 * | `{}` / nothing           | `forget`, `clearHold`                          | `success`        |
 * | `{ requeueAfterMs: n }`  | `forget`, `clearHold`, `addAfter(n)`           | `requeue_after`  |
 * | thrown error             | `addRateLimited` (logged here, once)           | `error`          |
 * | thrown `TerminalError`   | `forget`; no retry until the object changes    | `error`          |
 * | past the deadline        | `addRateLimited`, whatever it threw            | `error`          |
 */
import type { Logger } from '../observability/logger.js';
import type { ReconcileResultLabel } from '../observability/metrics.js';
import { isTerminalError, type ReconcileResult } from './reconciler.js';
import type { WorkQueue } from './work-queue.js';

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

/** What settling an outcome changes: the run's queue, the terminal keys, and the reconcile's log. */
export interface Settle {
  readonly queue: WorkQueue;
  /** Per key: the fingerprint of the object version that failed terminally. */
  readonly terminal: Map<string, string>;
  readonly log: Logger;
}

/**
 * A reconcile that returned: forget the key, drop the hold an earlier visit left, and add it back
 * after `requeueAfterMs` when asked (the caller adds the resync after that).
 */
export function settleReconciled(
  s: Settle,
  key: string,
  outcome: ReconcileResult | void,
): ReconcileResultLabel {
  s.terminal.delete(key);
  s.queue.forget(key);
  // Level-based: this visit saw the newest state, so its answer replaces any earlier visit's requeue
  // (a service that waited for its task definition held a 30 s requeue it no longer needs).
  s.queue.clearHold(key);
  const after = outcome?.requeueAfterMs;
  s.log.debug({ requeueAfterMs: after }, 'reconciled');
  if (after !== undefined && after > 0) {
    s.queue.addAfter(key, after);
    return 'requeue_after';
  }
  return 'success';
}

/** A reconcile that threw (not interrupted by a stop). */
export function settleFailed(
  s: Settle,
  key: string,
  err: unknown,
  at: { readonly fingerprint: string; readonly pastDeadline: boolean; readonly timeoutMs: number },
): void {
  if (at.pastDeadline) {
    // Past the deadline whatever it threw (the abort, or an error it caused): retry later.
    s.terminal.delete(key);
    s.queue.addRateLimited(key);
    s.log.error(
      { err, timeoutMs: at.timeoutMs, retries: s.queue.retries(key) },
      'reconcile passed its deadline; retrying with backoff',
    );
  } else if (isTerminalError(err)) {
    s.terminal.set(key, at.fingerprint);
    s.queue.forget(key);
    s.log.error({ err, reason: err.reason }, 'reconcile failed terminally; waiting for the object to change');
  } else {
    s.terminal.delete(key);
    s.queue.addRateLimited(key);
    s.log.error({ err, retries: s.queue.retries(key) }, 'reconcile failed; retrying with backoff');
  }
}
