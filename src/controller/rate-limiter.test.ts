import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import {
  ExponentialBackoffRateLimiter,
  MaxOfRateLimiter,
  TokenBucketRateLimiter,
  createDefaultRateLimiter,
  type RateLimiter,
  type TokenBucketRateLimiterOptions,
} from './rate-limiter.js';

/** The delays `limiter` hands out for one failure of each of `keys`, in order. */
function whenEach(limiter: RateLimiter, keys: string[]): number[] {
  return keys.map((key) => limiter.when(key));
}

/** A token bucket on its own fake clock, so a test moves time by hand. */
function bucketOnFakeClock(options: Omit<TokenBucketRateLimiterOptions, 'clock'>): {
  clock: FakeClock;
  bucket: TokenBucketRateLimiter;
} {
  const clock = new FakeClock();
  return { clock, bucket: new TokenBucketRateLimiter({ ...options, clock }) };
}

describe('ExponentialBackoffRateLimiter', () => {
  it('doubles from the base delay per failure of a key', () => {
    const limiter = new ExponentialBackoffRateLimiter();
    const delays = Array.from({ length: 6 }, () => limiter.when('a'));
    expect(delays).toEqual([5, 10, 20, 40, 80, 160]);
    expect(limiter.retries('a')).toBe(6);
  });

  it('caps the delay at the maximum, also after very many failures', () => {
    const limiter = new ExponentialBackoffRateLimiter();
    const delays = Array.from({ length: 2000 }, () => limiter.when('a'));
    // 5 ms × 2^17 = 655 s is the last step below the 1,000 s cap.
    expect(delays[17]).toBe(655_360);
    expect(delays[18]).toBe(1_000_000);
    expect(delays.at(-1)).toBe(1_000_000);
    expect(delays.every((delay) => Number.isFinite(delay))).toBe(true);
  });

  it('keeps keys apart and starts over after forget', () => {
    const limiter = new ExponentialBackoffRateLimiter({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect(whenEach(limiter, ['a', 'a', 'b', 'a', 'a', 'a'])).toEqual([100, 200, 100, 400, 800, 1000]);
    limiter.forget('a');
    expect(limiter.retries('a')).toBe(0);
    expect(limiter.when('a')).toBe(100);
  });

  it.each([
    [{ baseDelayMs: 0 }],
    [{ baseDelayMs: -1 }],
    [{ baseDelayMs: 10, maxDelayMs: 5 }],
    [{ baseDelayMs: Number.NaN }],
  ])('rejects %j', (options) => {
    expect(() => new ExponentialBackoffRateLimiter(options)).toThrow(RangeError);
  });
});

describe('TokenBucketRateLimiter', () => {
  it('lets a burst through at once, then spaces calls at 1/qps', () => {
    const { bucket } = bucketOnFakeClock({ qps: 10, burst: 100 });
    const burst = Array.from({ length: 100 }, (_, i) => bucket.when(`k${i}`));
    expect(burst.every((delay) => delay === 0)).toBe(true);
    expect(whenEach(bucket, ['x', 'y', 'z'])).toEqual([
      expect.closeTo(100),
      expect.closeTo(200),
      expect.closeTo(300),
    ]);
  });

  it('refills with time, never above the burst', () => {
    const { clock, bucket } = bucketOnFakeClock({ qps: 10, burst: 2 });
    expect(whenEach(bucket, ['a', 'a', 'a'])).toEqual([0, 0, expect.closeTo(100)]);
    clock.advance(10_000);
    expect(whenEach(bucket, ['a', 'a', 'a'])).toEqual([0, 0, expect.closeTo(100)]);
  });

  it('is not reset by forget', () => {
    const { bucket } = bucketOnFakeClock({ qps: 1, burst: 1 });
    bucket.when('a');
    bucket.forget('a');
    expect(bucket.when('a')).toBeCloseTo(1000);
    expect(bucket.retries('a')).toBe(0);
  });
});

describe('createDefaultRateLimiter', () => {
  it('takes the longer of backoff and bucket', () => {
    const clock = new FakeClock();
    const limiter = createDefaultRateLimiter({ clock, qps: 10, burst: 3 });
    expect(whenEach(limiter, ['a', 'a', 'a'])).toEqual([5, 10, 20]);
    // The bucket is empty now: the fourth retry of any key waits for a token (100 ms).
    expect(limiter.when('b')).toBeCloseTo(100);
    expect(limiter.retries('a')).toBe(3);
    limiter.forget('a');
    expect(limiter.retries('a')).toBe(0);
  });

  it('applies the overall bucket across many failing keys', () => {
    const clock = new FakeClock();
    const limiter = createDefaultRateLimiter({ clock });
    const delays = Array.from({ length: 1000 }, (_, i) => limiter.when(`k${i}`));
    // 100 go after their 5 ms backoff; the rest queue behind the 10 qps bucket.
    expect(delays.filter((delay) => delay === 5)).toHaveLength(100);
    expect(delays[100]).toBeCloseTo(100);
    expect(delays[999]).toBeCloseTo(90_000);
  });

  it('MaxOf with no limiters never delays', () => {
    expect(new MaxOfRateLimiter().when('a')).toBe(0);
  });
});
