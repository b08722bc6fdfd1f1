import { describe, expect, it } from 'vitest';
import { settlesWithin, sleep, systemClock } from './clock.js';
import { FakeClock } from './testing/fake-clock.js';

describe('FakeClock', () => {
  it('fires timers in due order, ties in arming order, only when advanced', () => {
    const clock = new FakeClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@20'), 20);
    const cancelled = clock.setTimeout(() => fired.push('x'), 5);
    clock.clearTimeout(cancelled);
    expect(fired).toEqual([]);
    clock.advance(15);
    expect(fired).toEqual(['a@10']);
    expect(clock.now()).toBe(115);
    clock.advance(5);
    expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires timers armed by callbacks within the same advance, at their own time', () => {
    const clock = new FakeClock();
    const at: number[] = [];
    clock.setTimeout(() => {
      at.push(clock.now());
      clock.setTimeout(() => at.push(clock.now()), 10);
    }, 10);
    clock.advance(100);
    expect(at).toEqual([10, 20]);
    expect(clock.now()).toBe(100);
  });

  it('tickAsync lets async code woken by one timer arm the next', async () => {
    const clock = new FakeClock();
    const at: number[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await sleep(clock, 100);
        at.push(clock.now());
      }
    };
    const done = loop();
    await clock.tickAsync(1000);
    await done;
    expect(at).toEqual([100, 200, 300]);
  });
});

describe('sleep', () => {
  it('rejects at once when the signal aborts, and clears its timer', async () => {
    const clock = new FakeClock();
    const abort = new AbortController();
    const slept = sleep(clock, 1000, abort.signal);
    abort.abort(new Error('stopping'));
    await expect(slept).rejects.toThrow('stopping');
    expect(clock.pendingTimers()).toBe(0);
    await expect(sleep(clock, 10, abort.signal)).rejects.toThrow('stopping');
  });
});

describe('settlesWithin', () => {
  it('says whether the promise settled before the deadline', async () => {
    const clock = new FakeClock();
    expect(await settlesWithin(Promise.resolve(), 10, clock)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('x')), 10, clock)).toBe(true);
    const never = settlesWithin(new Promise(() => undefined), 10, clock);
    await clock.tickAsync(10);
    expect(await never).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('systemClock', () => {
  it('fires a real timer no earlier than asked, and can cancel one', async () => {
    const start = systemClock.now();
    let cancelledFired = false;
    const cancelled = systemClock.setTimeout(() => (cancelledFired = true), 5);
    systemClock.clearTimeout(cancelled);
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 20));
    expect(systemClock.now() - start).toBeGreaterThanOrEqual(19);
    expect(cancelledFired).toBe(false);
  });
});
