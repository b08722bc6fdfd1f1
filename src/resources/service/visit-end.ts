/**
 * How one visit of the EcsService reconciler ends: the status it leaves behind (if any) and what the
 * work queue does next. Every step returns one instead of writing status itself, so status is written
 * once, from one place (`EcsServiceReconciler.reconcile`), at the end of the reconcile.
 */
import type { ReconcileResult } from '../../controller/reconciler.js';
import type { ServiceStatusInput } from './status.js';

/** The end of a visit: write `status` (when set), then throw `error` or return `result`. */
export interface VisitEnd {
  readonly ended: true;
  /** The status to leave behind; `announce`: a Stalled or Ready transition becomes an Event. */
  readonly status?: { readonly input: ServiceStatusInput; readonly announce: boolean } | undefined;
  /** Thrown after the status write: a TerminalError to stop, any other error to retry with backoff. */
  readonly error?: Error | undefined;
  /** Returned when there is no error. */
  readonly result: ReconcileResult;
}

/** A visit that ends with `input` as status and `result` for the queue. */
export function endWith(input: ServiceStatusInput, result: ReconcileResult = {}, announce = false): VisitEnd {
  return { ended: true, status: { input, announce }, result };
}

/** A visit that ends with `input` as status (when given), then throws `error`. */
export function endThrowing(input: ServiceStatusInput | undefined, error: Error, announce = false): VisitEnd {
  return { ended: true, status: input === undefined ? undefined : { input, announce }, error, result: {} };
}

/** A visit that ends without a status write. */
export function endQuietly(result: ReconcileResult = {}): VisitEnd {
  return { ended: true, result };
}

/** True when a step's answer ends the visit. */
export function isVisitEnd(value: unknown): value is VisitEnd {
  return typeof value === 'object' && value !== null && (value as { ended?: unknown }).ended === true;
}
