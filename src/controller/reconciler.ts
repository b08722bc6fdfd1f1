/**
 * The reconcile contract every controller implements, after controller-runtime's.
 *
 * - return `{}` (or nothing): converged; the key's backoff is forgotten.
 * - return `{ requeueAfterMs }`: come back later (a rollout in progress, a deletion draining).
 * - throw any error: retry with per-key exponential backoff.
 * - throw {@link TerminalError}: stop retrying until the object changes; the reconciler has already
 *   said why in status.
 *
 * Reconcilers never sleep, never loop on a waiter and never touch the queue: the controller maps the
 * outcome to a queue action in one place.
 *
 * This folder knows nothing of ECS, AWS or our kinds.
 */
import type { Logger } from '../observability/logger.js';

/** What a reconcile gets beside the object: a child logger and a cancellation signal. */
export interface ReconcileContext {
  /** Child logger carrying `{ controller, namespace, name, reconcileId }`. */
  readonly log: Logger;
  /** A short random id shared by every log line of this reconcile. */
  readonly reconcileId: string;
  /**
   * Aborted when the manager shuts down or loses leadership, or at the reconcile's deadline (with a
   * `ReconcileTimeoutError`); every call should pass it on, and it identifies the reconcile to
   * whoever tracks what it waits on.
   */
  readonly signal: AbortSignal;
}

/** The outcome of a successful reconcile. */
export interface ReconcileResult {
  /** Reconcile this key again after this many milliseconds. */
  readonly requeueAfterMs?: number;
}

/** Converges the world to one object. `obj` is the latest copy from the informer cache. */
export interface Reconciler<T> {
  reconcile(ctx: ReconcileContext, obj: T): Promise<ReconcileResult | void>;
  /**
   * Told of every copy the cache takes in (added or updated), whether or not it wakes a reconcile:
   * a reconciler that keeps its own writes until the cache has them lets go of them here. Called on
   * the cache's event path: it must be quick and must not throw.
   */
  cached?(obj: T): void;
}

/**
 * An error retrying cannot fix (invalid input, access denied, a quota). The controller stops
 * retrying the key until the object changes (a new generation or a new resourceVersion).
 */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
  /** A stable PascalCase reason, the same one the object's conditions carry. */
  readonly reason: string;

  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** True when `err` is a {@link TerminalError}, also across module copies. */
export function isTerminalError(err: unknown): err is TerminalError {
  return err instanceof TerminalError || (err instanceof Error && err.name === 'TerminalError');
}
