import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  DescribeServicesReadAhead,
  isSettledService,
  readAheadAgeForPeriod,
} from './describe-services-read-ahead.js';

const settled = (name: string, extra: Partial<Service> = {}): Service => ({
  serviceName: name,
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED' }],
  ...extra,
});

/** Asks for every name once at `now`, then answers each as settled (as a normal call would). */
function learn(ra: DescribeServicesReadAhead, names: readonly string[], now: number): void {
  for (const name of names) {
    ra.ask('c', name, name, now);
    ra.settle('c', name, settled(name), { at: now, epoch: ra.epochOf('c', name), readAhead: false });
  }
}

describe('isSettledService', () => {
  it.each<[string, Partial<Service>, boolean]>([
    ['one completed deployment, all running', {}, true],
    ['rollout in progress', { deployments: [{ rolloutState: 'IN_PROGRESS' }] }, false],
    ['two deployments', { deployments: [{ rolloutState: 'COMPLETED' }, { status: 'ACTIVE' }] }, false],
    ['fewer running than desired', { runningCount: 1 }, false],
    ['tasks pending', { pendingCount: 1 }, false],
    ['draining', { status: 'DRAINING' }, false],
    ['no rollout state (not the ECS deployment controller)', { deployments: [{ status: 'PRIMARY' }] }, true],
  ])('%s: %s', (_label, extra, expected) => {
    expect(isSettledService(settled('web', extra))).toBe(expected);
  });
});

describe('readAheadAgeForPeriod', () => {
  it('keeps the age within a fifth of the resync period, and leaves it without a period', () => {
    // The default age against the default period: already a fifth.
    expect(readAheadAgeForPeriod(120_000, 600_000)).toBe(120_000);
    // A 4 s period (the integration world's): 800 ms, not 120 s.
    expect(readAheadAgeForPeriod(120_000, 4_000)).toBe(800);
    // A shorter age than the cap stands.
    expect(readAheadAgeForPeriod(10_000, 600_000)).toBe(10_000);
    // Resync off (0) or unknown: nothing to anchor on, the age stands.
    expect(readAheadAgeForPeriod(120_000, 0)).toBe(120_000);
    expect(readAheadAgeForPeriod(120_000, undefined)).toBe(120_000);
  });
});

describe('DescribeServicesReadAhead', () => {
  it('offers settled services, oldest ask first, skipping excluded ones', () => {
    const ra = new DescribeServicesReadAhead({ maxAgeMs: 1000 });
    learn(ra, ['a'], 0);
    learn(ra, ['b'], 10);
    learn(ra, ['c'], 20);
    ra.ask('c', 'moving', 'moving', 5);
    ra.settle('c', 'moving', settled('moving', { runningCount: 0 }), { at: 5, epoch: 0, readAhead: false });
    expect(ra.candidates('c', new Set(['b']), 9, 30).map((c) => c.name)).toEqual(['a', 'c']);
    expect(ra.candidates('c', new Set(), 1, 30).map((c) => c.name)).toEqual(['a']);
    expect(ra.candidates('other', new Set(), 9, 30)).toEqual([]);
  });

  it('serves a read-ahead answer once, within its age', () => {
    const ra = new DescribeServicesReadAhead({ maxAgeMs: 1000 });
    learn(ra, ['a', 'b'], 0);
    const [b] = ra.candidates('c', new Set(['a']), 9, 100);
    expect(b?.name).toBe('b');
    ra.settle('c', 'b', settled('b'), { at: 100, epoch: b?.epoch ?? -1, readAhead: true });
    expect(ra.ask('c', 'b', 'b', 1100)).toMatchObject({ service: { serviceName: 'b' }, at: 100 });
    expect(ra.ask('c', 'b', 'b', 1101)).toBeUndefined();
    expect(ra.stats()).toEqual({ hits: 1, readAhead: 1, dropped: 0 });
  });

  it('drops a read-ahead answer that is too old', () => {
    const ra = new DescribeServicesReadAhead({ maxAgeMs: 1000 });
    learn(ra, ['b'], 0);
    ra.settle('c', 'b', settled('b'), { at: 100, epoch: 0, readAhead: true });
    expect(ra.ask('c', 'b', 'b', 1101)).toBeUndefined();
    expect(ra.stats().dropped).toBe(1);
  });

  it.each<[string, Partial<Service> | undefined]>([
    ['in motion', { deployments: [{ rolloutState: 'IN_PROGRESS' }] }],
    ['inactive', { status: 'INACTIVE' }],
    ['missing', undefined],
  ])('never keeps an answer of a service %s', (_label, extra) => {
    const ra = new DescribeServicesReadAhead({ maxAgeMs: 1000 });
    learn(ra, ['b'], 0);
    ra.settle('c', 'b', extra === undefined ? undefined : settled('b', extra), {
      at: 100,
      epoch: 0,
      readAhead: true,
    });
    expect(ra.ask('c', 'b', 'b', 200)).toBeUndefined();
  });

  it('forgets a service that is gone', () => {
    const ra = new DescribeServicesReadAhead({ maxAgeMs: 1000 });
    learn(ra, ['a', 'b'], 0);
    ra.settle('c', 'b', undefined, { at: 10, epoch: 0, readAhead: false });
    expect(ra.candidates('c', new Set(), 9, 20).map((c) => c.name)).toEqual(['a']);
  });

  it('never serves or keeps an answer read before a write', () => {
    const ra = new DescribeServicesReadAhead({ maxAgeMs: 1000 });
    learn(ra, ['b'], 0);
    // Kept, then written to: dropped.
    ra.settle('c', 'b', settled('b'), { at: 10, epoch: 0, readAhead: true });
    ra.invalidate('c', 'b');
    expect(ra.ask('c', 'b', 'b', 20)).toBeUndefined();
    // Read under the old epoch, answered after the write: not kept, and the service is not
    // offered again until a fresh answer says it is settled.
    ra.settle('c', 'b', settled('b'), { at: 30, epoch: 0, readAhead: true });
    expect(ra.ask('c', 'b', 'b', 40)).toBeUndefined();
    expect(ra.candidates('c', new Set(), 9, 50)).toEqual([]);
    ra.settle('c', 'b', settled('b'), { at: 60, epoch: ra.epochOf('c', 'b'), readAhead: false });
    expect(ra.candidates('c', new Set(), 9, 70).map((c) => c.name)).toEqual(['b']);
  });

  it('forgets services not asked for within forgetAfterMs', () => {
    const ra = new DescribeServicesReadAhead({ maxAgeMs: 100, forgetAfterMs: 1000 });
    learn(ra, ['old'], 0);
    learn(ra, ['new'], 900);
    expect(ra.candidates('c', new Set(), 9, 1001).map((c) => c.name)).toEqual(['new']);
    learn(ra, ['new'], 1001);
    expect(ra.candidates('c', new Set(), 9, 1002).map((c) => c.name)).toEqual(['new']);
  });

  it('refuses a maxAgeMs that is not positive', () => {
    expect(() => new DescribeServicesReadAhead({ maxAgeMs: 0 })).toThrow(RangeError);
  });
});
