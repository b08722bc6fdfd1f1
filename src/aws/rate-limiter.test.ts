import { describe, expect, it } from 'vitest';
import { ECS_CATEGORY_LIMITS, ecsCategoryOf } from './ecs-categories.js';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';
import { DEFAULT_BUDGET_FRACTION, AwsRateLimiter, type RateKey } from './rate-limiter.js';

const key = (category: string, region = 'eu-west-1', account = '111111111111'): RateKey => ({
  account,
  region,
  category,
});

/** How many of `n` acquires on `k` complete without time passing. */
async function immediate(limiter: AwsRateLimiter, k: RateKey, n: number): Promise<number> {
  let done = 0;
  for (let i = 0; i < n; i++) void limiter.acquire(k).then(() => done++);
  await settle();
  return done;
}

describe('AwsRateLimiter', () => {
  it('budgets a fraction of burst and sustained, 0.8 by default', async () => {
    const clock = new FakeClock();
    const limiter = new AwsRateLimiter({ limits: { x: { burst: 10, sustained: 5 } }, clock });
    expect(DEFAULT_BUDGET_FRACTION).toBe(0.8);
    expect(limiter.budgetOf('x')).toEqual({ burst: 8, sustained: 4 });
    expect(await immediate(limiter, key('x'), 9)).toBe(8);
    const bucket = limiter.bucket(key('x'));
    await clock.tickAsync(249);
    expect(bucket.waiting).toBe(1);
    await clock.tickAsync(1);
    expect(bucket.waiting).toBe(0);
  });

  it('never budgets a burst below one token', () => {
    const limiter = new AwsRateLimiter({ limits: { x: { burst: 1, sustained: 1 } }, budgetFraction: 0.1 });
    expect(limiter.budgetOf('x')).toEqual({ burst: 1, sustained: 0.1 });
  });

  it.each([
    ['another category', key('b')],
    ['another region', key('a', 'us-east-1')],
    ['another account', key('a', 'eu-west-1', '222222222222')],
  ])('keeps %s in its own bucket', async (_label, other) => {
    const clock = new FakeClock();
    const limiter = new AwsRateLimiter({
      limits: { a: { burst: 2, sustained: 1 }, b: { burst: 2, sustained: 1 } },
      budgetFraction: 1,
      clock,
    });
    expect(await immediate(limiter, key('a'), 2)).toBe(2);
    expect(await immediate(limiter, other, 2)).toBe(2);
  });

  it('shares one bucket between callers of the same key', async () => {
    const limiter = new AwsRateLimiter({
      limits: { a: { burst: 3, sustained: 1 } },
      budgetFraction: 1,
      clock: new FakeClock(),
    });
    expect(await immediate(limiter, key('a'), 2)).toBe(2);
    expect(await immediate(limiter, key('a'), 2)).toBe(1);
  });

  it('keeps ECS reads flowing while ECS writes of the same account and Region are exhausted', async () => {
    const limiter = new AwsRateLimiter({ limits: ECS_CATEGORY_LIMITS, clock: new FakeClock() });
    const writes = key(ecsCategoryOf('UpdateService'));
    const reads = key(ecsCategoryOf('DescribeServices'));
    expect(await immediate(limiter, writes, 100)).toBe(40);
    expect(await immediate(limiter, reads, 10)).toBe(10);
  });

  it('slows only the throttled key', () => {
    const limiter = new AwsRateLimiter({
      limits: { a: { burst: 10, sustained: 10 } },
      budgetFraction: 1,
      clock: new FakeClock(),
    });
    limiter.reportThrottle(key('a'));
    expect(limiter.bucket(key('a')).currentRatePerSecond).toBe(5);
    expect(limiter.bucket(key('a')).available).toBe(0);
    expect(limiter.bucket(key('a', 'us-east-1')).currentRatePerSecond).toBe(10);
  });

  it('scales sustained rates and the throttle recovery, never bursts', async () => {
    const clock = new FakeClock();
    const limiter = new AwsRateLimiter({
      limits: { x: { burst: 20, sustained: 1 } },
      budgetFraction: 1,
      rateScale: 10,
      clock,
    });
    expect(limiter.budgetOf('x')).toEqual({ burst: 20, sustained: 10 });
    expect(await immediate(limiter, key('x'), 21)).toBe(20);
    await clock.tickAsync(100);
    expect(limiter.bucket(key('x')).waiting).toBe(0);
    limiter.reportThrottle(key('x'));
    expect(limiter.bucket(key('x')).currentRatePerSecond).toBe(5);
    // The default recovery step (30 s) runs ten times faster too.
    await clock.tickAsync(3_000);
    expect(limiter.bucket(key('x')).currentRatePerSecond).toBe(10);
  });

  it.each([0, -1, Number.POSITIVE_INFINITY])('refuses rateScale %s', (rateScale) => {
    expect(() => new AwsRateLimiter({ limits: {}, rateScale })).toThrow(RangeError);
  });

  it('refuses a category it has no limit for', () => {
    const limiter = new AwsRateLimiter({ limits: {} });
    expect(() => limiter.bucket(key('nope'))).toThrow(/no rate limit configured for category nope/);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses budgetFraction %s', (budgetFraction) => {
    expect(() => new AwsRateLimiter({ limits: {}, budgetFraction })).toThrow(RangeError);
  });
});
