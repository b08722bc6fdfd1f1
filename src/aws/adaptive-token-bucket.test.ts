import { describe, expect, it } from 'vitest';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';
import { AdaptiveTokenBucket, type AdaptiveTokenBucketOptions } from './adaptive-token-bucket.js';

/** A bucket on its own fake clock, so a test moves time by hand. */
function bucketOnFakeClock(options: Omit<AdaptiveTokenBucketOptions, 'clock'>): {
  clock: FakeClock;
  bucket: AdaptiveTokenBucket;
} {
  const clock = new FakeClock();
  return { clock, bucket: new AdaptiveTokenBucket({ ...options, clock }) };
}

/** Records when (in fake time) a promise settled, and how. */
function track(clock: FakeClock, p: Promise<void>): { at: number | undefined; error: unknown } {
  const state: { at: number | undefined; error: unknown } = { at: undefined, error: undefined };
  p.then(
    () => {
      state.at = clock.now();
    },
    (err: unknown) => {
      state.at = clock.now();
      state.error = err;
    },
  );
  return state;
}

describe('AdaptiveTokenBucket', () => {
  it('serves a full burst at once, then nothing until a token refills', async () => {
    const { clock, bucket } = bucketOnFakeClock({ capacity: 5, refillPerSecond: 1 });
    const first = Array.from({ length: 5 }, () => track(clock, bucket.acquire()));
    const sixth = track(clock, bucket.acquire());
    await settle();
    expect(first.map((s) => s.at)).toEqual([0, 0, 0, 0, 0]);
    expect(sixth.at).toBeUndefined();
    await clock.tickAsync(999);
    expect(sixth.at).toBeUndefined();
    await clock.tickAsync(1);
    expect(sixth.at).toBe(1000);
  });

  it('serves waiters at the sustained rate once the burst is spent', async () => {
    const { clock, bucket } = bucketOnFakeClock({ capacity: 1, refillPerSecond: 4 });
    const states = Array.from({ length: 6 }, () => track(clock, bucket.acquire()));
    await clock.tickAsync(2000);
    expect(states.map((s) => s.at)).toEqual([0, 250, 500, 750, 1000, 1250]);
    expect(bucket.waiting).toBe(0);
  });

  it('refills up to the capacity and no further', async () => {
    const { clock, bucket } = bucketOnFakeClock({ capacity: 3, refillPerSecond: 10 });
    for (let i = 0; i < 3; i++) expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(false);
    await clock.tickAsync(60_000);
    expect(bucket.available).toBe(3);
  });

  it('is first come, first served: a new caller never overtakes a waiting one', async () => {
    const { clock, bucket } = bucketOnFakeClock({ capacity: 1, refillPerSecond: 1 });
    const order: string[] = [];
    const take = (name: string): Promise<void> => bucket.acquire().then(() => void order.push(name));
    const all = [take('a'), take('b'), take('c')];
    await clock.tickAsync(1500);
    // Half a token has accrued for c; d arrives now and must queue behind c, and tryAcquire refuses.
    all.push(take('d'));
    expect(bucket.tryAcquire()).toBe(false);
    await clock.tickAsync(10_000);
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('withdraws an aborted waiter, rejecting with the reason, and moves the queue up', async () => {
    const { clock, bucket } = bucketOnFakeClock({ capacity: 1, refillPerSecond: 1 });
    await bucket.acquire();
    const controller = new AbortController();
    const b = track(clock, bucket.acquire());
    const c = track(clock, bucket.acquire(controller.signal));
    const d = track(clock, bucket.acquire());
    await clock.tickAsync(500);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await settle();
    expect(c.at).toBe(500);
    expect(c.error).toBe(reason);
    await clock.tickAsync(5000);
    expect(b.at).toBe(1000);
    expect(d.at).toBe(2000);
    expect(bucket.waiting).toBe(0);
  });

  it('rejects at once, taking nothing, when the signal has already aborted', async () => {
    const { bucket } = bucketOnFakeClock({ capacity: 1, refillPerSecond: 1 });
    const controller = new AbortController();
    controller.abort();
    await expect(bucket.acquire(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(bucket.available).toBe(1);
  });

  it('drains and halves its rate on a throttle, coalescing throttles reported together', async () => {
    const { clock, bucket } = bucketOnFakeClock({ capacity: 10, refillPerSecond: 10 });
    bucket.reportThrottle();
    bucket.reportThrottle(); // same event: the rate is cut once
    expect(bucket.available).toBe(0);
    expect(bucket.currentRatePerSecond).toBe(5);
    const next = track(clock, bucket.acquire());
    await clock.tickAsync(199);
    expect(next.at).toBeUndefined();
    await clock.tickAsync(1);
    expect(next.at).toBe(200);

    await clock.tickAsync(1000);
    bucket.reportThrottle(); // a new event, after coalesceMs
    expect(bucket.currentRatePerSecond).toBe(2.5);
  });

  it('never cuts below the minimum rate fraction', () => {
    const { bucket } = bucketOnFakeClock({
      capacity: 10,
      refillPerSecond: 10,
      adaptation: { coalesceMs: 0, minRateFraction: 0.2 },
    });
    for (let i = 0; i < 10; i++) bucket.reportThrottle();
    expect(bucket.currentRatePerSecond).toBe(2);
  });

  it('doubles its rate back after each quiet recovery step, up to the configured rate', async () => {
    const { clock, bucket } = bucketOnFakeClock({
      capacity: 100,
      refillPerSecond: 8,
      adaptation: { coalesceMs: 0, recoveryStepMs: 10_000 },
    });
    bucket.reportThrottle();
    bucket.reportThrottle();
    bucket.reportThrottle();
    expect(bucket.currentRatePerSecond).toBe(1);
    await clock.tickAsync(9_999);
    expect(bucket.currentRatePerSecond).toBe(1);
    // Tokens earned so far were earned at the reduced rate.
    expect(bucket.available).toBeCloseTo(9.999, 6);
    await clock.tickAsync(1);
    expect(bucket.currentRatePerSecond).toBe(2);
    await clock.tickAsync(20_000);
    expect(bucket.currentRatePerSecond).toBe(8);
    await clock.tickAsync(100_000);
    expect(bucket.currentRatePerSecond).toBe(8);
  });

  it('wakes a waiter at a recovery step instead of waiting at the reduced rate', async () => {
    const { clock, bucket } = bucketOnFakeClock({
      capacity: 1,
      refillPerSecond: 1,
      adaptation: { decreaseFactor: 0.1, minRateFraction: 0.1, recoveryStepMs: 1000 },
    });
    bucket.reportThrottle(); // rate 0.1/s: a token would take 10 s
    const next = track(clock, bucket.acquire());
    await clock.tickAsync(3000);
    // 0..1 s at 0.1/s (0.1), 1..2 s at 0.2/s (0.2), 2..3 s at 0.4/s (0.4): 0.7 tokens; 3.. at 0.8/s.
    expect(next.at).toBeUndefined();
    await clock.tickAsync(1000);
    expect(next.at).toBeDefined();
    expect(next.at).toBeLessThanOrEqual(3375);
  });

  it.each([
    { capacity: 0, refillPerSecond: 1 },
    { capacity: 1, refillPerSecond: 0 },
    { capacity: Number.NaN, refillPerSecond: 1 },
  ])('rejects invalid options %o', (options) => {
    expect(() => new AdaptiveTokenBucket(options)).toThrow(RangeError);
  });
});
