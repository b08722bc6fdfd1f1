/**
 * Time as the AWS edge sees it: a monotonic `now()` in milliseconds and cancellable timers. The
 * token buckets and the DescribeServices batcher take a {@link Clock} so unit tests drive time with
 * a fake instead of sleeping.
 */

/** A source of time and timers; `now()` must never go backwards. */
export interface Clock {
  /** Milliseconds since an arbitrary origin, monotonic. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds; the returned function cancels it (idempotent). */
  setTimer(ms: number, fn: () => void): () => void;
}

/**
 * The real clock: `performance.now()` (monotonic, unlike `Date.now()`) and unref'd Node timers, so
 * a pending wait for a token never keeps a shutting-down process alive.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref();
    return () => clearTimeout(handle);
  },
};
