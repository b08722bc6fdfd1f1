/**
 * How one visit of a reconciler ends: the status input it leaves behind (if any) and what the work
 * queue does next. Every step of a kind returns one instead of writing status itself, so each
 * reconciler writes status once, from one place (its `reconcile`), at the end of the visit.
 */
import type { ReconcileResult } from '../controller/reconciler.js';

/** The end of a visit: write `status` (when set), then throw `error` or return `result`. */
export interface VisitEnd<Input> {
  readonly ended: true;
  /**
   * The status input to leave behind; `announce`: the kind reports the transition as an Event
   * (which transitions, and which Event, is the kind's rule).
   */
  readonly status?: { readonly input: Input; readonly announce: boolean } | undefined;
  /** Thrown after the status write: a TerminalError to stop, any other error to retry with backoff. */
  readonly error?: Error | undefined;
  /** Returned when there is no error. */
  readonly result: ReconcileResult;
}

/** A visit that ends with `input` as status and `result` for the queue. */
export function endWith<Input>(
  input: Input,
  result: ReconcileResult = {},
  announce = false,
): VisitEnd<Input> {
  return { ended: true, status: { input, announce }, result };
}

/** A visit that ends with `input` as status (when given), then throws `error`. */
export function endThrowing<Input>(
  input: Input | undefined,
  error: Error,
  announce = false,
): VisitEnd<Input> {
  return { ended: true, status: input === undefined ? undefined : { input, announce }, error, result: {} };
}

/** A visit that ends without a status write. */
export function endQuietly<Input>(result: ReconcileResult = {}): VisitEnd<Input> {
  return { ended: true, result };
}

/** True when a step's answer ends the visit. */
export function isVisitEnd(value: unknown): value is VisitEnd<unknown> {
  return typeof value === 'object' && value !== null && (value as { ended?: unknown }).ended === true;
}
