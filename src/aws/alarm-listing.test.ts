/* eslint-disable @typescript-eslint/require-await -- fakes answer like the async APIs they stand for */
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { withAlarmListing } from './alarm-listing.js';
import type { CloudWatchEdge } from './cloudwatch-client.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { KeyedItems } from './testing/keyed-items.js';

const alarm = (name: string, threshold = 1): MetricAlarm => ({ AlarmName: name, Threshold: threshold });

function fakeApi(initial: readonly MetricAlarm[]) {
  const alarms = new KeyedItems((a: MetricAlarm) => a.AlarmName, initial);
  const api = {
    listAlarmsUpTo: async (prefix: string) => ({
      items: alarms.list(`list ${prefix}`).filter((a) => a.AlarmName?.startsWith(prefix)),
      complete: true,
    }),
    describeAlarms: async (names: readonly string[]) => alarms.describe(names),
    putMetricAlarm: async (input: { AlarmName?: string; Threshold?: number }) =>
      alarms.put(`put ${input.AlarmName}`, alarm(input.AlarmName ?? '', input.Threshold)),
    deleteAlarms: async (names: readonly string[]) => alarms.delete(`delete ${names.join(',')}`, names),
    destroy: () => undefined,
  } as unknown as CloudWatchEdge;
  return { api, calls: alarms.calls };
}

describe('withAlarmListing', () => {
  it('answers owned names from one prefix listing, others by name in one call, and a written alarm on its own', async () => {
    const clock = new FakeClock();
    const { api, calls } = fakeApi(
      ['ecs-bridge-a', 'ecs-bridge-b', 'team-high-cpu', 'team-low-cpu'].map((name) => alarm(name)),
    );
    const cw = withAlarmListing(api, { prefix: 'ecs-bridge-', maxAgeMs: 1000, clock });
    await expect(cw.describeAlarms(['ecs-bridge-a'])).resolves.toEqual([alarm('ecs-bridge-a')]);
    await expect(cw.describeAlarms(['ecs-bridge-b', 'ecs-bridge-none'])).resolves.toEqual([
      alarm('ecs-bridge-b'),
    ]);
    await expect(cw.describeAlarms(['team-high-cpu', 'team-low-cpu'])).resolves.toHaveLength(2);
    expect(calls).toEqual(['list ecs-bridge-', 'describe team-high-cpu,team-low-cpu']);
    clock.advance(1);
    await cw.putMetricAlarm({
      AlarmName: 'ecs-bridge-a',
      Threshold: 7,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    await expect(cw.describeAlarms(['ecs-bridge-a'])).resolves.toEqual([alarm('ecs-bridge-a', 7)]);
    await cw.deleteAlarms(['ecs-bridge-b']);
    await expect(cw.describeAlarms(['ecs-bridge-b'])).resolves.toEqual([]);
    expect(calls.slice(2)).toEqual([
      'put ecs-bridge-a',
      'describe ecs-bridge-a',
      'delete ecs-bridge-b',
      'describe ecs-bridge-b',
    ]);
  });
});
