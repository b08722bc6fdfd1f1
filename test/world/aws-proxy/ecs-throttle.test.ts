import { describe, expect, it } from 'vitest';
import { EcsThrottle } from './ecs-throttle.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';

function admitted(throttle: EcsThrottle, action: string, calls: number): number {
  let allowed = 0;
  for (let i = 0; i < calls; i += 1) if (throttle.admit(action).allowed) allowed += 1;
  return allowed;
}

describe('EcsThrottle', () => {
  it('lets a category burst through, then throttles, while other categories are untouched', () => {
    const throttle = new EcsThrottle({ clock: new FakeClock() });
    expect(admitted(throttle, 'RegisterTaskDefinition', 25)).toBe(20);
    expect(throttle.admit('DeregisterTaskDefinition')).toEqual({
      allowed: false,
      category: 'task-definition-modify',
    });
    expect(throttle.admit('DescribeServices')).toEqual({ allowed: true, category: 'service-read' });
  });

  it('never limits actions outside the table', () => {
    const throttle = new EcsThrottle({ clock: new FakeClock() });
    throttle.drain();
    expect(admitted(throttle, 'CreateCluster', 1000)).toBe(1000);
  });

  it('refills K times faster with speed-up K and keeps bursts', () => {
    const clock = new FakeClock();
    const throttle = new EcsThrottle({ clock, speedup: 10 });
    throttle.drain();
    clock.advance(1000);
    // task definition modify: 1/s × 10; service modify: 5/s × 10 — the 1:5 ratio survives.
    expect(admitted(throttle, 'RegisterTaskDefinition', 100)).toBe(10);
    expect(admitted(throttle, 'UpdateService', 100)).toBe(50);
    expect(throttle.state().buckets['task-definition-modify']).toMatchObject({
      burst: 20,
      ratePerSecond: 1,
      effectiveRatePerSecond: 10,
    });
  });

  it('can be switched off and on', () => {
    const throttle = new EcsThrottle({ clock: new FakeClock(), enabled: false });
    throttle.drain();
    expect(admitted(throttle, 'DeleteTaskDefinitions', 50)).toBe(50);
    throttle.configure({ enabled: true });
    expect(throttle.admit('DeleteTaskDefinitions').allowed).toBe(false);
  });

  it('drains and refills only the named categories', () => {
    const throttle = new EcsThrottle({ clock: new FakeClock() });
    throttle.drain(['service-read']);
    expect(throttle.admit('DescribeServices').allowed).toBe(false);
    expect(throttle.admit('ListClusters').allowed).toBe(true);
    throttle.refill(['service-read']);
    expect(admitted(throttle, 'ListServices', 200)).toBe(100);
  });

  it('re-configures a category limit at run time', () => {
    const clock = new FakeClock();
    const throttle = new EcsThrottle({ clock });
    const state = throttle.configure({ limits: { 'tag-modify': { burst: 2 } } });
    expect(state.buckets['tag-modify']).toEqual({
      burst: 2,
      ratePerSecond: 10,
      effectiveRatePerSecond: 10,
      tokens: 2,
    });
    expect(admitted(throttle, 'TagResource', 5)).toBe(2);
  });

  it('refuses a bad configuration and keeps the old one', () => {
    const throttle = new EcsThrottle({ clock: new FakeClock(), speedup: 2 });
    expect(() => throttle.configure({ speedup: 0 })).toThrow(RangeError);
    expect(() => throttle.configure({ speedup: 5, limits: { 'tag-read': { burst: -1 } } })).toThrow(
      RangeError,
    );
    expect(throttle.state().speedup).toBe(2);
    expect(throttle.state().buckets['tag-read'].burst).toBe(50);
  });

  it('reset restores the construction-time configuration with full buckets', () => {
    const throttle = new EcsThrottle({
      clock: new FakeClock(),
      speedup: 3,
      limits: { 'service-modify': { burst: 500 } },
    });
    throttle.configure({ enabled: false, speedup: 100, limits: { 'service-modify': { burst: 1 } } });
    throttle.drain();
    const state = throttle.reset();
    expect(state.enabled).toBe(true);
    expect(state.speedup).toBe(3);
    expect(state.buckets['service-modify']).toMatchObject({ burst: 500, tokens: 500 });
    expect(state.buckets['service-read'].tokens).toBe(100);
  });
});
