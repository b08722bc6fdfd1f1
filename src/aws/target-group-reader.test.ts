/* eslint-disable @typescript-eslint/require-await -- fakes answer like the async APIs they stand for */
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import type { LoadBalancingApi } from './load-balancing-api.js';
import { TargetGroupReader } from './target-group-reader.js';
import { createSystemClock, type Clock } from '../shared/clock.js';

const tg = (i: number): string =>
  `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg-${i}/0123456789abcdef`;
const alb = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/0123456789abcdef';

function notFound(): Error {
  const err = new Error('One or more target groups not found');
  err.name = 'TargetGroupNotFoundException';
  return err;
}

/** ELB with target groups by ARN (each with its load balancers), recording every call's ARNs. */
function elb(groups: Map<string, readonly string[]>): LoadBalancingApi & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    async describeTargetGroups(arns) {
      calls.push([...arns]);
      if (arns.length > 20) throw new Error('too many');
      if (arns.some((a) => !groups.has(a))) throw notFound();
      return arns.map((a): TargetGroup => ({
        TargetGroupArn: a,
        LoadBalancerArns: [...(groups.get(a) ?? [])],
      }));
    },
    async describeLoadBalancers() {
      return [];
    },
  };
}

function manualClock(): Clock & { advance: (ms: number) => void } {
  let now = 0;
  const system = createSystemClock({ keepAlive: false });
  return {
    now: () => now,
    // Timers run on real time (the window is a few ms); only `now` is moved by hand.
    setTimeout: (cb, ms) => system.setTimeout(cb, ms),
    clearTimeout: (h) => system.clearTimeout(h),
    advance: (ms) => void (now += ms),
  };
}

