import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoscalingOwnsDesiredCount, clampDesiredCount, desiredCountAtCreate } from './desired-count.js';

const autoscaling = { minCapacity: 2, maxCapacity: 6, cpu: { targetValue: 50 } };

describe('desiredCount ownership', () => {
  it('belongs to autoscaling exactly when spec.autoscaling is set', () => {
    expect(autoscalingOwnsDesiredCount(autoscaling)).toBe(true);
    expect(autoscalingOwnsDesiredCount(undefined)).toBe(false);
  });

  it.each([
    [undefined, undefined, undefined],
    [3, undefined, 3],
    [0, undefined, 0],
    [undefined, autoscaling, 2],
    [1, autoscaling, 2],
    [4, autoscaling, 4],
    [9, autoscaling, 6],
  ])('CreateService gets %s with autoscaling %j → %s', (spec, as, expected) => {
    expect(desiredCountAtCreate(spec, as)).toBe(expected);
  });

  it('clamps into [min, max] and keeps values already inside', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.nat(1000), (a, b, desired) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        const c = clampDesiredCount(desired, min, max);
        expect(c).toBeGreaterThanOrEqual(min);
        expect(c).toBeLessThanOrEqual(max);
        if (desired >= min && desired <= max) expect(c).toBe(desired);
      }),
    );
  });
});
