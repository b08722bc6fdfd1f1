/**
 * The one token bucket of the code base: holds at most `burst` tokens and gains `ratePerSecond`
 * tokens per second, the shape AWS uses to throttle ECS ("Request throttling for the Amazon ECS
 * API": burst = bucket size, sustained = refill rate). It is lazily refilled from the clock on
 * every use, so no timer runs; who waits, and how, is the caller's business:
 *
 * - the AWS edge (`src/aws/token-bucket.ts`) queues callers FIFO and cuts the rate on throttles;
 * - the work queue's retry limiter (`src/controller/rate-limiter.ts`) borrows with {@link reserve};
 * - the test world's AWS proxy throttles with {@link tryTake}, as ECS does.
 */
import type { Clock } from './clock.js';

/** Size and refill rate of a bucket. */
export interface BucketLimit {
  /** Bucket size: the most calls that can pass at once after a quiet period. */
  readonly burst: number;
  /** Tokens added per second (the sustained rate). */
  readonly ratePerSecond: number;
}

// Fractional tokens accumulate in floating point; a token 1e-9 short is a whole token.
const EPSILON = 1e-9;

/** A lazily refilled token bucket. It starts full. */
export class TokenBucket {
  #limit: BucketLimit;
  #tokens: number;
  #updatedAt: number;
  readonly #clock: Pick<Clock, 'now'>;

  constructor(limit: BucketLimit, clock: Pick<Clock, 'now'>) {
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

  /** Tokens available now: fractional while refilling, negative while a {@link reserve} is owed. */
  tokens(): number {
    this.settle();
    return this.#tokens;
  }

  /** Takes one token if a whole one is available; returns whether the call may pass. */
  tryTake(): boolean {
    this.settle();
    if (this.#tokens + EPSILON < 1) return false;
    this.#tokens = Math.max(0, this.#tokens - 1);
    return true;
  }

  /**
   * Takes one token now, borrowing it when none is left (Go's `rate.Limiter.Reserve()`), and returns
   * how many milliseconds until that token exists: 0 when it already did.
   */
  reserve(): number {
    this.settle();
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens / this.#limit.ratePerSecond) * 1000;
  }

  /**
   * Changes size and rate from `at` (default now) on; tokens earned until then are kept at the old
   * rate, capped at the new burst.
   */
  reconfigure(limit: BucketLimit, at?: number): void {
    assertBucketLimit(limit);
    this.settle(at);
    this.#limit = limit;
    this.#tokens = Math.min(this.#tokens, limit.burst);
  }

  /** Empties the bucket: the next call is throttled until a token has been earned. */
  drain(): void {
    this.settle();
    this.#tokens = 0;
  }

  /** Fills the bucket to its burst size. */
  refill(): void {
    this.settle();
    this.#tokens = this.#limit.burst;
  }

  /** Adds the tokens earned between the last settlement and `now` (never earlier than the last). */
  private settle(now = this.#clock.now()): void {
    if (now <= this.#updatedAt) return;
    const elapsedSeconds = (now - this.#updatedAt) / 1000;
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
