/**
 * A client-side waiting room in front of the shared token bucket (`src/shared/token-bucket.ts`): the shape AWS uses to throttle ECS (a burst capacity refilled at a
 * sustained rate), kept on our side so callers wait here instead of being throttled there.
 *
 * - `acquire()` resolves when a token is taken. Waiters are served strictly first come, first
 *   served: a new caller never overtakes one already waiting, even when a token has just appeared.
 * - An `AbortSignal` withdraws a waiter: its promise rejects with the signal's reason and the
 *   waiters behind it move up.
 * - `reportThrottle()` is the reaction to a `ThrottlingException` that got through anyway (someone
 *   else in the account spent the shared AWS bucket): the bucket is drained to zero and its refill
 *   rate is cut (default: halved, never below 10 % of the configured rate). Throttles arriving
 *   within `coalesceMs` of a cut are the same event and cut nothing more, so ten requests throttled
 *   together do not divide the rate by 1024. After `recoveryStepMs` without a throttle the rate
 *   doubles back towards the configured rate, one step at a time.
 *
 * Time comes from an injected {@link Clock}.
 */
import { abortError } from './abort.js';
import { backgroundClock, startTimer, type Clock } from '../shared/clock.js';
import { TokenBucket } from '../shared/token-bucket.js';

/** After this long without a throttle a cut rate doubles back, unless configured otherwise. */
export const DEFAULT_RECOVERY_STEP_MS = 30_000;

/** How a bucket reacts to a throttle AWS still returned, and how it recovers. */
export interface ThrottleAdaptation {
  /** Multiplies the refill rate at each throttle event; in (0, 1]. Default 0.5. */
  readonly decreaseFactor?: number;
  /** The refill rate never drops below this fraction of the configured rate; in (0, 1]. Default 0.1. */
  readonly minRateFraction?: number;
  /** Throttles within this many milliseconds of a cut belong to the same event. Default 1000. */
  readonly coalesceMs?: number;
  /** After this many milliseconds without a throttle the rate doubles back (capped). Default 30000. */
  readonly recoveryStepMs?: number;
}

/** Options for {@link AdaptiveTokenBucket}. */
export interface AdaptiveTokenBucketOptions {
  /** The burst: the most tokens the bucket holds (at least 1). It starts full. */
  readonly capacity: number;
  /** The sustained rate: tokens added per second (more than 0). */
  readonly refillPerSecond: number;
  /** Time source; the system clock when absent. */
  readonly clock?: Clock;
  /** Reaction to throttles; see {@link ThrottleAdaptation} for the defaults. */
  readonly adaptation?: ThrottleAdaptation;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/** A FIFO-fair, abortable, throttle-adaptive token bucket. */
export class AdaptiveTokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private readonly clock: Clock;
  private readonly decreaseFactor: number;
  private readonly minRateFraction: number;
  private readonly coalesceMs: number;
  private readonly recoveryStepMs: number;

  private readonly bucket: TokenBucket;
  private fraction = 1;
  private lastCutAt = Number.NEGATIVE_INFINITY;
  private recoveryAt = Number.POSITIVE_INFINITY;
  private readonly waiters: Waiter[] = [];
  private cancelTimer: (() => void) | undefined;

  constructor(options: AdaptiveTokenBucketOptions) {
    if (!(options.capacity >= 1))
      throw new RangeError(`token bucket capacity must be >= 1, got ${options.capacity}`);
    if (!(options.refillPerSecond > 0)) {
      throw new RangeError(`token bucket refill rate must be > 0, got ${options.refillPerSecond}`);
    }
    const a = options.adaptation ?? {};
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.clock = options.clock ?? backgroundClock;
    this.decreaseFactor = clampFraction(a.decreaseFactor ?? 0.5, 'decreaseFactor');
    this.minRateFraction = clampFraction(a.minRateFraction ?? 0.1, 'minRateFraction');
    this.coalesceMs = a.coalesceMs ?? 1000;
    this.recoveryStepMs = a.recoveryStepMs ?? DEFAULT_RECOVERY_STEP_MS;
    this.bucket = new TokenBucket({ burst: this.capacity, ratePerSecond: this.refillPerSecond }, this.clock);
  }

  /**
   * Takes one token, waiting in line when none is left. Rejects with `signal.reason` if the signal
   * aborts first (or already has); a rejected waiter has taken nothing.
   */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortError(signal));
    if (this.waiters.length === 0 && this.tryTake()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => this.withdraw(waiter),
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /** Takes a token only if one is free now and nobody is waiting; never waits. */
  tryAcquire(): boolean {
    return this.waiters.length === 0 && this.tryTake();
  }

  /**
   * Tells the bucket AWS throttled a call it let through: drain it and cut the rate (see the module
   * comment). Idempotent within `coalesceMs`, so reporting one throttle twice is harmless.
   */
  reportThrottle(): void {
    const now = this.clock.now();
    this.refill(now);
    this.bucket.drain();
    if (now - this.lastCutAt >= this.coalesceMs) {
      this.fraction = Math.max(this.minRateFraction, this.fraction * this.decreaseFactor);
      this.bucket.reconfigure(this.limitNow(), now);
      this.lastCutAt = now;
    }
    this.recoveryAt = now + this.recoveryStepMs;
    this.schedule();
  }

  /** Tokens available now (fractional), after refilling up to the current time. */
  get available(): number {
    this.refill(this.clock.now());
    return this.bucket.tokens();
  }

  /** How many callers are waiting for a token. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** The refill rate in force now, tokens per second (lower than configured after a throttle). */
  get currentRatePerSecond(): number {
    this.refill(this.clock.now());
    return this.refillPerSecond * this.fraction;
  }

  private tryTake(): boolean {
    this.refill(this.clock.now());
    return this.bucket.tryTake();
  }

  /** Steps the rate back up at each recovery point passed by `now`, tokens earned at the old rate. */
  private refill(now: number): void {
    while (this.fraction < 1 && this.recoveryAt <= now) {
      this.fraction = Math.min(1, this.fraction * 2);
      this.bucket.reconfigure(this.limitNow(), this.recoveryAt);
      this.recoveryAt = this.fraction < 1 ? this.recoveryAt + this.recoveryStepMs : Number.POSITIVE_INFINITY;
    }
  }

  private limitNow(): { burst: number; ratePerSecond: number } {
    return { burst: this.capacity, ratePerSecond: this.refillPerSecond * this.fraction };
  }

  /** Serves waiters from the head while tokens last, then arms one timer for the next token. */
  private serve(): void {
    this.cancelTimer = undefined;
    while (this.waiters.length > 0 && this.tryTake()) {
      const waiter = this.waiters.shift();
      if (waiter === undefined) break;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.schedule();
  }

  private schedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.waiters.length === 0) return;
    const now = this.clock.now();
    this.refill(now);
    const missing = Math.max(0, 1 - this.bucket.tokens());
    let waitMs = Math.ceil((missing / (this.refillPerSecond * this.fraction)) * 1000);
    // The rate steps up at the next recovery point; wake then to recompute with the faster rate.
    if (this.fraction < 1) waitMs = Math.min(waitMs, Math.max(0, Math.ceil(this.recoveryAt - now)));
    this.cancelTimer = startTimer(this.clock, waitMs, () => this.serve());
  }

  private withdraw(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    waiter.reject(abortError(waiter.signal));
    this.schedule();
  }
}

function clampFraction(value: number, name: string): number {
  if (!(value > 0 && value <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${value}`);
  return value;
}
