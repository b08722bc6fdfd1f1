/* eslint-disable @typescript-eslint/require-await -- fakes answer like the async APIs they stand for */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { ALARM_NAMES_PER_CALL } from './cloudwatch-api.js';
import { ReferencedAlarmReads } from './referenced-alarm-reads.js';
import { FakeClock } from '../shared/testing/fake-clock.js';

const alarm = (name: string, threshold = 1): MetricAlarm => ({ AlarmName: name, Threshold: threshold });

/** CloudWatch by name: one DescribeAlarms call per 100 names, as the edge chunks them. */
function fakeCloudWatch(alarms: Map<string, MetricAlarm>) {
  const state = { calls: 0, fail: false };
  const describeAlarms = async (names: readonly string[]): Promise<MetricAlarm[]> => {
    state.calls += Math.ceil(names.length / ALARM_NAMES_PER_CALL);
    if (state.fail) throw new Error('Throttling');
    return names.flatMap((n) => (alarms.has(n) ? [{ ...(alarms.get(n) as MetricAlarm) }] : []));
  };
  return { describeAlarms, state };
}

function setup(alarmCount: number) {
  const clock = new FakeClock();
  const alarms = new Map(
    Array.from({ length: alarmCount }, (_, i) => [`team-alarm-${i}`, alarm(`team-alarm-${i}`)] as const),
  );
  const cw = fakeCloudWatch(alarms);
  const reads = new ReferencedAlarmReads({ describeAlarms: cw.describeAlarms, maxAgeMs: 1000, clock });
  return { reads, alarms, cw, at: (t: number) => clock.advance(t - clock.now()) };
}

/** One resync of a fleet: each of `services` services asks for its own two referenced alarms. */
async function resync(reads: ReferencedAlarmReads, services: number): Promise<MetricAlarm[][]> {
  return Promise.all(
    Array.from({ length: services }, (_, i) =>
      reads.describeAlarms([`team-alarm-${2 * i}`, `team-alarm-${2 * i + 1}`]),
    ),
  );
}

describe('ReferencedAlarmReads', () => {
  it('reads every referenced alarm of the Region in one call per 100 names per period', async () => {
    const { reads, cw, at } = setup(300);
    // The first period: the first ask starts a batch of its own names, the others are new names
    // and read on their own (as a per-visit read would), each ask once.
    const first = await resync(reads, 150);
    expect(first.every((a) => a.length === 2)).toBe(true);
    expect(cw.state.calls).toBe(150);

    // Every later period: 300 names known, one batch of ⌈300 / 100⌉ calls for the whole fleet.
    for (const [period, t] of [1001, 2002, 3003].entries()) {
      cw.state.calls = 0;
      at(t);
      const answers = await resync(reads, 150);
      expect(answers.flat().map((a) => a.AlarmName)).toHaveLength(300);
      expect(cw.state.calls, `period ${period + 2}`).toBe(3);
    }
    // Within a period, a second visit of every service costs nothing.
    cw.state.calls = 0;
    at(3500);
    await resync(reads, 150);
    expect(cw.state.calls).toBe(0);
    expect(reads.stats()).toMatchObject({ batches: 4 });
  });

  it('sees a change made in CloudWatch at most maxAgeMs later, and an alarm that is gone as absent', async () => {
    const { reads, alarms, at } = setup(2);
    await expect(reads.describeAlarms(['team-alarm-0'])).resolves.toEqual([alarm('team-alarm-0')]);
    alarms.set('team-alarm-0', alarm('team-alarm-0', 9));
    at(1000);
    await expect(reads.describeAlarms(['team-alarm-0'])).resolves.toEqual([alarm('team-alarm-0')]);
    at(1001);
    await expect(reads.describeAlarms(['team-alarm-0'])).resolves.toEqual([alarm('team-alarm-0', 9)]);
    alarms.delete('team-alarm-0');
    at(2002);
    await expect(reads.describeAlarms(['team-alarm-0', 'team-alarm-1'])).resolves.toEqual([
      alarm('team-alarm-1'),
    ]);
  });

  it('drops a name nobody asked for in three periods from the batch', async () => {
    const { reads, cw, at } = setup(300);
    await resync(reads, 150); // 300 names known
    at(1001);
    await reads.describeAlarms(['team-alarm-0']); // one batch of 300 names: 3 calls
    at(4000);
    cw.state.calls = 0;
    await reads.describeAlarms(['team-alarm-0']); // only team-alarm-0 asked since 1001 - 3000
    expect(cw.state.calls).toBe(1);
  });

  it('fails the askers of a failed batch, and the next ask starts another', async () => {
    const { reads, cw } = setup(2);
    cw.state.fail = true;
    await expect(reads.describeAlarms(['team-alarm-0'])).rejects.toThrow('Throttling');
    cw.state.fail = false;
    cw.state.calls = 0;
    await expect(reads.describeAlarms(['team-alarm-0'])).resolves.toEqual([alarm('team-alarm-0')]);
    expect(cw.state.calls).toBe(1);
  });
});
