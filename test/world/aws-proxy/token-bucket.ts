/**
 * A token bucket: holds at most `burst` tokens, gains `ratePerSecond` tokens per second, and lets a
 * call through only when it can take a whole token. This is how AWS describes ECS throttling
 * ("Request throttling for the Amazon ECS API"): burst = bucket size, sustained = refill rate.
 */

/** Where the proxy reads the time; tests inject a fake so bucket arithmetic is deterministic. */
export interface Clock {
  /** Milliseconds since an arbitrary, fixed origin; must never go backwards. */
  now(): number;
}

/** The real clock, backed by `performance.now()` (monotonic). */
export const systemClock: Clock = { now: () => performance.now() };

/** Size and refill rate of a bucket. */
export interface BucketLimit {
  /** Bucket size: the most calls that can pass at once after a quiet period. */
  readonly burst: number;
  /** Tokens added per second (the sustained rate). */
  readonly ratePerSecond: number;
}

/**
 * A lazily refilled token bucket. It starts full; refills are computed from the clock on every
 * use, so no timer runs.
 */
export class TokenBucket {
  #limit: BucketLimit;
  #tokens: number;
  #updatedAt: number;
  readonly #clock: Clock;

  constructor(limit: BucketLimit, clock: Clock) {
    assertBucketLimit(limit);
    this.#limit = limit;
    this.#clock = clock;
    this.#tokens = limit.burst;
    this.#updatedAt = clock.now();
  }

  /** The current limit. */
  get limit(): BucketLimit {
    return this.#limit;
  }

  /** Tokens available now (fractional while refilling). */
  tokens(): number {
    this.#settle();
    return this.#tokens;
  }

  /** Takes one token if a whole one is available; returns whether the call may pass. */
  tryTake(): boolean {
    this.#settle();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Changes size and rate from now on; tokens earned so far are kept, capped at the new burst. */
  reconfigure(limit: BucketLimit): void {
    assertBucketLimit(limit);
    this.#settle();
    this.#limit = limit;
    this.#tokens = Math.min(this.#tokens, limit.burst);
  }

  /** Empties the bucket: the next call is throttled until a token has been earned. */
  drain(): void {
    this.#settle();
    this.#tokens = 0;
  }

  /** Fills the bucket to its burst size. */
  refill(): void {
    this.#settle();
    this.#tokens = this.#limit.burst;
  }

  #settle(): void {
    const now = this.#clock.now();
    const elapsedSeconds = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.#limit.burst, this.#tokens + elapsedSeconds * this.#limit.ratePerSecond);
    this.#updatedAt = now;
  }
}

/** Throws `RangeError` unless burst and rate are finite and not negative. */
export function assertBucketLimit(limit: BucketLimit): void {
  if (!Number.isFinite(limit.burst) || limit.burst < 0) {
    throw new RangeError(`bucket burst must be a finite number >= 0, got ${limit.burst}`);
  }
  if (!Number.isFinite(limit.ratePerSecond) || limit.ratePerSecond < 0) {
    throw new RangeError(`bucket rate must be a finite number >= 0, got ${limit.ratePerSecond}`);
  }
}
