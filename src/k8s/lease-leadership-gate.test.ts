import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { createSilentLogger } from '../observability/logger.js';
import type { LeaseClient } from './lease-client.js';
import type { LeaderElectionRecord, LeaseSnapshot } from './lease-decision.js';
import { LeaseLeadershipGate } from './lease-leadership-gate.js';

/** One Lease in memory; `down` makes every call fail as an unreachable API server would. */
class FlakyLease implements LeaseClient {
  current: LeaseSnapshot | undefined;
  down = false;
  private version = 0;
  describe(): string {
    return 'test/lease';
  }
  get(): Promise<LeaseSnapshot | undefined> {
    return this.down
      ? Promise.reject(new Error('connect ECONNREFUSED\nmore lines'))
      : Promise.resolve(this.current);
  }
  create(record: LeaderElectionRecord): Promise<LeaseSnapshot> {
    return this.write(record);
  }
  update(_base: LeaseSnapshot, record: LeaderElectionRecord): Promise<LeaseSnapshot> {
    return this.write(record);
  }
  private write(record: LeaderElectionRecord): Promise<LeaseSnapshot> {
    if (this.down) return Promise.reject(new Error('connect ECONNREFUSED'));
    this.version += 1;
    this.current = { record, resourceVersion: String(this.version), object: {} };
    return Promise.resolve(this.current);
  }
}

function setup(initial?: LeaseSnapshot) {
  const clock = new FakeClock();
  const lease = new FlakyLease();
  lease.current = initial;
  const calls: string[] = [];
  const gate = new LeaseLeadershipGate({
    lease,
    identity: 'me',
    log: createSilentLogger(),
    clock,
    random: () => 0,
  });
  const stop = new AbortController();
  const done = gate.run(
    {
      onStartedLeading: () => calls.push(`started@${clock.now()}`),
      onStoppedLeading: () => calls.push(`stopped@${clock.now()}`),
    },
    stop.signal,
  );
  return { clock, lease, calls, gate, stop, done };
}

describe('LeaseLeadershipGate', () => {
  it('campaigns again after a lost term, so callbacks alternate', async () => {
    const { clock, lease, calls, gate, stop, done } = setup();
    await clock.tickAsync(1_000);
    expect(gate.health()).toEqual({ leading: true, healthy: true, detail: 'leading as me' });
    lease.down = true;
    await clock.tickAsync(13_000); // renewal from 2 s misses its 12 s deadline
    expect(calls).toEqual(['started@0', 'stopped@12000']);
    lease.down = false;
    await clock.tickAsync(5_000);
    expect(calls).toEqual(['started@0', 'stopped@12000', expect.stringMatching(/^started@1[46]000$/)]);
    stop.abort();
    await clock.tickAsync(0);
    await done;
  });

  it('releases on abort and calls nothing after it', async () => {
    const { clock, lease, calls, stop, done } = setup();
    await clock.tickAsync(3_000);
    stop.abort();
    await clock.tickAsync(0);
    await done;
    expect(calls).toEqual(['started@0']);
    expect(lease.current?.record.holderIdentity).toBe('');
  });

  it('is healthy standing by while it can read the lease, and says who leads', async () => {
    const { clock, lease, gate, stop, done } = setup({
      record: { holderIdentity: 'other', leaseDurationSeconds: 15, leaseTransitions: 0, renewTime: 'x' },
      resourceVersion: '1',
      object: {},
    });
    await clock.tickAsync(1_000);
    expect(gate.health()).toEqual({ leading: false, healthy: true, detail: 'standing by; leader is other' });
    lease.down = true; // last read at 0 s
    await clock.tickAsync(14_000);
    expect(gate.health().healthy).toBe(true);
    await clock.tickAsync(2_000);
    expect(gate.health()).toEqual({
      leading: false,
      healthy: false,
      detail: expect.stringMatching(/^lease not read for 17 s: connect ECONNREFUSED$/),
    });
    stop.abort();
    await clock.tickAsync(0);
    await done;
  });

  it('is not healthy before it runs', () => {
    const gate = new LeaseLeadershipGate({
      lease: new FlakyLease(),
      identity: 'me',
      log: createSilentLogger(),
    });
    expect(gate.health()).toMatchObject({ healthy: false, leading: false });
  });

  it('rejects bad timing when built', () => {
    expect(
      () =>
        new LeaseLeadershipGate({
          lease: new FlakyLease(),
          identity: 'me',
          log: createSilentLogger(),
          renewDeadlineMs: 20_000,
        }),
    ).toThrow(/leaseDuration/);
  });
});
