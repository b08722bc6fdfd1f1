/**
 * The operator's client-side rate limiter: one {@link AdaptiveTokenBucket} per (account, Region, throttling
 * category), shared by every controller and every regional client, so the operator slows itself
 * down before AWS throttles it.
 *
 * Budget: AWS's buckets are per account and Region and shared with everyone else in the account
 * (console, CI, Terraform), so each of ours holds a fraction of AWS's burst and refills at the same
 * fraction of its sustained rate (default {@link DEFAULT_BUDGET_FRACTION}). Reads and writes are
 * separate categories, as ECS has them, so a storm of status reads never delays a registration.
 * When AWS throttles anyway, {@link AwsRateLimiter.reportThrottle} drains the bucket and cuts its rate
 * for a while (see {@link AdaptiveTokenBucket}).
 *
 * Scale: against a throttling emulator whose buckets refill K times faster than AWS's (a
 * benchmark's sped-up world), `rateScale: K` multiplies every refill rate and divides the throttle
 * recovery step by K, so the client-side buckets stay a copy of the emulator's and the operator
 * keeps anticipating throttles instead of reacting to them. Bursts never scale.
 */
import { backgroundClock, type Clock } from '../shared/clock.js';
import type { CategoryLimit } from './ecs-categories.js';
import {
  DEFAULT_RECOVERY_STEP_MS,
  AdaptiveTokenBucket,
  type ThrottleAdaptation,
} from './adaptive-token-bucket.js';

/** The default share of AWS's published limits the operator allows itself. */
export const DEFAULT_BUDGET_FRACTION = 0.8;

/** Which bucket a call draws from. */
export interface RateKey {
  /** AWS account id, or a stand-in such as `default` when the process only ever uses one account. */
  readonly account: string;
  readonly region: string;
  /** A category present in the limiter's `limits`, e.g. `ecs:service-read`. */
  readonly category: string;
}

/** Options for {@link AwsRateLimiter}. */
export interface RateLimiterOptions {
  /** AWS's (or our chosen) burst and sustained rate for every category a call may name. */
  readonly limits: Readonly<Record<string, CategoryLimit>>;
  /**
   * Share of each limit to use, in (0, 1]: burst becomes `max(1, floor(burst × f))` and sustained
   * `sustained × f`. Default {@link DEFAULT_BUDGET_FRACTION}. A benchmark against an emulator that
   * nobody else uses may set 1.
   */
  readonly budgetFraction?: number;
  /** Time source for every bucket; the system clock when absent. */
  readonly clock?: Clock;
  /** Reaction to throttles, the same for every bucket. */
  readonly adaptation?: ThrottleAdaptation;
  /**
   * Multiplies every sustained rate and divides the throttle recovery step (see the module
   * comment); more than 0, default 1 (AWS as it is).
   */
  readonly rateScale?: number;
}

/** Token buckets keyed by account, Region and category, created on first use. */
export class AwsRateLimiter {
  readonly budgetFraction: number;
  readonly rateScale: number;
  private readonly limits: Readonly<Record<string, CategoryLimit>>;
  private readonly clock: Clock;
  private readonly adaptation: ThrottleAdaptation | undefined;
  private readonly buckets = new Map<string, AdaptiveTokenBucket>();

  constructor(options: RateLimiterOptions) {
    const f = options.budgetFraction ?? DEFAULT_BUDGET_FRACTION;
    if (!(f > 0 && f <= 1)) throw new RangeError(`budgetFraction must be in (0, 1], got ${f}`);
    this.budgetFraction = f;
    const scale = options.rateScale ?? 1;
    if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`rateScale must be > 0, got ${scale}`);
    this.rateScale = scale;
    this.limits = options.limits;
    this.clock = options.clock ?? backgroundClock;
    this.adaptation =
      scale === 1
        ? options.adaptation
        : {
            ...options.adaptation,
            recoveryStepMs: (options.adaptation?.recoveryStepMs ?? DEFAULT_RECOVERY_STEP_MS) / scale,
          };
  }

  /**
   * Waits (FIFO with everyone else on the same key) until a token for `key` is free. Rejects with
   * the signal's reason if `signal` aborts first. Throws for a category the limiter was not given.
   */
  acquire(key: RateKey, signal?: AbortSignal): Promise<void> {
    return this.bucket(key).acquire(signal);
  }

  /** Tells the key's bucket that AWS throttled a call: drain it and slow it down for a while. */
  reportThrottle(key: RateKey): void {
    this.bucket(key).reportThrottle();
  }

  /**
   * The budgeted burst and sustained rate of a category: AWS's limit times the fraction, the
   * sustained rate also times the scale.
   */
  budgetOf(category: string): CategoryLimit {
    const limit = this.limits[category];
    if (limit === undefined) throw new Error(`no rate limit configured for category ${category}`);
    return {
      burst: Math.max(1, Math.floor(limit.burst * this.budgetFraction)),
      sustained: limit.sustained * this.budgetFraction * this.rateScale,
    };
  }

  /** The bucket behind a key (created on first use), for inspection and metrics. */
  bucket(key: RateKey): AdaptiveTokenBucket {
    const id = `${key.account}/${key.region}/${key.category}`;
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      const budget = this.budgetOf(key.category);
      bucket = new AdaptiveTokenBucket({
        capacity: budget.burst,
        refillPerSecond: budget.sustained,
        clock: this.clock,
        ...(this.adaptation !== undefined ? { adaptation: this.adaptation } : {}),
      });
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}
