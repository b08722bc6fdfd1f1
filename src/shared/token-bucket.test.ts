import { describe, expect, it } from 'vitest';
import { FakeClock } from './testing/fake-clock.js';
import { TokenBucket } from './token-bucket.js';

function takeAll(bucket: TokenBucket): number {
  let taken = 0;
  while (bucket.tryTake()) taken += 1;
  return taken;
}

describe('TokenBucket', () => {
  it('starts full and lets exactly `burst` calls through at once', () => {
    const bucket = new TokenBucket({ burst: 5, ratePerSecond: 1 }, new FakeClock());
    expect(takeAll(bucket)).toBe(5);
    expect(bucket.tryTake()).toBe(false);
  });

  it('refills at the sustained rate and never above burst', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ burst: 5, ratePerSecond: 2 }, clock);
    takeAll(bucket);
    clock.advance(499);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
    clock.advance(60_000);
    expect(bucket.tokens()).toBe(5);
  });

  it('drain empties, refill fills', () => {
    const bucket = new TokenBucket({ burst: 3, ratePerSecond: 1 }, new FakeClock());
    bucket.drain();
    expect(bucket.tryTake()).toBe(false);
    bucket.refill();
    expect(takeAll(bucket)).toBe(3);
  });

  it('reconfigure keeps earned tokens, capped at the new burst, and uses the new rate from then on', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket({ burst: 10, ratePerSecond: 1 }, clock);
    bucket.reconfigure({ burst: 4, ratePerSecond: 10 });
    expect(bucket.tokens()).toBe(4);
    takeAll(bucket);
    clock.advance(100);
    expect(bucket.tokens()).toBeCloseTo(1);
  });

  it.each([
    { burst: -1, ratePerSecond: 1 },
    { burst: 1, ratePerSecond: Number.NaN },
    { burst: Number.POSITIVE_INFINITY, ratePerSecond: 1 },
  ])('refuses the limit %o', (limit) => {
    expect(() => new TokenBucket(limit, new FakeClock())).toThrow(RangeError);
  });
});
