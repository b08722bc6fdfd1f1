import { describe, expect, it } from 'vitest';
import {
  decideLease,
  isLeaseValid,
  releaseRecord,
  type LeaderElectionRecord,
  type LeaseSnapshot,
  type Observation,
} from './lease-decision.js';

const T0 = '2030-01-01T00:00:00.000000Z';
const T1 = '2030-01-01T00:00:05.000000Z';
const NOW = '2030-01-01T00:01:00.000000Z';

const record = (holderIdentity: string, extra: Partial<LeaderElectionRecord> = {}): LeaderElectionRecord => ({
  holderIdentity,
  leaseDurationSeconds: 15,
  acquireTime: T0,
  renewTime: T0,
  leaseTransitions: 3,
  ...extra,
});
const snapshot = (r: LeaderElectionRecord, resourceVersion = '100'): LeaseSnapshot => ({
  record: r,
  resourceVersion,
  object: {},
});
const decide = (current: LeaseSnapshot | undefined, observed: Observation, now: number) =>
  decideLease({ identity: 'me', leaseDurationSeconds: 15, now, wallTime: NOW, current, observed });

describe('decideLease (client-go tryAcquireOrRenew)', () => {
  it('creates a missing lease with us as holder and no transitions', () => {
    expect(decide(undefined, { time: 0 }, 1_000).action).toEqual({
      kind: 'create',
      record: {
        holderIdentity: 'me',
        leaseDurationSeconds: 15,
        acquireTime: NOW,
        renewTime: NOW,
        leaseTransitions: 0,
      },
    });
  });

  it.each([
    ['first sight of a lease held by another', { time: 0 }, 50_000, 'none'],
    ['unchanged for 14.999 s of our clock', { record: record('other'), time: 50_000 }, 64_999, 'none'],
    ['unchanged for exactly 15 s of our clock', { record: record('other'), time: 50_000 }, 65_000, 'update'],
    ['unchanged for a minute', { record: record('other'), time: 0 }, 60_000, 'update'],
  ] as const)('%s → %s', (_name, observed, now, kind) => {
    expect(decide(snapshot(record('other')), observed, now).action.kind).toBe(kind);
  });

  it('restarts the expiry clock whenever the record changes (a renewing holder keeps the lease)', () => {
    const stale: Observation = { record: record('other'), time: 0 };
    const renewed = snapshot(record('other', { renewTime: T1 }));
    const decision = decide(renewed, stale, 60_000);
    expect(decision.action.kind).toBe('none');
    expect(decision.observed).toEqual({ record: renewed.record, time: 60_000 });
  });

  it('never compares the holder’s renewTime with our clock', () => {
    // A renewTime far in the past (the holder's clock is behind) does not make the lease expired.
    const old = snapshot(record('other', { renewTime: '1999-01-01T00:00:00.000000Z' }));
    expect(decide(old, { time: 0 }, 1_000).action.kind).toBe('none');
  });

  it('takes over an expired lease: one more transition, acquireTime now, on the read version', () => {
    const current = snapshot(record('other'), '42');
    const { action } = decide(current, { record: current.record, time: 0 }, 20_000);
    expect(action).toEqual({
      kind: 'update',
      base: current,
      record: {
        holderIdentity: 'me',
        leaseDurationSeconds: 15,
        acquireTime: NOW,
        renewTime: NOW,
        leaseTransitions: 4,
      },
    });
  });

  it('renews its own lease keeping acquireTime and transitions', () => {
    const current = snapshot(record('me'));
    const { action } = decide(current, { record: current.record, time: 1_000 }, 2_000);
    expect(action).toMatchObject({
      kind: 'update',
      record: { acquireTime: T0, renewTime: NOW, leaseTransitions: 3 },
    });
  });

  it('takes a released lease at once, however fresh', () => {
    const released = snapshot(releaseRecord(record('other'), T1));
    const { action } = decide(released, { time: 0 }, 1_000);
    expect(action).toMatchObject({ kind: 'update', record: { holderIdentity: 'me', leaseTransitions: 4 } });
  });

  it('judges validity by the observed record’s own duration', () => {
    const observed: Observation = { record: record('other', { leaseDurationSeconds: 1 }), time: 0 };
    expect(isLeaseValid(observed, 999)).toBe(true);
    expect(isLeaseValid(observed, 1_000)).toBe(false);
    expect(isLeaseValid({ time: 0 }, 0)).toBe(false);
  });

  it('releases with no holder, a one-second duration and the transition count kept', () => {
    expect(releaseRecord(record('me'), NOW)).toEqual({
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: NOW,
      renewTime: NOW,
      leaseTransitions: 3,
    });
  });
});
