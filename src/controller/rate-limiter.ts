/**
 * How long a failed key waits before its next try, after client-go's workqueue rate limiters:
 * per-key exponential backoff combined (the longer wait wins) with one token bucket for the whole
 * queue, so a storm of failures cannot turn into a storm of retries.
 */
import { systemClock, type Clock } from '../shared/clock.js';
import { TokenBucket } from '../shared/token-bucket.js';

/**
 * Decides retry delays per key. `when` records one more failure of `key` and returns how many
 * milliseconds to wait before retrying it; `forget` clears the key's history (call it on success);
 * `retries` says how many failures are on record.
 */
export interface RateLimiter {
  when(key: string): number;
  forget(key: string): void;
  retries(key: string): number;
}

/** Options for {@link ExponentialBackoffRateLimiter}. */
export interface ExponentialBackoffOptions {
  /** Delay after the first failure. Default 5 ms. */
  readonly baseDelayMs?: number;
  /** The delay never exceeds this. Default 1,000 s. */
  readonly maxDelayMs?: number;
}

/**
 * Per-key exponential backoff: `base × 2^(failures before this one)`, capped at `max`. Holds one
 * number per failing key until `forget`.
 */
export class ExponentialBackoffRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(options: ExponentialBackoffOptions = {}) {
    this.baseDelayMs = options.baseDelayMs ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 1_000_000;
    if (!(this.baseDelayMs > 0) || !(this.maxDelayMs >= this.baseDelayMs)) {
      throw new RangeError(
        `backoff needs 0 < baseDelayMs <= maxDelayMs, got ${this.baseDelayMs} and ${this.maxDelayMs}`,
      );
    }
  }

  when(key: string): number {
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    // 2^1100 is Infinity; the cap is reached long before, so stop the exponent growing there.
    const delay = this.baseDelayMs * 2 ** Math.min(failures, 1023);
    return Math.min(delay, this.maxDelayMs);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }
}

/** Options for {@link TokenBucketRateLimiter}. */
export interface TokenBucketRateLimiterOptions {
  /** Tokens added per second. Default 10. */
  readonly qps?: number;
  /** Bucket size: how many retries may go at once after a quiet spell. Default 100. */
  readonly burst?: number;
  readonly clock?: Clock;
}

/**
 * One token bucket shared by every key, with Go's `rate.Limiter.Reserve()` semantics: each call
 * takes a token, possibly borrowing one not yet minted, and returns how long until that token
 * exists. It keeps no per-key state.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  private readonly bucket: TokenBucket;

  constructor(options: TokenBucketRateLimiterOptions = {}) {
    const qps = options.qps ?? 10;
    const burst = options.burst ?? 100;
    if (!(qps > 0) || !(burst >= 1)) {
      throw new RangeError(`token bucket needs qps > 0 and burst >= 1, got ${qps} and ${burst}`);
    }
    this.bucket = new TokenBucket({ burst, ratePerSecond: qps }, options.clock ?? systemClock);
  }

  when(_key: string): number {
    return this.bucket.reserve();
  }

  forget(_key: string): void {
    // The bucket is shared; one key's success gives nothing back.
  }

  retries(_key: string): number {
    return 0;
  }
}

/**
 * Combines limiters: the delay is the longest any of them asks for; `forget` and `when` reach all
 * of them (so each one's state moves even when another one's delay wins).
 */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: readonly RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  when(key: string): number {
    let delay = 0;
    for (const limiter of this.limiters) delay = Math.max(delay, limiter.when(key));
    return delay;
  }

  forget(key: string): void {
    for (const limiter of this.limiters) limiter.forget(key);
  }

  retries(key: string): number {
    let retries = 0;
    for (const limiter of this.limiters) retries = Math.max(retries, limiter.retries(key));
    return retries;
  }
}

/** Options for {@link createDefaultRateLimiter}. */
export interface DefaultRateLimiterOptions extends ExponentialBackoffOptions, TokenBucketRateLimiterOptions {}

/**
 * controller-runtime's default: per-key backoff from 5 ms to 1,000 s, and at most 10 retries per
 * second overall with bursts of 100. Every option can be changed.
 */
export function createDefaultRateLimiter(options: DefaultRateLimiterOptions = {}): RateLimiter {
  return new MaxOfRateLimiter(
    new ExponentialBackoffRateLimiter(options),
    new TokenBucketRateLimiter(options),
  );
}
