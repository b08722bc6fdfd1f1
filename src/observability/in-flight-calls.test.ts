import { describe, expect, it } from 'vitest';
import { InFlightCalls } from './in-flight-calls.js';

describe('InFlightCalls', () => {
  it('names the operations a signal’s holder waits on until each ends', () => {
    const calls = new InFlightCalls();
    const mine = new AbortController().signal;
    const other = new AbortController().signal;
    const describe = calls.started('ecs', 'DescribeServices', mine);
    const update = calls.started('ecs', 'UpdateService', mine);
    calls.started('ecs', 'CreateService', other);
    expect(calls.of(mine)).toBe('ecs DescribeServices, ecs UpdateService');
    describe();
    describe();
    expect(calls.of(mine)).toBe('ecs UpdateService');
    update();
    expect(calls.of(mine)).toBeUndefined();
    expect(calls.of(other)).toBe('ecs CreateService');
  });

  it('records nothing for a caller without a signal', () => {
    const calls = new InFlightCalls();
    expect(() => calls.started('ecs', 'DescribeServices', undefined)()).not.toThrow();
  });
});