describe('TargetGroupReader', () => {
  it('batches concurrent asks 20 ARNs a call, each asker getting its own', async () => {
    const groups = new Map(Array.from({ length: 45 }, (_, i) => [tg(i), [alb]] as const));
    const api = elb(groups);
    const reader = new TargetGroupReader({ api, ttlMs: 1000, clock: manualClock() });
    const answers = await Promise.all(
      Array.from({ length: 45 }, (_, i) => reader.describeTargetGroups([tg(i)])),
    );
    expect(answers.map((a) => a.map((g) => g.TargetGroupArn))).toEqual(
      Array.from({ length: 45 }, (_, i) => [tg(i)]),
    );
    expect(api.calls.map((c) => c.length)).toEqual([20, 20, 5]);
  });

  it('serves a target group of one load balancer from memory until the TTL, and re-reads after', async () => {
    const api = elb(new Map([[tg(1), [alb]]]));
    const clock = manualClock();
    const reader = new TargetGroupReader({ api, ttlMs: 1000, clock });
    await reader.describeTargetGroups([tg(1)]);
    clock.advance(1000);
    await expect(reader.describeTargetGroups([tg(1)])).resolves.toEqual([
      { TargetGroupArn: tg(1), LoadBalancerArns: [alb] },
    ]);
    expect(api.calls).toHaveLength(1);
    clock.advance(1);
    await reader.describeTargetGroups([tg(1)]);
    expect(api.calls).toHaveLength(2);
  });

  it('never keeps a target group attached to no load balancer: the user attaches it, the next read sees it', async () => {
    const groups = new Map<string, readonly string[]>([[tg(1), []]]);
    const api = elb(groups);
    const reader = new TargetGroupReader({ api, ttlMs: 1000, clock: manualClock() });
    await expect(reader.describeTargetGroups([tg(1)])).resolves.toEqual([
      { TargetGroupArn: tg(1), LoadBalancerArns: [] },
    ]);
    groups.set(tg(1), [alb]);
    await expect(reader.describeTargetGroups([tg(1)])).resolves.toEqual([
      { TargetGroupArn: tg(1), LoadBalancerArns: [alb] },
    ]);
    expect(api.calls).toHaveLength(2);
  });

  it('reads a batch ARN by ARN when one missing ARN fails the call, and fails only its asker', async () => {
    const api = elb(new Map([[tg(1), [alb]]]));
    const reader = new TargetGroupReader({ api, ttlMs: 1000, clock: manualClock() });
    const [present, missing] = await Promise.allSettled([
      reader.describeTargetGroups([tg(1)]),
      reader.describeTargetGroups([tg(2)]),
    ]);
    expect(present).toEqual({
      status: 'fulfilled',
      value: [{ TargetGroupArn: tg(1), LoadBalancerArns: [alb] }],
    });
    expect(missing).toMatchObject({ status: 'rejected', reason: { name: 'TargetGroupNotFoundException' } });
    expect(api.calls).toEqual([[tg(1), tg(2)], [tg(1)], [tg(2)]]);
  });

  it('fails every asker of a batch with the call error that is not about a missing ARN', async () => {
    const api = elb(new Map([[tg(1), [alb]]]));
    api.describeTargetGroups = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    };
    const reader = new TargetGroupReader({ api, ttlMs: 1000, clock: manualClock() });
    const results = await Promise.allSettled([
      reader.describeTargetGroups([tg(1)]),
      reader.describeTargetGroups([tg(2)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('withdraws an aborted asker only', async () => {
    const api = elb(new Map([[tg(1), [alb]]]));
    const reader = new TargetGroupReader({ api, ttlMs: 1000, clock: manualClock() });
    const controller = new AbortController();
    const aborted = reader.describeTargetGroups([tg(1)], { signal: controller.signal });
    const other = reader.describeTargetGroups([tg(1)]);
    controller.abort(new Error('shutdown'));
    await expect(aborted).rejects.toThrow('shutdown');
    await expect(other).resolves.toHaveLength(1);
    expect(api.calls).toHaveLength(1);
  });
});

/** {@link elb} that can also list the Region, recording each listing as `['*']`. */
function listingElb(groups: Map<string, readonly string[]>): LoadBalancingApi & { calls: string[][] } {
  const api = elb(groups);
  return Object.assign(api, {
    async listTargetGroups(): Promise<TargetGroup[]> {
      api.calls.push(['*']);
      return [...groups].map(([a, lbs]): TargetGroup => ({ TargetGroupArn: a, LoadBalancerArns: [...lbs] }));
    },
  });
}

describe('TargetGroupReader with a Region listing', () => {
  const fleet = (n: number): Map<string, readonly string[]> =>
    new Map(Array.from({ length: n }, (_, i) => [tg(i), [alb]] as const));

  it('answers a fleet’s spread-out misses from one listing', async () => {
    const api = listingElb(fleet(50));
    const clock = manualClock();
    const reader = new TargetGroupReader({ api, ttlMs: 100_000, clock });
    for (let i = 0; i < 50; i++) {
      clock.advance(1000);
      await expect(reader.describeTargetGroups([tg(i)])).resolves.toEqual([
        { TargetGroupArn: tg(i), LoadBalancerArns: [alb] },
      ]);
    }
    expect(api.calls).toEqual([['*']]);
    expect(reader.stats()).toEqual({ hits: 49, calls: 1, listings: 1 });
  });

  it('concurrent misses share one listing', async () => {
    const api = listingElb(fleet(3));
    const reader = new TargetGroupReader({ api, ttlMs: 100_000, clock: manualClock() });
    const answers = await Promise.all([0, 1, 2].map((i) => reader.describeTargetGroups([tg(i)])));
    expect(answers.map((a) => a[0]?.TargetGroupArn)).toEqual([tg(0), tg(1), tg(2)]);
    expect(api.calls).toEqual([['*']]);
  });

  it('reads by ARN a target group of no load balancer, every time, and one made after the listing', async () => {
    const groups = fleet(2);
    groups.set(tg(9), []);
    const api = listingElb(groups);
    const clock = manualClock();
    const reader = new TargetGroupReader({ api, ttlMs: 100_000, listingIntervalMs: 60_000, clock });
    await expect(reader.describeTargetGroups([tg(9)])).resolves.toEqual([
      { TargetGroupArn: tg(9), LoadBalancerArns: [] },
    ]);
    // Attached to a listener since: its next read sees the load balancer.
    groups.set(tg(9), [alb]);
    await expect(reader.describeTargetGroups([tg(9)])).resolves.toEqual([
      { TargetGroupArn: tg(9), LoadBalancerArns: [alb] },
    ]);
    groups.set(tg(5), [alb]);
    clock.advance(59_999);
    await reader.describeTargetGroups([tg(5)]);
    expect(api.calls).toEqual([['*'], [tg(9)], [tg(9)], [tg(5)]]);
    // A miss after the interval lists again.
    groups.set(tg(6), [alb]);
    clock.advance(1);
    await reader.describeTargetGroups([tg(6)]);
    expect(api.calls.at(-1)).toEqual(['*']);
  });

  it('stops listing a Region with many more target groups than it uses', async () => {
    const api = listingElb(fleet(1000));
    const clock = manualClock();
    const reader = new TargetGroupReader({ api, ttlMs: 1000, listingIntervalMs: 10, clock });
    await reader.describeTargetGroups([tg(0)]);
    expect(reader.stats()).toEqual({ hits: 0, calls: 3, listings: 1 });
    // Every kept answer has expired: 3 pages cost more than reading the one in use by ARN.
    clock.advance(5000);
    await reader.describeTargetGroups([tg(1)]);
    expect(api.calls).toEqual([['*'], [tg(1)]]);
  });

  it('reads by ARN when the listing fails', async () => {
    const api = listingElb(fleet(2));
    api.listTargetGroups = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });
    };
    const reader = new TargetGroupReader({ api, ttlMs: 1000, clock: manualClock() });
    await expect(reader.describeTargetGroups([tg(1)])).resolves.toHaveLength(1);
    expect(api.calls).toEqual([[tg(1)]]);
    expect(reader.stats().listings).toBe(1);
  });
});
