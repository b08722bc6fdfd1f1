import { describe, expect, it } from 'vitest';
import { delayToBeat } from './poll-beat.js';

describe('delayToBeat', () => {
  it('brings every object due within the same beat back at the same instant', () => {
    const beats = [10_001, 11_000, 12_499, 12_500 - 1].map((now) => now + delayToBeat(now, 5_000));
    expect(new Set(beats)).toEqual(new Set([15_000]));
  });

  it('keeps the delay within half a period and one and a half', () => {
    for (const now of [0, 1, 2_499, 2_500, 2_501, 4_999, 5_000, 123_456_789]) {
      const delay = delayToBeat(now, 5_000);
      expect(delay).toBeGreaterThanOrEqual(2_500);
      expect(delay).toBeLessThan(7_500);
      expect((now + delay) % 5_000).toBe(0);
    }
  });

  it('is exactly one period when now is on the beat', () => {
    expect(delayToBeat(1_765_000_000_000, 5_000)).toBe(5_000);
  });

  it('leaves a period that is not positive as it is', () => {
    expect(delayToBeat(1_234, 0)).toBe(0);
  });
});
