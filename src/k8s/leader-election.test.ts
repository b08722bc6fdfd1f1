import { ApiException } from '@kubernetes/client-node';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { createSilentLogger } from '../observability/logger.js';
import { LeaderElector, validateLeaderElectionTiming, type LeaderCallbacks } from './leader-election.js';
import type { LeaseClient } from './lease-client.js';
import type { LeaderElectionRecord, LeaseSnapshot } from './lease-decision.js';

/** One Lease in memory with the API server's optimistic concurrency. */
class LeaseStore {
  current: LeaseSnapshot | undefined;
  private version = 0;
  writes: LeaderElectionRecord[] = [];

  write(record: LeaderElectionRecord): LeaseSnapshot {
    this.version += 1;
    this.current = { record, resourceVersion: String(this.version), object: {} };
    this.writes.push(record);
    return this.current;
  }
}

/** A client of the store; `mode` makes its calls fail or hang, as a partitioned replica's would. */
class MemoryLeaseClient implements LeaseClient {
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  /** While set, calls reach the store only once it resolves (a slow API server). */
  held: Promise<void> | undefined;
  calls = 0;
  constructor(private readonly store: LeaseStore) {}

  describe(): string {
    return 'test/lease';
  }
  get(): Promise<LeaseSnapshot | undefined> {
    return this.guard(() => this.store.current);
  }
  create(record: LeaderElectionRecord): Promise<LeaseSnapshot> {
    return this.guard(() => {
      if (this.store.current !== undefined) throw new ApiException(409, 'AlreadyExists', '{}', {});
      return this.store.write(record);
    });
  }
  update(base: LeaseSnapshot, record: LeaderElectionRecord): Promise<LeaseSnapshot> {
    return this.guard(() => {
      if (this.store.current?.resourceVersion !== base.resourceVersion) {
        throw new ApiException(409, 'Conflict', '{}', {});
      }
      return this.store.write(record);
    });
  }
  private guard<T>(fn: () => T): Promise<T> {
    const held = this.held;
    if (held !== undefined) return held.then(() => this.guard(fn));
    this.calls += 1;
    if (this.mode === 'hang') return new Promise<T>(() => undefined);
    if (this.mode === 'fail') return Promise.reject(new Error('connect ECONNREFUSED'));
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
}

interface Candidate {
  readonly client: MemoryLeaseClient;
  readonly elector: LeaderElector;
  readonly stop: AbortController;
  readonly log: string[];
  leadingSignal?: AbortSignal;
  done: Promise<void>;
}

function candidate(store: LeaseStore, clock: FakeClock, identity: string): Candidate {
  const client = new MemoryLeaseClient(store);
  const elector = new LeaderElector({
    lease: client,
    identity,
    log: createSilentLogger(),
    clock,
    random: () => 0,
    wallClock: () => new Date(Date.UTC(2030, 0, 1) + clock.now()),
  });
  const c: Candidate = { client, elector, stop: new AbortController(), log: [], done: Promise.resolve() };
  const callbacks: LeaderCallbacks = {
    onStartedLeading: (signal) => {
      c.log.push(`started@${clock.now()}`);
      c.leadingSignal = signal;
    },
    onStoppedLeading: () => c.log.push(`stopped@${clock.now()}`),
    onNewLeader: (id) => c.log.push(`leader:${id}`),
  };
  c.done = elector.run(callbacks, c.stop.signal);
  return c;
}

/** Cancels `c` and waits until it has finished (and released the Lease, if it held it). */
async function leave(clock: FakeClock, c: Candidate): Promise<void> {
  c.stop.abort();
  await clock.tickAsync(0);
  await c.done;
}

/** Candidate `a`, leading from time 0, and `b`, which joins after it and waits. */
async function leaderAndFollower(store: LeaseStore, clock: FakeClock): Promise<Record<'a' | 'b', Candidate>> {
  const a = candidate(store, clock, 'a');
  await clock.tickAsync(0);
  return { a, b: candidate(store, clock, 'b') };
}

/** Writes the Lease as someone else would (`kubectl`, another replica): a new resourceVersion. */
function writeLease(store: LeaseStore, change: (record: LeaderElectionRecord) => LeaderElectionRecord): void {
  const current = store.current;
  if (current === undefined) throw new Error('no lease');
  store.write(change(current.record));
}

describe('LeaderElector', () => {
  let clock: FakeClock;
  let store: LeaseStore;
  beforeEach(() => {
    clock = new FakeClock();
    store = new LeaseStore();
  });

  it('lets exactly one of two candidates lead, and keeps it leading while it renews', async () => {
    const a = candidate(store, clock, 'a');
    const b = candidate(store, clock, 'b');
    await clock.tickAsync(60_000);
    expect([a.elector.isLeader(), b.elector.isLeader()]).toEqual([true, false]);
    expect(a.log).toEqual(['leader:a', 'started@0']);
    expect(b.log).toEqual(['leader:a']);
    expect(store.current?.record).toMatchObject({ holderIdentity: 'a', leaseTransitions: 0 });
    // Renewed every retry period: about 30 writes in a minute.
    expect(store.writes.length).toBeGreaterThanOrEqual(29);
    expect(store.current?.record.renewTime).toBe('2030-01-01T00:01:00.000000Z');
    a.stop.abort();
    b.stop.abort();
    await Promise.all([a.done, b.done]);
  });

  it('releases on cancel so the other takes over within one jittered retry period', async () => {
    const { a, b } = await leaderAndFollower(store, clock);
    await clock.tickAsync(10_000);
    await leave(clock, a);
    expect(a.log).toEqual(['leader:a', 'started@0', 'stopped@10000']);
    expect(a.leadingSignal?.aborted).toBe(true);
    expect(store.current?.record.holderIdentity).toBe('');
    await clock.tickAsync(2_000);
    expect(b.elector.isLeader()).toBe(true);
    expect(b.log.at(-1)).toMatch(/^started@1[02]000$/);
    expect(store.current?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    b.stop.abort();
    await b.done;
  });

  it('releases even when cancelled while a renewal is still on its way to the API server', async () => {
    const a = candidate(store, clock, 'a');
    await clock.tickAsync(0);
    let arrive = (): void => undefined;
    a.client.held = new Promise<void>((resolve) => (arrive = resolve));
    await clock.tickAsync(2_000); // the renewal is sent and waits
    a.stop.abort();
    await clock.tickAsync(0);
    a.client.held = undefined;
    arrive(); // the renewal lands first and moves the resourceVersion on
    await clock.tickAsync(0);
    await a.done;
    expect(store.writes.map((w) => w.holderIdentity)).toEqual(['a', 'a', '']);
    expect(a.log).toEqual(['leader:a', 'started@0', 'stopped@2000']);
  });

  it('releases after someone else wrote the Lease, when it is still held by this replica', async () => {
    const a = candidate(store, clock, 'a');
    await clock.tickAsync(1_000);
    writeLease(store, (record) => record); // e.g. `kubectl label lease`: the same record
    await leave(clock, a);
    expect(store.current?.record.holderIdentity).toBe('');
  });

  it('does not release a Lease that another replica took meanwhile', async () => {
    const a = candidate(store, clock, 'a');
    await clock.tickAsync(1_000);
    writeLease(store, (record) => ({ ...record, holderIdentity: 'b', leaseTransitions: 1 }));
    await leave(clock, a);
    expect(store.current?.record).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('takes over a crashed leader’s lease after leaseDuration of its own clock', async () => {
    const { a, b } = await leaderAndFollower(store, clock);
    await clock.tickAsync(4_000);
    a.client.mode = 'hang'; // a dies silently: it neither renews nor releases
    await clock.tickAsync(14_000);
    expect(b.elector.isLeader()).toBe(false);
    await clock.tickAsync(6_000);
    expect(b.elector.isLeader()).toBe(true);
    b.stop.abort();
    a.stop.abort();
    await b.done;
  });

  it.each(['fail', 'hang'] as const)(
    'stops a leader at once when its renewals %s until the renew deadline',
    async (mode) => {
      const a = candidate(store, clock, 'a');
      await clock.tickAsync(3_000);
      expect(a.elector.isLeader()).toBe(true);
      a.client.mode = mode;
      // Last renewal at 2 s; the next round starts at 4 s and gives up 10 s later.
      await clock.tickAsync(10_999);
      expect(a.elector.isLeader()).toBe(true);
      await clock.tickAsync(1);
      expect(a.elector.isLeader()).toBe(false);
      expect(a.leadingSignal?.aborted).toBe(true);
      expect(a.log.at(-1)).toBe('stopped@14000');
      await a.done;
      // A lost leader does not try to release a lease it may no longer hold.
      expect(store.current?.record.holderIdentity).toBe('a');
    },
  );

  it('never starts leading when cancelled while waiting, and then calls nothing', async () => {
    const { a, b } = await leaderAndFollower(store, clock);
    await clock.tickAsync(3_000);
    await leave(clock, b);
    expect(b.log).toEqual(['leader:a']);
    a.stop.abort();
    await a.done;
  });

  it('runs once', async () => {
    const c = candidate(new LeaseStore(), clock, 'a');
    c.stop.abort();
    await c.done;
    await expect(
      c.elector.run({ onStartedLeading: () => undefined, onStoppedLeading: () => undefined }, c.stop.signal),
    ).rejects.toThrow(/runs once/);
  });

  it.each([
    [{ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 }, undefined],
    [{ leaseDurationMs: 10_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 }, /leaseDuration/],
    [{ leaseDurationMs: 15_000, renewDeadlineMs: 2_400, retryPeriodMs: 2_000 }, /renewDeadline/],
    [{ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 0 }, /retryPeriod/],
    [{ leaseDurationMs: 15_500, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 }, /whole seconds/],
  ])('validates timing %j', (timing, error) => {
    if (error === undefined) expect(() => validateLeaderElectionTiming(timing)).not.toThrow();
    else expect(() => validateLeaderElectionTiming(timing)).toThrow(error);
  });
});
