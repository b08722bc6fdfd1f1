import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles up to the cap, without jitter at random 0', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1_000, random: () => 0 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('adds up to jitter × delay', () => {
    const b = new Backoff({ initialMs: 100, jitter: 1, random: () => 0.5 });
    expect(b.next()).toBe(150);
    expect(b.next()).toBe(300);
  });

  it('resets only after an attempt that ran long enough', () => {
    const b = new Backoff({ initialMs: 100, resetAfterMs: 60_000, random: () => 0 });
    b.next();
    b.next();
    b.succeeded(59_999);
    expect(b.next()).toBe(400);
    b.succeeded(60_000);
    expect(b.next()).toBe(100);
  });

  it.each([[{ initialMs: 0 }], [{ initialMs: 10, maxMs: 5 }], [{ factor: 0.5 }], [{ jitter: -1 }]])(
    'rejects %j',
    (options) => {
      expect(() => new Backoff(options)).toThrow(RangeError);
    },
  );
});
