/**
 * The proxy's ECS throttle: one token bucket per category of the published table, a speed-up
 * factor, and run-time switches (on/off, re-configure, drain, refill).
 *
 * The speed-up factor K multiplies every refill rate and leaves every burst alone, so a benchmark
 * sees the same ratios between categories (RegisterTaskDefinition stays the scarcest call) in 1/K
 * of the time.
 */
import {
  ECS_BUCKET_LIMITS,
  ECS_THROTTLE_CATEGORIES,
  ecsCategoryOf,
  type EcsThrottleCategory,
} from './ecs-buckets.js';
import type { Clock } from '../../../src/shared/clock.js';
import { assertBucketLimit, TokenBucket, type BucketLimit } from '../../../src/shared/token-bucket.js';

/** A change to the throttle; absent fields stay as they are. */
export interface BucketsConfig {
  readonly enabled?: boolean;
  /** Refill-rate multiplier K (> 0). */
  readonly speedup?: number;
  /** Per-category overrides of the published burst and sustained rate (before speed-up). */
  readonly limits?: Partial<Record<EcsThrottleCategory, Partial<BucketLimit>>>;
}

/** One bucket as seen from outside. */
export interface BucketState {
  readonly burst: number;
  /** The configured sustained rate, before the speed-up factor. */
  readonly ratePerSecond: number;
  /** The rate actually used: `ratePerSecond × speedup`. */
  readonly effectiveRatePerSecond: number;
  /** Tokens in the bucket now. */
  readonly tokens: number;
}

/** The whole throttle as seen from outside. */
export interface BucketsState {
  readonly enabled: boolean;
  readonly speedup: number;
  readonly buckets: Readonly<Record<EcsThrottleCategory, BucketState>>;
}

/** The throttle's verdict on one call. */
export interface ThrottleVerdict {
  readonly allowed: boolean;
  /** The category whose bucket was consulted; absent for unlimited actions. */
  readonly category?: EcsThrottleCategory;
}

/** Options for {@link EcsThrottle}: the initial configuration, which {@link EcsThrottle.reset} restores. */
export interface EcsThrottleOptions {
  readonly clock: Clock;
  readonly enabled?: boolean;
  readonly speedup?: number;
  readonly limits?: BucketsConfig['limits'];
}

/** Token buckets per ECS throttling category, shared by every caller of the proxy. */
export class EcsThrottle {
  readonly #clock: Clock;
  readonly #initial: BucketsConfig;
  #enabled = true;
  #speedup = 1;
  #limits: Record<EcsThrottleCategory, BucketLimit> = { ...ECS_BUCKET_LIMITS };
  #buckets = new Map<EcsThrottleCategory, TokenBucket>();

  constructor(options: EcsThrottleOptions) {
    this.#clock = options.clock;
    this.#initial = {
      enabled: options.enabled ?? true,
      speedup: options.speedup ?? 1,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    };
    this.reset();
  }

  /** Decides whether an ECS action may pass now, taking a token if it may. */
  admit(action: string): ThrottleVerdict {
    const category = ecsCategoryOf(action);
    if (category === undefined) return { allowed: true };
    if (!this.#enabled) return { allowed: true, category };
    return { allowed: this.#bucket(category).tryTake(), category };
  }

  /** Applies a configuration change; throws `RangeError` on a bad value and then changes nothing. */
  configure(config: BucketsConfig): BucketsState {
    const { limits, speedup } = this.#merge(config);
    this.#limits = limits;
    this.#speedup = speedup;
    if (config.enabled !== undefined) this.#enabled = config.enabled;
    for (const category of ECS_THROTTLE_CATEGORIES) {
      this.#bucket(category).reconfigure(effectiveLimit(limits[category], speedup));
    }
    return this.state();
  }

  /** Empties the given buckets (all when none given): the next call in them is throttled. */
  drain(categories: readonly EcsThrottleCategory[] = ECS_THROTTLE_CATEGORIES): BucketsState {
    for (const category of categories) this.#bucket(category).drain();
    return this.state();
  }

  /** Fills the given buckets (all when none given) to their burst size. */
  refill(categories: readonly EcsThrottleCategory[] = ECS_THROTTLE_CATEGORIES): BucketsState {
    for (const category of categories) this.#bucket(category).refill();
    return this.state();
  }

  /** Back to the configuration given at construction, every bucket full. */
  reset(): BucketsState {
    this.#limits = { ...ECS_BUCKET_LIMITS };
    this.#speedup = 1;
    const { limits, speedup } = this.#merge(this.#initial);
    this.#limits = limits;
    this.#speedup = speedup;
    this.#enabled = this.#initial.enabled ?? true;
    this.#buckets = new Map();
    return this.state();
  }

  /** A snapshot of the switches and every bucket. */
  state(): BucketsState {
    const buckets = {} as Record<EcsThrottleCategory, BucketState>;
    for (const category of ECS_THROTTLE_CATEGORIES) {
      const limit = this.#limits[category];
      buckets[category] = {
        burst: limit.burst,
        ratePerSecond: limit.ratePerSecond,
        effectiveRatePerSecond: limit.ratePerSecond * this.#speedup,
        tokens: this.#bucket(category).tokens(),
      };
    }
    return { enabled: this.#enabled, speedup: this.#speedup, buckets };
  }

  // Validates a change against the current configuration without applying it.
  #merge(config: BucketsConfig): { limits: Record<EcsThrottleCategory, BucketLimit>; speedup: number } {
    const speedup = config.speedup ?? this.#speedup;
    if (!(Number.isFinite(speedup) && speedup > 0)) {
      throw new RangeError(`speedup must be a finite number > 0, got ${speedup}`);
    }
    const limits = { ...this.#limits };
    for (const category of ECS_THROTTLE_CATEGORIES) {
      const override = config.limits?.[category];
      if (override !== undefined) limits[category] = { ...limits[category], ...override };
      assertBucketLimit(limits[category]);
    }
    return { limits, speedup };
  }

  #bucket(category: EcsThrottleCategory): TokenBucket {
    let bucket = this.#buckets.get(category);
    if (bucket === undefined) {
      bucket = new TokenBucket(effectiveLimit(this.#limits[category], this.#speedup), this.#clock);
      this.#buckets.set(category, bucket);
    }
    return bucket;
  }
}

function effectiveLimit(limit: BucketLimit, speedup: number): BucketLimit {
  return { burst: limit.burst, ratePerSecond: limit.ratePerSecond * speedup };
}
